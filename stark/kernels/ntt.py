"""Compiled radix-2 NTTs over Montgomery limb arrays, and the transforms the prover builds on them.

Arrays are ``(columns, size, 4)`` uint64 in Montgomery form.  Interpolation is a decimation in
frequency (natural order in, coefficients out in bit-reversed order, unscaled); columns are
spread over the threads, and a lone long column is cut into pieces once its stages decouple.
The low-degree extension (:func:`lde_from_rev`) scales those coefficients once per coset of the
trace domain inside the evaluation domain and runs one decimation in time (bit-reversed in,
natural out) per column and coset, each a task for the threads; the result stays coset-major
(see :mod:`.matrix`), so no step permutes data.  Butterflies reduce lazily (Harvey): values stay
below 2p (DIF) or 4p (DIT) between stages and products skip their final subtraction.
"""

from __future__ import annotations

from functools import lru_cache

import numba
import numpy as np
from numba import prange

from ..field import P, root_of_unity
from .jit import kernel
from .montgomery import (
    MONT_ONE,
    add_lazy,
    below_2p,
    canonical,
    load,
    mont_limbs,
    mul,
    mul_lazy,
    powers_array,
    store,
    sub_lazy,
)

# A column is cut into pieces for threads only when each piece has at least 2^10 elements.
_SPLIT_MIN_LOG = 10


@kernel()
def _dif(x, tw, final):
    """In place on one block: natural order in, bit-reversed out (tw[k] = ω_N^k, k < N/2).

    x may be a sub-block of a size-N transform: stages then run from x's length down.  Lazy
    butterflies: values stay below 2p between stages; inputs below 2p, outputs reduced when
    ``final`` (else below 2p).
    """
    n = x.shape[0]
    full = tw.shape[0] << 1
    length = n
    while length >= 2:
        half = length >> 1
        stride = full // length
        if length > 2 or not final:
            for start in range(0, n, length):  # ω^0 = 1: no product
                u = load(x, start)
                v = load(x, start + half)
                store(x, start, below_2p(add_lazy(u, v)))
                store(x, start + half, below_2p(sub_lazy(u, v)))
            for start in range(0, n, length):
                for j in range(1, half):
                    i = start + j
                    u = load(x, i)
                    v = load(x, i + half)
                    store(x, i, below_2p(add_lazy(u, v)))
                    store(x, i + half, mul_lazy(sub_lazy(u, v), load(tw, j * stride)))
        else:  # the last stage (pairs, twiddle 1) writes reduced values
            for start in range(0, n, 2):
                u = load(x, start)
                v = load(x, start + 1)
                store(x, start, canonical(add_lazy(u, v)))
                store(x, start + 1, canonical(sub_lazy(u, v)))
        length = half


@kernel()
def _dit(x, tw, final):
    """In place on one block: bit-reversed order in, natural out; stages up to x's length.

    Butterflies reduce lazily (Harvey): values stay below 4p between stages, products skip
    their final subtraction; inputs below 4p, outputs reduced when ``final`` (else below 4p).
    """
    n = x.shape[0]
    full = tw.shape[0] << 1
    length = 2
    while length <= n:
        half = length >> 1
        stride = full // length
        if length < n or not final:
            for start in range(0, n, length):  # ω^0 = 1: no product
                u = below_2p(load(x, start))
                v = below_2p(load(x, start + half))
                store(x, start, add_lazy(u, v))
                store(x, start + half, sub_lazy(u, v))
            for start in range(0, n, length):
                for j in range(1, half):
                    i = start + j
                    u = below_2p(load(x, i))
                    v = mul_lazy(load(x, i + half), load(tw, j * stride))
                    store(x, i, add_lazy(u, v))
                    store(x, i + half, sub_lazy(u, v))
        else:  # the last stage writes reduced values
            u = below_2p(load(x, 0))
            v = below_2p(load(x, half))
            store(x, 0, canonical(add_lazy(u, v)))
            store(x, half, canonical(sub_lazy(u, v)))
            for j in range(1, half):
                u = below_2p(load(x, j))
                v = mul_lazy(load(x, j + half), load(tw, j * stride))
                store(x, j, canonical(add_lazy(u, v)))
                store(x, j + half, canonical(sub_lazy(u, v)))
        length <<= 1


