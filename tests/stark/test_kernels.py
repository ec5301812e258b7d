"""The plain-Python kernels against direct evaluation."""

from __future__ import annotations

import random

from stark.field import P, root_of_unity
from stark.kernels.python import PythonKernels, ntt
from stark.merkle import hash_leaf
from stark.polynomial import evaluate


def test_ntt_matches_naive():
    rng = random.Random(3)
    for log_n in range(0, 6):
        n = 1 << log_n
        a = [rng.randrange(P) for _ in range(n)]
        w = root_of_unity(log_n)
        naive = [evaluate(a, pow(w, i, P)) for i in range(n)]
        assert ntt(a, log_n) == naive


def test_lde_round_trip_on_a_coset():
    k = PythonKernels()
    rng = random.Random(4)
    coeffs = [rng.randrange(P) for _ in range(8)]
    w8 = root_of_unity(3)
    column = [evaluate(coeffs, pow(w8, i, P)) for i in range(8)]
    assert k.interpolate([column])[0] == coeffs
    lde = k.lde([column], 2, 3)[0]
    w32 = root_of_unity(5)
    assert lde == [evaluate(coeffs, 3 * pow(w32, i, P) % P) for i in range(32)]
    assert k.interpolate([lde], offset=3)[0] == coeffs + [0] * 24


def test_hash_leaves_pairs_rows():
    k = PythonKernels()
    cols = [[1, 2, 3, 4], [5, 6, 7, 8]]
    assert k.hash_leaves(cols) == [hash_leaf([1, 5, 3, 7]), hash_leaf([2, 6, 4, 8])]


def test_combine():
    k = PythonKernels()
    cols = [[1, 2, P - 1], [3, 4, 5]]
    assert k.combine(cols, [10, P - 1]) == [7, 16, (-10 - 5) % P]
    assert k.combine([], []) == []
