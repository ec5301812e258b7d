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
from .jit import byteswap, kernel
from .montgomery import from_mont
from .ntt import natural_order

_TILE = 64  # leaves serialised column by column at a time (their rows stay in cache)


@kernel()
def _leaf_rows(columns, j0, j1, first, span, log_n, log_cosets, out):
    """Leaves i = b·j + k for j0 ≤ j < j1 as rows of 64-bit words, coset by coset: leaf (j, k)
    goes to row k·span + j − first of ``out``.  A leaf is rows i and i + N/2, each element's
    canonical value in 32 big-endian bytes (its limbs from the top, byte-swapped).  The matrix is
    stored coset-major (natural b·j + k at k·n + j, n = 2^log_n, b = 2^log_cosets; b = 1 is the
    natural order), so each column is read as two sequential streams.  Direct indexing
    throughout: array views in the inner loop would cost reference counting per element."""
    width = columns.shape[0]
    quarter = columns.shape[1] >> (1 + log_cosets)  # n/2: the leaf's second row, same coset
    for k in range(1 << log_cosets):
        for t0 in range(j0, j1, _TILE):  # a tile of leaves, column by column: two streams each
            t1 = min(j1, t0 + _TILE)
            for c in range(width):
                b = 4 * c
                e = 4 * (width + c)
                for j in range(t0, t1):
                    r = k * span + j - first
                    p = (k << log_n) + j
                    q = p + quarter
                    v = from_mont(
                        (columns[c, p, 0], columns[c, p, 1], columns[c, p, 2], columns[c, p, 3])
                    )
                    w = from_mont(
                        (columns[c, q, 0], columns[c, q, 1], columns[c, q, 2], columns[c, q, 3])
                    )
                    out[r, b] = byteswap(v[3])
                    out[r, b + 1] = byteswap(v[2])
                    out[r, b + 2] = byteswap(v[1])
                    out[r, b + 3] = byteswap(v[0])
                    out[r, e] = byteswap(w[3])
                    out[r, e + 1] = byteswap(w[2])
                    out[r, e + 2] = byteswap(w[1])
                    out[r, e + 3] = byteswap(w[0])


@kernel(parallel=True)
def _leaf_words(columns, j_lo, j_hi, log_n, log_cosets):
    """The leaves of :func:`_leaf_rows` for j_lo ≤ j < j_hi, in coset-major row order."""
    span = j_hi - j_lo
    out = np.empty((span << log_cosets, 8 * columns.shape[0]), dtype=np.uint64)
    pieces = min(TASKS, span)
    for t in prange(pieces):
        a = j_lo + t * span // pieces
        b = j_lo + (t + 1) * span // pieces
        _leaf_rows(columns, a, b, j_lo, span, log_n, log_cosets, out)
    return out


# Leaves are serialised and hashed this many bytes at a time.
CHUNK_BYTES = 1 << 25


def leaf_digests(columns: np.ndarray, cosets: int = 1) -> np.ndarray:
    """(N/2, 32) uint8: the leaf digests of a (width, N, 4) Montgomery matrix, stored in natural
    order or, with ``cosets`` = b > 1, coset-major (see :mod:`.matrix`)."""
    width, size = columns.shape[0], columns.shape[1]
    if size < 2 or size & (size - 1):
        raise ValueError("a committed matrix needs a power-of-two number of rows, at least 2")
    columns = np.ascontiguousarray(columns)
    if size < 2 * cosets:  # one row per coset: too short to pair within a coset
        columns, cosets = natural_order(columns, cosets), 1
    init = initial_state(LEAF_PERSON)
    log_cosets = cosets.bit_length() - 1
    log_n = size.bit_length() - 1 - log_cosets
    half_n = 1 << (log_n - 1)  # leaves per coset
    step = max(1, CHUNK_BYTES // (64 * width * cosets))
    out = np.empty((half_n, cosets, DIGEST_BYTES), dtype=np.uint8)  # leaf b·j + k at [j, k]
    for j_lo in range(0, half_n, step):
        j_hi = min(half_n, j_lo + step)
        words = _leaf_words(columns, j_lo, j_hi, log_n, log_cosets)
        digests = hash_rows(words.view(np.uint8), init)
        out[j_lo:j_hi] = digests.reshape(cosets, j_hi - j_lo, DIGEST_BYTES).transpose(1, 0, 2)
    return out.reshape(-1, DIGEST_BYTES)


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
