"""The Stark252 prime field: p = 2^251 + 17·2^192 + 1.

Elements are plain Python ints in ``[0, p)``; this module owns the prime, the generator of the
multiplicative group, the two-adic roots of unity (p − 1 = 2^192 · odd), inversion, batch
inversion and the canonical 32-byte big-endian encoding of an element.  Pure standard library.
"""

from __future__ import annotations

from collections.abc import Sequence

Felt = int

P: int = 2**251 + 17 * 2**192 + 1
"""The field modulus."""

GENERATOR: int = 3
"""A generator of the multiplicative group of the field."""

TWO_ADICITY: int = 192
"""The largest k with 2^k dividing p − 1."""

FELT_BYTES: int = 32

_ROOT_2_192: int = pow(GENERATOR, (P - 1) >> TWO_ADICITY, P)
_ROOTS: list[int] = [0] * (TWO_ADICITY + 1)
_ROOTS[TWO_ADICITY] = _ROOT_2_192
for _k in range(TWO_ADICITY, 0, -1):
    _ROOTS[_k - 1] = _ROOTS[_k] * _ROOTS[_k] % P
del _k


def root_of_unity(log_n: int) -> Felt:
    """Return the canonical primitive 2^log_n-th root of unity (3^((p−1)/2^log_n))."""
    if not 0 <= log_n <= TWO_ADICITY:
        raise ValueError(f"no root of unity of order 2^{log_n} in Stark252")
    return _ROOTS[log_n]


def add(a: Felt, b: Felt) -> Felt:
    return (a + b) % P


def sub(a: Felt, b: Felt) -> Felt:
    return (a - b) % P


def mul(a: Felt, b: Felt) -> Felt:
    return a * b % P


def neg(a: Felt) -> Felt:
    return -a % P


def inv(a: Felt) -> Felt:
    """Return a^(−1); raises ZeroDivisionError for zero."""
    a %= P
    if a == 0:
        raise ZeroDivisionError("zero has no inverse in Stark252")
    return pow(a, -1, P)


def div(a: Felt, b: Felt) -> Felt:
    return a * inv(b) % P


def batch_inverse(values: Sequence[Felt]) -> list[Felt]:
    """Invert every element with one field inversion (Montgomery's trick).

    Raises ZeroDivisionError if any element is zero.
    """
    n = len(values)
    if n == 0:
        return []
    prefix = [0] * n
    acc = 1
    for i, v in enumerate(values):
        if v % P == 0:
            raise ZeroDivisionError("zero has no inverse in Stark252")
        prefix[i] = acc
        acc = acc * v % P
    acc_inv = pow(acc, -1, P)
    out = [0] * n
    for i in range(n - 1, -1, -1):
        out[i] = acc_inv * prefix[i] % P
        acc_inv = acc_inv * values[i] % P
    return out


def powers(base: Felt, count: int, start: Felt = 1) -> list[Felt]:
    """Return [start, start·base, start·base², …] (``count`` elements)."""
    out = [0] * count
    acc = start % P
    for i in range(count):
        out[i] = acc
        acc = acc * base % P
    return out


def to_bytes(a: Felt) -> bytes:
    """The canonical encoding: 32 bytes, big-endian, of the reduced element."""
    return a.to_bytes(FELT_BYTES, "big")


def from_bytes(data: bytes) -> Felt:
    """Decode 32 big-endian bytes; raises ValueError unless the value is reduced (< p)."""
    if len(data) != FELT_BYTES:
        raise ValueError(f"a field element takes {FELT_BYTES} bytes, got {len(data)}")
    value = int.from_bytes(data, "big")
    if value >= P:
        raise ValueError("field element not reduced modulo p")
    return value


def to_signed(a: Felt) -> int:
    """Map an element to the integer in (−p/2, p/2] it represents."""
    a %= P
    return a - P if a > P // 2 else a