@kernel()
def _dif_stage(x, tw, length, k0, k1):
    """Butterflies k0 ≤ k < k1 of a lazy DIF stage of block length ``length`` (whole column;
    never the last stage)."""
    half = length >> 1
    stride = (tw.shape[0] << 1) // length
    mask = half - 1
    for k in range(k0, k1):
        j = k & mask
        i = ((k - j) << 1) + j
        u = load(x, i)
        v = load(x, i + half)
        store(x, i, below_2p(add_lazy(u, v)))
        store(x, i + half, mul_lazy(sub_lazy(u, v), load(tw, j * stride)))


@kernel(parallel=True)
def _dif_all(x, tw, blocks):
    """DIF of every column; each column split in ``blocks`` once its stages decouple."""
    columns, n = x.shape[0], x.shape[1]
    tasks = columns * blocks
    chunk = (n >> 1) // blocks
    length = n
    while length > n // blocks:
        for t in prange(tasks):
            c = t // blocks
            b = t - c * blocks
            _dif_stage(x[c], tw, length, b * chunk, (b + 1) * chunk)
        length >>= 1
    m = n // blocks
    for t in prange(tasks):
        c = t // blocks
        b = t - c * blocks
        _dif(x[c, b * m : (b + 1) * m], tw, True)


@kernel(parallel=True)
def _scale_permute(x, scale, perm, out):
    """out[c, i] = x[c, perm[i]] · scale[i] for i < len(perm); the rest of out is zero."""
    m = perm.shape[0]
    size = out.shape[1]
    for c in prange(x.shape[0]):
        for i in range(m):
            store(out[c], i, mul(load(x[c], perm[i]), load(scale, i)))
        for i in range(m, size):
            out[c, i, 0] = 0
            out[c, i, 1] = 0
            out[c, i, 2] = 0
            out[c, i, 3] = 0


@kernel(parallel=True)
def _coset_transforms(coeffs_rev, scales_rev, tw, work):
    """work[c, k] ← DIT(coeffs_rev[c] · scales_rev[k]) for every column c and coset k."""
    columns = coeffs_rev.shape[0]
    cosets = scales_rev.shape[0]
    n = coeffs_rev.shape[1]
    for t in prange(columns * cosets):
        c = t // cosets
        k = t - c * cosets
        dst = work[c, k]
        src = coeffs_rev[c]
        scale = scales_rev[k]
        for i in range(n):
            store(dst, i, mul(load(src, i), load(scale, i)))
        _dit(dst, tw, True)


@kernel(parallel=True)
def _interleave(work, out, first):
    """out[first + c, b·i + k] ← work[c, k, i]: cosets back into the natural order."""
    columns, cosets, n = work.shape[0], work.shape[1], work.shape[2]
    for c in prange(columns):
        for i in range(n):
            base = i * cosets
            for k in range(cosets):
                for t in range(4):
                    out[first + c, base + k, t] = work[c, k, i, t]


@lru_cache(maxsize=64)
def bit_reversal(log_size: int) -> np.ndarray:
    """rev[i]: i with its log_size bits reversed (int64)."""
    size = 1 << log_size
    rev = np.zeros(size, dtype=np.int64)
    for k in range(log_size):
        rev |= ((np.arange(size) >> k) & 1) << (log_size - 1 - k)
    rev.setflags(write=False)
    return rev


@lru_cache(maxsize=64)
def twiddles(log_size: int, inverse: bool) -> np.ndarray:
    """ω^k (or ω^(−k)) for k < 2^(log_size−1), ω the canonical 2^log_size-th root, Montgomery."""
    w = root_of_unity(log_size)
    if inverse:
        w = pow(w, -1, P)
    half = max((1 << log_size) >> 1, 1)
    out = powers_array(mont_limbs(w), np.array(MONT_ONE, dtype=np.uint64), half)
    out.setflags(write=False)
    return out


def scalar_powers(base: int, count: int, start: int = 1) -> np.ndarray:
    """[start·base^i for i < count] in Montgomery form, (count, 4)."""
    return powers_array(mont_limbs(base), mont_limbs(start), count)


