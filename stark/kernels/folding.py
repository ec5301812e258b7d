"""One FRI folding round over a limb array, compiled (the rule of :func:`stark.fri.fold_pair`).

f_{k+1}[i] = (f_k[i] + f_k[i + h]) / 2 + β·(f_k[i] − f_k[i + h]) / (2·x_i), x_i the i-th point
of layer k's coset and h half its size: the two points x_i and −x_i fold into x_i².
"""

from __future__ import annotations

import numpy as np
from numba import prange

from ..field import P, root_of_unity
from .jit import kernel
from .montgomery import add, load, mont_limbs, mul, power, store, sub

PIECES = 16


@kernel()
def _fold_piece(values, beta, x_inv0, w_inv, inv_two, out, lo, hi):
    half = values.shape[0] >> 1
    exponent = (np.uint64(lo), np.uint64(0), np.uint64(0), np.uint64(0))
    x_inv = mul(x_inv0, power(w_inv, exponent))
    for i in range(lo, hi):
        a = load(values, i)
        b = load(values, i + half)
        store(out, i, add(mul(add(a, b), inv_two), mul(mul(sub(a, b), beta), x_inv)))
        x_inv = mul(x_inv, w_inv)


@kernel(parallel=True)
def _fold(values, beta, x_inv0, w_inv, inv_two):
    half = values.shape[0] >> 1
    out = np.empty((half, 4), dtype=np.uint64)
    pieces = min(PIECES, half)
    for t in prange(pieces):
        _fold_piece(
            values, beta, x_inv0, w_inv, inv_two, out, t * half // pieces, (t + 1) * half // pieces
        )
    return out


def fold(values: np.ndarray, layer: int, log_domain: int, beta: int, offset: int) -> np.ndarray:
    """Layer k+1 (size/2, 4) from layer k = ``layer`` (size, 4), Montgomery, natural order.

    Layer k lives on offset^(2^k)·⟨ω_(2^(log_domain − k))⟩.
    """
    size = values.shape[0]
    if size != 1 << (log_domain - layer):
        raise ValueError("the layer's size does not match its domain")
    inv_two = pow(2, -1, P)
    offset_inv = pow(pow(offset, 1 << layer, P), -1, P)
    w_inv = pow(root_of_unity(log_domain - layer), -1, P)
    return _fold(
        np.ascontiguousarray(values),
        tuple(mont_limbs(beta)),
        tuple(mont_limbs(offset_inv * inv_two % P)),
        tuple(mont_limbs(w_inv)),
        tuple(mont_limbs(inv_two)),
    )
