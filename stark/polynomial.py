"""Polynomials over Stark252, evaluated at single points (what a verifier needs).

Coefficient lists are lowest degree first.  Nothing here builds an evaluation domain: the prover's
domain-wide transforms live in :mod:`stark.kernels`.  Pure standard library.
"""

from __future__ import annotations

from collections.abc import Sequence

from .field import Felt, P, batch_inverse


def evaluate(coefficients: Sequence[Felt], x: Felt) -> Felt:
    """Horner evaluation of Σ cᵢ·xⁱ."""
    acc = 0
    for c in reversed(coefficients):
        acc = (acc * x + c) % P
    return acc


def evaluate_many(coefficients: Sequence[Felt], points: Sequence[Felt]) -> list[Felt]:
    return [evaluate(coefficients, x) for x in points]


def interpolate(xs: Sequence[Felt], ys: Sequence[Felt]) -> list[Felt]:
    """Lagrange interpolation at a small set of distinct points; returns coefficients.

    Quadratic in the number of points: meant for small sets and tests.
    """
    if len(xs) != len(ys):
        raise ValueError("interpolate needs as many values as points")
    n = len(xs)
    if len(set(x % P for x in xs)) != n:
        raise ValueError("interpolation points must be distinct")
    # full vanishing polynomial ∏ (X − xᵢ)
    full = [1]
    for x in xs:
        nxt = [0] * (len(full) + 1)
        for i, c in enumerate(full):
            nxt[i] = (nxt[i] - x * c) % P
            nxt[i + 1] = (nxt[i + 1] + c) % P
        full = nxt
    denominators = []
    for i, xi in enumerate(xs):
        d = 1
        for j, xj in enumerate(xs):
            if i != j:
                d = d * (xi - xj) % P
        denominators.append(d)
    inv_d = batch_inverse(denominators)
    result = [0] * n
    for i, xi in enumerate(xs):
        # full / (X − xi) by synthetic division
        quotient = [0] * n
        carry = 0
        for k in range(n, 0, -1):
            carry = (full[k] + carry * xi) % P
            quotient[k - 1] = carry
        scale = ys[i] * inv_d[i] % P
        for k in range(n):
            result[k] = (result[k] + quotient[k] * scale) % P
    return result


def lagrange_evaluate(xs: Sequence[Felt], ys: Sequence[Felt], z: Felt) -> Felt:
    """Value at z of the polynomial of degree < len(xs) through (xᵢ, yᵢ), without coefficients."""
    n = len(xs)
    for x, y in zip(xs, ys, strict=True):
        if (z - x) % P == 0:
            return y % P
    numerators = []
    for i in range(n):
        d = 1
        for j in range(n):
            if i != j:
                d = d * (xs[i] - xs[j]) % P
        numerators.append(d * (z - xs[i]) % P)
    inverses = batch_inverse(numerators)
    full = 1
    for x in xs:
        full = full * (z - x) % P
    return full * sum(y * w for y, w in zip(ys, inverses, strict=True)) % P


def vanishing(z: Felt, log_n: int) -> Felt:
    """Value at z of X^n − 1, the polynomial vanishing on the order-n subgroup (n = 2^log_n)."""
    return (pow(z, 1 << log_n, P) - 1) % P