def _blocks(columns: int, log_size: int) -> int:
    """How many pieces to cut each column into so that every thread has work."""
    threads = numba.get_num_threads()
    if columns >= 2 * threads or log_size < _SPLIT_MIN_LOG:
        return 1
    blocks = 1
    while blocks < threads and blocks < (1 << (log_size - _SPLIT_MIN_LOG)):
        blocks <<= 1
    return blocks


def _transform(x: np.ndarray, log_size: int) -> None:
    """In place on (columns, 2^log_size, 4): the inverse transform (DIF, bit-reversed out)."""
    if log_size == 0:
        return
    _dif_all(x, twiddles(log_size, True), _blocks(x.shape[0], log_size))


def interpolate_rev(values: np.ndarray, log_size: int) -> np.ndarray:
    """n·(coefficients) in bit-reversed order from values on ⟨ω_n⟩ (copy; values unchanged)."""
    x = np.array(values, dtype=np.uint64, copy=True, order="C")
    _transform(x, log_size)
    return x


def interpolate(values: np.ndarray, offset: int = 1) -> np.ndarray:
    """Coefficients (natural order) of the columns' polynomials from values on offset·⟨ω_n⟩."""
    size = values.shape[1]
    log_size = size.bit_length() - 1
    x = interpolate_rev(values, log_size)
    scale = scalar_powers(pow(offset, -1, P), size, pow(size, -1, P))
    out = np.empty_like(x)
    _scale_permute(x, scale, bit_reversal(log_size), out)
    return out


@lru_cache(maxsize=8)
def coset_scales(log_n: int, blowup_log: int, offset: int) -> np.ndarray:
    """(b, n, 4): row k holds (offset·ω_(n·b)^k)^j / n at bit-reversed position rev⁻¹(j)."""
    n = 1 << log_n
    blowup = 1 << blowup_log
    rev = bit_reversal(log_n)
    w_big = root_of_unity(log_n + blowup_log)
    inv_n = pow(n, -1, P)
    out = np.empty((blowup, n, 4), dtype=np.uint64)
    for k in range(blowup):
        out[k] = scalar_powers(offset * pow(w_big, k, P) % P, n, inv_n)[rev]
    out.setflags(write=False)
    return out


def lde_from_rev(coeffs_rev: np.ndarray, log_n: int, blowup_log: int, offset: int) -> np.ndarray:
    """Values on offset·⟨ω_(n·b)⟩ from n·(coefficients) in bit-reversed order, coset-major.

    Coset k of the small domain, offset·ω_(n·b)^k·⟨ω_n⟩, takes one size-n transform of the
    coefficients scaled by the coset's shift; its values fill positions k·n … k·n + n − 1, so
    position k·n + i holds the value at natural index b·i + k (see :func:`natural_order`).
    """
    columns, n, _ = coeffs_rev.shape
    blowup = 1 << blowup_log
    out = np.empty((columns, n * blowup, 4), dtype=np.uint64)
    if n == 1:
        out[:] = coeffs_rev  # a constant polynomial
        return out
    scales = coset_scales(log_n, blowup_log, offset)
    tw = twiddles(log_n, False)
    _coset_transforms(
        np.ascontiguousarray(coeffs_rev), scales, tw, out.reshape(columns, blowup, n, 4)
    )
    return out


def natural_order(data: np.ndarray, blowup: int) -> np.ndarray:
    """A coset-major (columns, n·b, 4) array in natural order (a new array)."""
    columns, size, _ = data.shape
    if blowup == 1:
        return data
    out = np.empty_like(data)
    _interleave(data.reshape(columns, blowup, size // blowup, 4), out, 0)
    return out


def lde(values: np.ndarray, blowup_log: int, offset: int) -> np.ndarray:
    """Low-degree extension of columns on ⟨ω_n⟩ to offset·⟨ω_(n·b)⟩, coset-major."""
    log_n = values.shape[1].bit_length() - 1
    return lde_from_rev(interpolate_rev(values, log_n), log_n, blowup_log, offset)
