"""Stark252 arithmetic on four 64-bit limbs in Montgomery form, compiled with numba.

An element x is held as x·R mod p with R = 2^256, as a tuple ``(l0, l1, l2, l3)`` of uint64
(least significant first) inside kernels and as the last axis (length 4) of a uint64 array
outside.  Values are always fully reduced (< p), so equal elements have equal limbs.

Multiplication is CIOS Montgomery multiplication specialised to p = 2^251 + 17·2^192 + 1: p's limbs
are (1, 0, 0, 2^59 + 17), so −p⁻¹ mod 2^64 = −1, the reduction factor of a round is
m = −t₀, adding m·p touches only limb 0 (a carry iff t₀ ≠ 0) and limb 3 (one product), and since
p's top limb is below 2^62 the running sum needs no fifth limb (the "no-carry" variant).  Each
multiplication costs 16 + 4 limb products and one conditional subtraction.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from ..field import P
from .jit import (
    add_carry,
    add_mod,
    add_wide,
    inline,
    kernel,
    mul_add,
    reduce_mod,
    sub_mod,
    sub_shifted,
)

U64 = np.uint64
LIMBS = 4
R = 1 << 256
P3 = U64(P >> 192)  # p = 1 + P3·2^192
_Z = U64(0)
_ONE = U64(1)


def limbs_of(value: int) -> tuple[int, int, int, int]:
    """The four 64-bit limbs of a non-negative integer below 2^256 (least significant first)."""
    m = (1 << 64) - 1
    return (value & m, (value >> 64) & m, (value >> 128) & m, value >> 192)


def mont_limbs(value: int) -> np.ndarray:
    """The Montgomery form of ``value`` as a (4,) uint64 array."""
    return np.array(limbs_of(value % P * R % P), dtype=np.uint64)


P_LIMBS = tuple(U64(x) for x in limbs_of(P))
TWO_P_LIMBS = tuple(U64(x) for x in limbs_of(2 * P))
R2 = tuple(U64(x) for x in limbs_of(R * R % P))
MONT_ONE = tuple(U64(x) for x in limbs_of(R % P))
CANON_ONE = (_ONE, _Z, _Z, _Z)
ZERO = (_Z, _Z, _Z, _Z)


@inline()
def _round(a0, a1, a2, a3, b, t0, t1, t2, t3):
    lo, hi = mul_add(a0, b, t0, _Z)
    m = _Z - lo
    carry = _ONE if lo != _Z else _Z
    s1, hi = mul_add(a1, b, t1, hi)
    r0, carry = add_carry(s1, carry, _Z)
    s2, hi = mul_add(a2, b, t2, hi)
    r1, carry = add_carry(s2, carry, _Z)
    s3, hi = mul_add(a3, b, t3, hi)
    r2, carry = mul_add(m, P3, s3, carry)
    r3 = hi + carry
    return r0, r1, r2, r3


@inline()
def mul(a, b):
    """a·b·R⁻¹ mod p: the Montgomery product (of Montgomery forms: the form of the product)."""
    a0, a1, a2, a3 = a
    t0, t1, t2, t3 = _round(a0, a1, a2, a3, b[0], _Z, _Z, _Z, _Z)
    t0, t1, t2, t3 = _round(a0, a1, a2, a3, b[1], t0, t1, t2, t3)
    t0, t1, t2, t3 = _round(a0, a1, a2, a3, b[2], t0, t1, t2, t3)
    t0, t1, t2, t3 = _round(a0, a1, a2, a3, b[3], t0, t1, t2, t3)
    return reduce_mod((t0, t1, t2, t3), P_LIMBS)


@inline()
def mul_lazy(a, b):
    """The Montgomery product without the final subtraction: for a < 4p and b < p it is below
    a·b/R + p < 1.13p (R = 2^256 > 32p), so below 2p."""
    a0, a1, a2, a3 = a
    t0, t1, t2, t3 = _round(a0, a1, a2, a3, b[0], _Z, _Z, _Z, _Z)
    t0, t1, t2, t3 = _round(a0, a1, a2, a3, b[1], t0, t1, t2, t3)
    t0, t1, t2, t3 = _round(a0, a1, a2, a3, b[2], t0, t1, t2, t3)
    t0, t1, t2, t3 = _round(a0, a1, a2, a3, b[3], t0, t1, t2, t3)
    return (t0, t1, t2, t3)


@inline()
def below_2p(a):
    """a − 2p when a ≥ 2p (for a < 4p)."""
    return reduce_mod(a, TWO_P_LIMBS)


@inline()
def canonical(a):
    """The reduced representative of a < 4p."""
    return reduce_mod(reduce_mod(a, TWO_P_LIMBS), P_LIMBS)


@inline()
def add_lazy(a, b):
    """a + b unreduced (a, b < 2p gives < 4p)."""
    return add_wide(a, b)


@inline()
def sub_lazy(a, b):
    """a − b + 2p unreduced (a, b < 2p gives a value in (0, 4p))."""
    return sub_shifted(a, b, TWO_P_LIMBS)


@inline()
def add(a, b):
    return add_mod(a, b, P_LIMBS)


@inline()
def sub(a, b):
    return sub_mod(a, b, P_LIMBS)


@inline()
def is_zero(a):
    return (a[0] | a[1] | a[2] | a[3]) == _Z


@inline()
def load(x, i):
    return (x[i, 0], x[i, 1], x[i, 2], x[i, 3])


@inline()
def store(x, i, v):
    x[i, 0] = v[0]
    x[i, 1] = v[1]
    x[i, 2] = v[2]
    x[i, 3] = v[3]


@inline()
def to_mont(a):
    return mul(a, R2)


@inline()
def from_mont(a):
    return mul(a, CANON_ONE)


@inline()
def power(base, exponent_limbs):
    """base^e for e given as four uint64 limbs (square and multiply, most significant first)."""
    acc = MONT_ONE
    for k in range(3, -1, -1):
        word = exponent_limbs[k]
        for bit in range(63, -1, -1):
            acc = mul(acc, acc)
            if (word >> U64(bit)) & _ONE:
                acc = mul(acc, base)
    return acc


_P_MINUS_2 = tuple(U64(x) for x in limbs_of(P - 2))


@inline()
def inverse(a):
    """a⁻¹ (Fermat); zero maps to zero."""
    return power(a, _P_MINUS_2)


# ----------------------------------------------------------------------------- array kernels


@kernel(parallel=True)
def to_mont_array(x):
    """Montgomery forms of canonical values: (..., 4) → same shape, new array."""
    flat = x.reshape(-1, 4)
    out = np.empty_like(flat)
    for i in prange(flat.shape[0]):
        store(out, i, to_mont(load(flat, i)))
    return out.reshape(x.shape)


@kernel(parallel=True)
def from_mont_array(x):
    """Canonical values of Montgomery forms: (..., 4) → same shape, new array."""
    flat = x.reshape(-1, 4)
    out = np.empty_like(flat)
    for i in prange(flat.shape[0]):
        store(out, i, from_mont(load(flat, i)))
    return out.reshape(x.shape)


@kernel(parallel=True)
def mul_arrays(a, b):
    """Elementwise products of two (n, 4) arrays."""
    out = np.empty_like(a)
    for i in prange(a.shape[0]):
        store(out, i, mul(load(a, i), load(b, i)))
    return out


@kernel(parallel=True)
def add_arrays(a, b):
    out = np.empty_like(a)
    for i in prange(a.shape[0]):
        store(out, i, add(load(a, i), load(b, i)))
    return out


@kernel(parallel=True)
def sub_arrays(a, b):
    out = np.empty_like(a)
    for i in prange(a.shape[0]):
        store(out, i, sub(load(a, i), load(b, i)))
    return out


@kernel()
def powers_array(base, start, count):
    """[start, start·base, start·base², …] (count elements) from (4,) Montgomery forms."""
    out = np.empty((count, 4), dtype=np.uint64)
    b = (base[0], base[1], base[2], base[3])
    acc = (start[0], start[1], start[2], start[3])
    for i in range(count):
        store(out, i, acc)
        acc = mul(acc, b)
    return out


@kernel()
def batch_inverse_array(x):
    """Elementwise inverses of an (n, 4) array (Montgomery's trick); returns (out, ok).

    ``ok`` is False when some element is zero (then ``out`` is meaningless).
    """
    n = x.shape[0]
    out = np.empty_like(x)
    acc = MONT_ONE
    for i in range(n):
        store(out, i, acc)
        v = load(x, i)
        if is_zero(v):
            return out, False
        acc = mul(acc, v)
    acc = inverse(acc)
    for i in range(n - 1, -1, -1):
        v = load(x, i)
        store(out, i, mul(acc, load(out, i)))
        acc = mul(acc, v)
    return out, True
