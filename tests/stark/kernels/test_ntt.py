"""Compiled interpolation, evaluation and low-degree extension against the plain-Python kernels."""

from __future__ import annotations

import pytest

from stark.field import P, root_of_unity
from stark.polynomial import evaluate as evaluate_at

from .conftest import field_column


@pytest.mark.parametrize("log_n", [0, 1, 2, 3, 5, 8])
@pytest.mark.parametrize("offset", [1, 3, P - 1])
def test_interpolate(numba_kernels, python_kernels, rng, log_n, offset):
    columns = [field_column(rng, 1 << log_n) for _ in range(3)]
    got = numba_kernels.columns(numba_kernels.interpolate(columns, offset))
    assert got == python_kernels.interpolate(columns, offset)


@pytest.mark.parametrize("log_n", [0, 1, 4, 7])
@pytest.mark.parametrize("extra", [0, 1, 3])
def test_evaluate(numba_kernels, python_kernels, rng, log_n, extra):
    coefficients = [field_column(rng, 1 << log_n), field_column(rng, max(1, (1 << log_n) - 1))]
    got = numba_kernels.columns(numba_kernels.evaluate(coefficients, log_n + extra, 3))
    assert got == python_kernels.evaluate(coefficients, log_n + extra, 3)


def test_evaluate_rejects_high_degree(numba_kernels):
    with pytest.raises(ValueError, match="degree"):
        numba_kernels.evaluate([[1, 2, 3]], 1, 3)


@pytest.mark.parametrize("log_n", [0, 1, 3, 6])
@pytest.mark.parametrize("blowup_log", [1, 2, 3])
def test_lde(numba_kernels, python_kernels, rng, log_n, blowup_log):
    columns = [field_column(rng, 1 << log_n) for _ in range(5)]
    expected = python_kernels.lde(columns, blowup_log, 3)
    assert numba_kernels.columns(numba_kernels.lde(columns, blowup_log, 3)) == expected
    # interpolation then evaluation on the larger coset: the prover's path (bit-reversed)
    coefficients = numba_kernels.interpolate(columns)
    extended = numba_kernels.evaluate(coefficients, log_n + blowup_log, 3)
    assert numba_kernels.columns(extended) == expected


@pytest.mark.parametrize("count", [1, 2, 3])
def test_columns_split_across_threads(numba_kernels, python_kernels, rng, count):
    """Few long columns take the path that cuts each column into pieces for the threads."""
    nk = numba_kernels
    columns = [field_column(rng, 1 << 12) for _ in range(count)]
    coefficients = nk.interpolate(columns)
    plain = python_kernels.interpolate(columns)
    assert nk.columns(coefficients) == plain
    assert nk.columns(nk.evaluate(coefficients, 12, 1)) == columns
    assert nk.columns(nk.lde(columns, 1, 3)) == python_kernels.evaluate(plain, 13, 3)


def test_lde_points_are_the_coset(numba_kernels, rng):
    coefficients = field_column(rng, 16)
    w = root_of_unity(4)
    column = [evaluate_at(coefficients, pow(w, i, P)) for i in range(16)]
    extended = numba_kernels.columns(numba_kernels.lde([column], 2, 3))[0]
    w64 = root_of_unity(6)
    assert extended == [evaluate_at(coefficients, 3 * pow(w64, i, P) % P) for i in range(64)]


def test_rejects_non_power_of_two(numba_kernels):
    with pytest.raises(ValueError, match="powers of two"):
        numba_kernels.interpolate([[1, 2, 3]])
    with pytest.raises(ValueError, match="powers of two"):
        numba_kernels.lde([[1, 2, 3]], 1, 3)
