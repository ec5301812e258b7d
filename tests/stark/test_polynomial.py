"""Evaluation and interpolation at points."""

from __future__ import annotations

import random

import pytest

from stark import polynomial
from stark.field import P, root_of_unity


def test_horner():
    # 3 + 2x + x^2 at 5
    assert polynomial.evaluate([3, 2, 1], 5) == 38
    assert polynomial.evaluate([], 7) == 0


def test_interpolate_and_lagrange_agree():
    rng = random.Random(1)
    coeffs = [rng.randrange(P) for _ in range(6)]
    xs = [rng.randrange(P) for _ in range(6)]
    ys = polynomial.evaluate_many(coeffs, xs)
    assert polynomial.interpolate(xs, ys) == coeffs
    z = rng.randrange(P)
    assert polynomial.lagrange_evaluate(xs, ys, z) == polynomial.evaluate(coeffs, z)
    assert polynomial.lagrange_evaluate(xs, ys, xs[2]) == ys[2]


def test_interpolate_rejects_repeated_points():
    with pytest.raises(ValueError):
        polynomial.interpolate([1, 1], [2, 3])


def test_vanishing_on_subgroup():
    w = root_of_unity(4)
    for i in range(16):
        assert polynomial.vanishing(pow(w, i, P), 4) == 0
    assert polynomial.vanishing(3, 4) != 0
