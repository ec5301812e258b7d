"""The Fiat-Shamir transcript."""

from __future__ import annotations

from stark.field import P
from stark.transcript import Transcript, leading_zero_bits


def test_deterministic_and_separated():
    a, b = Transcript(b"x"), Transcript(b"x")
    a.absorb(b"m", b"hello")
    b.absorb(b"m", b"hello")
    assert a.squeeze_felt() == b.squeeze_felt()
    c = Transcript(b"y")
    c.absorb(b"m", b"hello")
    d = Transcript(b"x")
    d.absorb(b"n", b"hello")
    assert len({a.state, c.state, d.state}) == 3


def test_label_and_message_boundaries_are_unambiguous():
    a, b = Transcript(b"x"), Transcript(b"x")
    a.absorb(b"ab", b"c")
    b.absorb(b"a", b"bc")
    assert a.state != b.state


def test_squeezed_values_in_range():
    t = Transcript(b"r")
    for _ in range(200):
        assert 0 <= t.squeeze_felt() < P
        assert 0 <= t.squeeze_index(5) < 32


def test_indices_cover_the_range():
    t = Transcript(b"cover")
    seen = {t.squeeze_index(3) for _ in range(200)}
    assert seen == set(range(8))


def test_grinding():
    t = Transcript(b"pow")
    nonce = t.grind(10)
    assert t.check_pow(nonce, 10)
    assert leading_zero_bits(t.pow_digest(nonce)) >= 10
    assert t.check_pow(12345, 0)
    assert not t.check_pow(1 << 64, 0)
    bad = next(k for k in range(1000) if leading_zero_bits(t.pow_digest(k)) < 10)
    assert not t.check_pow(bad, 10)
