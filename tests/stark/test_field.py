"""Stark252 arithmetic, roots of unity and the canonical encoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stark import field
from stark.field import GENERATOR, TWO_ADICITY, P

felts = st.integers(min_value=0, max_value=P - 1)
nonzero = st.integers(min_value=1, max_value=P - 1)


def test_modulus_and_two_adicity():
    assert P == 2**251 + 17 * 2**192 + 1
    assert (P - 1) % (1 << TWO_ADICITY) == 0
    assert ((P - 1) >> TWO_ADICITY) % 2 == 1


def test_generator_is_a_non_residue():
    # 3 generates the 2-Sylow part: 3^((p-1)/2) = -1
    assert pow(GENERATOR, (P - 1) // 2, P) == P - 1


@pytest.mark.parametrize("log_n", [0, 1, 2, 5, 17, 64, 191, 192])
def test_roots_have_exact_order(log_n):
    w = field.root_of_unity(log_n)
    assert pow(w, 1 << log_n, P) == 1
    if log_n:
        assert pow(w, 1 << (log_n - 1), P) == P - 1


def test_root_out_of_range():
    with pytest.raises(ValueError):
        field.root_of_unity(193)


@given(nonzero)
def test_inverse(a):
    assert field.mul(a, field.inv(a)) == 1


def test_inverse_of_zero():
    with pytest.raises(ZeroDivisionError):
        field.inv(0)
    with pytest.raises(ZeroDivisionError):
        field.batch_inverse([1, 0, 2])


@given(st.lists(nonzero, max_size=20))
def test_batch_inverse(values):
    assert field.batch_inverse(values) == [field.inv(v) for v in values]


@given(felts, felts)
def test_ring_laws(a, b):
    assert field.add(a, b) == (a + b) % P
    assert field.sub(field.add(a, b), b) == a
    assert field.neg(field.neg(a)) == a
    if b:
        assert field.mul(field.div(a, b), b) == a


@given(felts)
def test_encoding_round_trip(a):
    data = field.to_bytes(a)
    assert len(data) == 32
    assert field.from_bytes(data) == a


def test_non_reduced_encoding_rejected():
    with pytest.raises(ValueError):
        field.from_bytes(P.to_bytes(32, "big"))
    with pytest.raises(ValueError):
        field.from_bytes(b"\x00" * 31)


def test_signed_view():
    assert field.to_signed(P - 1) == -1
    assert field.to_signed(5) == 5
