"""Merkle leaves of committed matrices and the levels above them, compiled.

A committed matrix of N rows has N/2 leaves: leaf i is row i followed by row i + N/2, each element
written as 32 big-endian bytes of its canonical value, hashed with BLAKE2s-256 under the leaf
personalisation (exactly :func:`stark.merkle.hash_leaf`).  Inner nodes hash the concatenation of
their two children under the node personalisation (:func:`stark.merkle.hash_node`).  Leaves are
serialised straight from the Montgomery limb arrays into a per-thread buffer, so no byte matrix
of the whole commitment is ever built.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from ..merkle import LEAF_PERSON, NODE_PERSON
from .blake2s import DIGEST_BYTES, TASKS, hash_pairs, hash_rows, initial_state
from .jit import kernel
from .montgomery import from_mont, load


@kernel()
def _put_element(buf, offset, value):
    """32 big-endian bytes of a canonical limb quad at buf[offset:]."""
    for k in range(4):
        limb = value[3 - k]
        for b in range(8):
            buf[offset + 8 * k + b] = np.uint8((limb >> np.uint64(56 - 8 * b)) & np.uint64(0xFF))


@kernel()
def _leaf_rows(columns, lo, hi, out):
    """out[i − lo] ← the bytes of leaf i (rows i and i + N/2, big-endian canonical values)."""
    width = columns.shape[0]
    half = columns.shape[1] >> 1
    for i in range(lo, hi):
        buf = out[i - lo]
        for c in range(width):
            _put_element(buf, 32 * c, from_mont(load(columns[c], i)))
            _put_element(buf, 32 * (width + c), from_mont(load(columns[c], i + half)))


@kernel(parallel=True)
def _leaf_bytes(columns, lo, hi):
    out = np.empty((hi - lo, 64 * columns.shape[0]), dtype=np.uint8)
    pieces = min(TASKS, hi - lo)
    for t in prange(pieces):
        a = lo + t * (hi - lo) // pieces
        b = lo + (t + 1) * (hi - lo) // pieces
        _leaf_rows(columns, a, b, out[a - lo : b - lo])
    return out


# Leaves are serialised and hashed this many bytes at a time.
CHUNK_BYTES = 1 << 25


def leaf_digests(columns: np.ndarray) -> np.ndarray:
    """(N/2, 32) uint8: the leaf digests of a (width, N, 4) Montgomery matrix."""
    width, size = columns.shape[0], columns.shape[1]
    if size < 2 or size & (size - 1):
        raise ValueError("a committed matrix needs a power-of-two number of rows, at least 2")
    columns = np.ascontiguousarray(columns)
    init = initial_state(LEAF_PERSON)
    half = size >> 1
    step = max(1, CHUNK_BYTES // (64 * width))
    out = np.empty((half, DIGEST_BYTES), dtype=np.uint8)
    for lo in range(0, half, step):
        hi = min(half, lo + step)
        out[lo:hi] = hash_rows(_leaf_bytes(columns, lo, hi), init)
    return out


def merkle_levels(leaves: np.ndarray) -> list[np.ndarray]:
    """Every level of the tree over (k, 32) leaf digests, leaves first, root (1, 32) last."""
    count = leaves.shape[0]
    if count == 0 or count & (count - 1):
        raise ValueError("a Merkle tree needs a power-of-two number of leaves")
    init = initial_state(NODE_PERSON)
    levels = [leaves]
    while levels[-1].shape[0] > 1:
        levels.append(hash_pairs(levels[-1], init))
    return levels


def digests_to_bytes(digests: np.ndarray) -> list[bytes]:
    """A (k, 32) digest array as a list of 32-byte strings."""
    data = np.ascontiguousarray(digests).tobytes()
    return [data[i : i + DIGEST_BYTES] for i in range(0, len(data), DIGEST_BYTES)]
