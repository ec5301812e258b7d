"""The DEEP composition f₀ over the whole evaluation domain, compiled.

f₀(x) = (Σⱼ γⱼ·Tⱼ(x) − Σⱼ γⱼ·Tⱼ(z)) / (x − z) + (Σⱼ γ'ⱼ·Tⱼ(x) − Σⱼ γ'ⱼ·Tⱼ(zg)) / (x − zg)
      + (Σₖ γ''ₖ·Cₖ(x) − Σₖ γ''ₖ·Cₖ(z^parts)) / (x − z^parts)

for the trace columns Tⱼ (main, then auxiliary) and composition parts Cₖ, evaluated at every
point of the coset.  Columns are read a block of points at a time, so each column streams once.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from .jit import kernel
from .montgomery import ZERO, add, add_lazy, below_2p, canonical, load, mul, mul_lazy, store, sub

BLOCK = 256
PIECES = 16


@kernel()
def _accumulate(acc, column, weight, lo, count):
    """acc[j] += weight·column[lo + j], lazily: sums stay below 2p, products unreduced."""
    for j in range(count):
        term = mul_lazy(load(column, lo + j), weight)
        store(acc, j, below_2p(add_lazy(load(acc, j), term)))


@kernel()
def _accumulate_two(acc, acc2, column, weight, weight2, lo, count):
    """:func:`_accumulate` of one column into two sums with two weights (one read)."""
    for j in range(count):
        v = load(column, lo + j)
        store(acc, j, below_2p(add_lazy(load(acc, j), mul_lazy(v, weight))))
        store(acc2, j, below_2p(add_lazy(load(acc2, j), mul_lazy(v, weight2))))


@kernel()
def _deep_piece(main, aux, comp, g_cur, g_next, g_comp, consts, inverses, out, lo, hi):
    width = main.shape[0]
    s_cur = np.empty((BLOCK, 4), dtype=np.uint64)
    s_next = np.empty((BLOCK, 4), dtype=np.uint64)
    s_comp = np.empty((BLOCK, 4), dtype=np.uint64)
    c_cur, c_next, c_comp = load(consts, 0), load(consts, 1), load(consts, 2)
    inv_z, inv_zg, inv_zp = inverses[0], inverses[1], inverses[2]
    for start in range(lo, hi, BLOCK):
        count = min(BLOCK, hi - start)
        for j in range(count):
            store(s_cur, j, ZERO)
            store(s_next, j, ZERO)
            store(s_comp, j, ZERO)
        for c in range(width):
            _accumulate_two(s_cur, s_next, main[c], load(g_cur, c), load(g_next, c), start, count)
        for c in range(aux.shape[0]):
            g1, g2 = load(g_cur, width + c), load(g_next, width + c)
            _accumulate_two(s_cur, s_next, aux[c], g1, g2, start, count)
        for c in range(comp.shape[0]):
            _accumulate(s_comp, comp[c], load(g_comp, c), start, count)
        for j in range(count):
            i = start + j
            f = mul(sub(canonical(load(s_cur, j)), c_cur), load(inv_z, i))
            f = add(f, mul(sub(canonical(load(s_next, j)), c_next), load(inv_zg, i)))
            f = add(f, mul(sub(canonical(load(s_comp, j)), c_comp), load(inv_zp, i)))
            store(out, i, f)


@kernel(parallel=True)
def _deep(main, aux, comp, g_cur, g_next, g_comp, consts, inverses):
    size = main.shape[1]
    out = np.empty((size, 4), dtype=np.uint64)
    for t in prange(PIECES):
        lo = t * size // PIECES
        hi = (t + 1) * size // PIECES
        _deep_piece(main, aux, comp, g_cur, g_next, g_comp, consts, inverses, out, lo, hi)
    return out


def deep_composition(
    main: np.ndarray,
    aux: np.ndarray,
    comp: np.ndarray,
    g_cur: np.ndarray,
    g_next: np.ndarray,
    g_comp: np.ndarray,
    consts: np.ndarray,
    inverses: np.ndarray,
) -> np.ndarray:
    """(size, 4): f₀ on the coset from the LDE matrices (width, size, 4), Montgomery throughout.

    ``g_cur``/``g_next`` weigh the main then auxiliary columns, ``g_comp`` the parts;
    ``consts`` holds the three subtracted sums and ``inverses`` (3, size, 4) the inverses of
    x − z, x − zg and x − z^parts.
    """
    return _deep(
        np.ascontiguousarray(main),
        np.ascontiguousarray(aux),
        np.ascontiguousarray(comp),
        g_cur,
        g_next,
        g_comp,
        consts,
        inverses,
    )


@kernel()
def _combination_piece(columns, weights, out, lo, hi):
    acc = np.empty((BLOCK, 4), dtype=np.uint64)
    for start in range(lo, hi, BLOCK):
        count = min(BLOCK, hi - start)
        for j in range(count):
            store(acc, j, ZERO)
        for c in range(columns.shape[0]):
            _accumulate(acc, columns[c], load(weights, c), start, count)
        for j in range(count):
            store(out, start + j, canonical(load(acc, j)))


@kernel(parallel=True)
def _combination(columns, weights):
    size = columns.shape[1]
    out = np.empty((size, 4), dtype=np.uint64)
    for t in prange(PIECES):
        _combination_piece(columns, weights, out, t * size // PIECES, (t + 1) * size // PIECES)
    return out


def linear_combination(columns: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(size, 4): Σⱼ weights[j]·columns[j] for a (width, size, 4) matrix."""
    return _combination(np.ascontiguousarray(columns), weights)
