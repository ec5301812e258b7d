"""Points of evaluation cosets and the inverses the prover divides by there, compiled.

A coset offset·⟨ω_N⟩ is never stored: each thread walks its own piece, starting from
offset·ω^start and multiplying by ω.  Inverses of (x − a) are taken per piece with one field
inversion (Montgomery's trick), so dividing by a zerofier or a DEEP denominator costs about
three multiplications a point.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from ..air import DOMAINS, Domain
from ..field import P, root_of_unity
from .jit import kernel
from .montgomery import MONT_ONE, inverse, is_zero, load, mont_limbs, mul, power, store, sub

PIECES = 16  # pieces a domain is cut into for the threads


@kernel()
def coset_point(offset, w, index):
    """offset·w^index (Montgomery quads; index ≥ 0)."""
    exponent = (np.uint64(index), np.uint64(0), np.uint64(0), np.uint64(0))
    return mul(offset, power(w, exponent))


@kernel()
def _inverse_differences_piece(offset, w, shifts, out, lo, hi):
    """out[s, i] = 1 / (x_i − shifts[s]) for lo ≤ i < hi, x_i = offset·w^i; False on a zero."""
    count = shifts.shape[0]
    for s in range(count):
        a = load(shifts, s)
        x = coset_point(offset, w, lo)
        acc = MONT_ONE
        dst = out[s]
        for i in range(lo, hi):
            d = sub(x, a)
            if is_zero(d):
                return False
            store(dst, i, acc)  # prefix product before i
            acc = mul(acc, d)
            x = mul(x, w)
        acc = inverse(acc)  # 1 / ∏ (x_i − a); walk back, x_i recomputed by dividing by w
        x = coset_point(offset, w, hi - 1)
        w_inv = inverse(w)
        for i in range(hi - 1, lo - 1, -1):
            d = sub(x, a)
            store(dst, i, mul(acc, load(dst, i)))
            acc = mul(acc, d)
            x = mul(x, w_inv)
    return True


@kernel(parallel=True)
def _inverse_differences(offset, w, shifts, size):
    out = np.empty((shifts.shape[0], size, 4), dtype=np.uint64)
    ok = np.ones(PIECES, dtype=np.bool_)
    for t in prange(PIECES):
        lo = t * size // PIECES
        hi = (t + 1) * size // PIECES
        if hi > lo:
            ok[t] = _inverse_differences_piece(offset, w, shifts, out, lo, hi)
    return out, ok.all()


def inverse_differences(log_size: int, offset: int, shifts: list[int]) -> np.ndarray:
    """(len(shifts), 2^log_size, 4): 1 / (offset·ω^i − a) for each a in ``shifts``.

    Raises ZeroDivisionError when some a lies on the coset.
    """
    shift_limbs = np.array([mont_limbs(a) for a in shifts], dtype=np.uint64).reshape(-1, 4)
    out, ok = _inverse_differences(
        tuple(mont_limbs(offset)),
        tuple(mont_limbs(root_of_unity(log_size))),
        shift_limbs,
        1 << log_size,
    )
    if not ok:
        raise ZeroDivisionError("a shift lies on the evaluation coset")
    return out


def zerofier_inverses(log_n: int, log_size: int, offset: int) -> np.ndarray:
    """(4, 2^log_size, 4): 1/Z_D(x) on offset·⟨ω_(2^log_size)⟩ for D in :data:`DOMAINS`.

    Z_ALL = x^n − 1, Z_TRANSITION = (x^n − 1)/(x − g^(n−1)), Z_FIRST = x − 1,
    Z_LAST = x − g^(n−1), with n = 2^log_n and g = ω_n.
    """
    n = 1 << log_n
    size = 1 << log_size
    if size < n:
        raise ValueError("the evaluation domain is smaller than the trace")
    last = pow(root_of_unity(log_n), n - 1, P)
    # x^n takes 2^(log_size − log_n) values on the coset: offset^n · ω_(size/n)^j
    blowup = size // n
    offset_n = pow(offset, n, P)
    w_b = root_of_unity(log_size - log_n)
    vanishing = [(offset_n * pow(w_b, j, P) - 1) % P for j in range(blowup)]
    if any(v == 0 for v in vanishing):
        raise ZeroDivisionError("the evaluation coset meets the trace domain")
    vanish_inv = np.array([mont_limbs(pow(v, -1, P)) for v in vanishing], dtype=np.uint64)
    vanish = np.tile(vanish_inv, (n, 1))  # position i holds vanish_inv[i mod blowup]
    first_last = inverse_differences(log_size, offset, [1, last])
    out = np.empty((len(DOMAINS), size, 4), dtype=np.uint64)
    for d, domain in enumerate(DOMAINS):
        if domain is Domain.ALL:
            out[d] = vanish
        elif domain is Domain.FIRST:
            out[d] = first_last[0]
        elif domain is Domain.LAST:
            out[d] = first_last[1]
        else:  # (x − last) / (x^n − 1)
            out[d] = _times_difference(
                vanish,
                tuple(mont_limbs(offset)),
                tuple(mont_limbs(root_of_unity(log_size))),
                tuple(mont_limbs(last)),
            )
    return out


@kernel(parallel=True)
def _times_difference(values, offset, w, a):
    """values[i] · (offset·w^i − a)."""
    size = values.shape[0]
    out = np.empty_like(values)
    for t in prange(PIECES):
        lo = t * size // PIECES
        hi = (t + 1) * size // PIECES
        if hi > lo:
            x = coset_point(offset, w, lo)
            for i in range(lo, hi):
                store(out, i, mul(load(values, i), sub(x, a)))
                x = mul(x, w)
    return out
