"""Compiled BLAKE2s, leaves, Merkle levels and grinding against hashlib and the protocol code."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from stark.field import P
from stark.kernels import blake2s
from stark.kernels.leaves import digests_to_bytes, leaf_digests, merkle_levels
from stark.kernels.limbs import to_mont
from stark.merkle import MerkleTree, hash_leaf, hash_node
from stark.transcript import Transcript

from .conftest import field_column


@pytest.mark.parametrize("person", [b"", b"stkleaf", b"8bytes!!"])
@pytest.mark.parametrize("length", [0, 1, 3, 4, 31, 32, 63, 64, 65, 127, 128, 129, 1000, 4160])
def test_rows_match_hashlib(person, length):
    rows = np.random.default_rng(length).integers(0, 256, size=(4, length), dtype=np.uint8)
    got = blake2s.hash_rows(rows, blake2s.initial_state(person))
    for row, digest in zip(rows, got, strict=True):
        expected = hashlib.blake2s(row.tobytes(), digest_size=32, person=person).digest()
        assert digest.tobytes() == expected


def test_personalisation_too_long():
    with pytest.raises(ValueError, match="8 bytes"):
        blake2s.initial_state(b"123456789")


@pytest.mark.parametrize("width", [1, 2, 7])
@pytest.mark.parametrize("log_rows", [1, 2, 6])
def test_leaves_match_reference(numba_kernels, python_kernels, rng, width, log_rows):
    columns = [field_column(rng, 1 << log_rows) for _ in range(width)]
    expected = python_kernels.hash_leaves(columns)
    assert numba_kernels.hash_leaves(columns) == expected
    half = 1 << (log_rows - 1)
    assert expected[0] == hash_leaf([c[0] for c in columns] + [c[half] for c in columns])


def test_leaves_need_two_rows():
    with pytest.raises(ValueError, match="power-of-two"):
        leaf_digests(to_mont([[1]]))


def test_levels_match_merkle_tree(rng):
    columns = [[rng.randrange(P) for _ in range(64)] for _ in range(3)]
    levels = merkle_levels(leaf_digests(to_mont(columns)))
    tree = MerkleTree(digests_to_bytes(levels[0]))
    assert [digests_to_bytes(level) for level in levels] == tree.layers
    assert levels[-1].tobytes() == tree.root
    assert digests_to_bytes(levels[1])[0] == hash_node(tree.layers[0][0], tree.layers[0][1])


def test_levels_reject_odd_counts():
    with pytest.raises(ValueError, match="power-of-two"):
        merkle_levels(np.zeros((3, 32), np.uint8))


@pytest.mark.parametrize("bits", [0, 1, 8, 12])
def test_grind_finds_the_least_nonce(bits):
    t = Transcript(b"grind test")
    t.absorb(b"x", bits.to_bytes(2, "big"))
    nonce = blake2s.grind(t.state, b"stkpow", bits)
    assert nonce == t.grind(bits)
    assert t.check_pow(nonce, bits)


def test_grind_from_a_start_and_in_a_span():
    t = Transcript(b"grind test")
    first = blake2s.grind(t.state, b"stkpow", 6)
    second = blake2s.grind(t.state, b"stkpow", 6, start=first + 1)
    assert second > first and t.check_pow(second, 6)
    assert blake2s.grind(t.state, b"stkpow", 6, start=first + 1, span=second - first - 1) == -1
    assert blake2s.grind(bytes(32), b"stkpow", 30, span=64) == -1


@pytest.mark.parametrize("bits", [0, 3, 8, 9, 16, 255, 256])
def test_leading_zero_mask(bits):
    rng = np.random.default_rng(bits)
    digests = rng.integers(0, 256, size=(300, 32), dtype=np.uint8)
    digests[::7, : bits // 8] = 0
    digests[::3] = 0
    got = blake2s.leading_zero_mask(digests, bits)
    expected = [256 - int.from_bytes(d.tobytes(), "big").bit_length() >= bits for d in digests]
    assert got.tolist() == expected


@pytest.mark.parametrize("count", [1, 7, 8, 9, 19, 1000])
def test_rows_in_vector_lanes(count):
    """Whole groups of lanes, partial ones, and many pieces for the threads."""
    rows = np.random.default_rng(count).integers(0, 256, size=(count, 72), dtype=np.uint8)
    got = blake2s.hash_rows(rows, blake2s.initial_state(b"lanes"))
    for i in sorted({0, count // 2, count - 1}):
        expected = hashlib.blake2s(rows[i].tobytes(), digest_size=32, person=b"lanes").digest()
        assert got[i].tobytes() == expected
