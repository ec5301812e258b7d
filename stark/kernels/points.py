"""Polynomials at a few points (the out-of-domain values), compiled.

Coefficients arrive in bit-reversed order, as the inverse transform leaves them: the array is the
even-index coefficients' bit-reversed array followed by the odd-index ones', so
p(x) = E(x²) + x·O(x²) unrolls bottom up: pairs (v[2i], v[2i+1]) become v[2i] + y·v[2i+1] with
y = x^(n/2), then x^(n/4), …, x.  That is n − 1 products like Horner's rule, but independent ones.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from .jit import kernel
from .montgomery import add, load, mont_limbs, mul, store


@kernel()
def _at_point(coeffs_rev, x, scratch):
    n = coeffs_rev.shape[0]
    # y_k = x^(2^k) for k < log n
    levels = 0
    while (1 << levels) < n:
        levels += 1
    ys = np.empty((max(levels, 1), 4), dtype=np.uint64)
    y = x
    for k in range(levels):
        store(ys, k, y)
        y = mul(y, y)
    half = n >> 1
    if half == 0:
        return load(coeffs_rev, 0)
    y = load(ys, levels - 1)
    for i in range(half):
        store(scratch, i, add(load(coeffs_rev, 2 * i), mul(y, load(coeffs_rev, 2 * i + 1))))
    length = half
    level = levels - 2
    while length > 1:
        length >>= 1
        y = load(ys, level)
        for i in range(length):
            store(scratch, i, add(load(scratch, 2 * i), mul(y, load(scratch, 2 * i + 1))))
        level -= 1
    return load(scratch, 0)


@kernel(parallel=True)
def _evaluate_rev(coeffs_rev, points, scale):
    columns = coeffs_rev.shape[0]
    count = points.shape[0]
    out = np.empty((columns, count, 4), dtype=np.uint64)
    for t in prange(columns * count):
        c = t // count
        k = t - c * count
        scratch = np.empty((max(coeffs_rev.shape[1] >> 1, 1), 4), dtype=np.uint64)
        store(out[c], k, mul(_at_point(coeffs_rev[c], load(points, k), scratch), scale))
    return out


def evaluate_rev(coeffs_rev: np.ndarray, points: list[int], scale: int = 1) -> np.ndarray:
    """(columns, len(points), 4): scale·p_c(x) for coefficients in bit-reversed order."""
    pts = np.array([mont_limbs(x) for x in points], dtype=np.uint64).reshape(-1, 4)
    return _evaluate_rev(np.ascontiguousarray(coeffs_rev), pts, tuple(mont_limbs(scale)))
