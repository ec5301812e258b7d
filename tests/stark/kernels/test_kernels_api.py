"""The compiled kernels implement the interface and agree with the reference on its edges."""

from __future__ import annotations

import pytest

from stark.field import P
from stark.kernels import Kernels

from .conftest import field_column


def test_is_a_kernels(numba_kernels):
    assert isinstance(numba_kernels.name, str)
    for method in ("interpolate", "evaluate", "lde", "hash_leaves", "batch_inverse"):
        assert callable(getattr(numba_kernels, method))
    kernels: Kernels = numba_kernels  # the protocol type accepts it
    assert kernels.name == "numba"


def test_batch_inverse(numba_kernels, python_kernels, rng):
    values = [v for v in field_column(rng, 200) if v]
    assert numba_kernels.batch_inverse(values) == python_kernels.batch_inverse(values)
    assert numba_kernels.batch_inverse([]) == []


def test_batch_inverse_of_zero(numba_kernels):
    with pytest.raises(ZeroDivisionError):
        numba_kernels.batch_inverse([1, 0, 2])
    with pytest.raises(ZeroDivisionError):
        numba_kernels.batch_inverse([P])


def test_empty_inputs(numba_kernels):
    nk = numba_kernels
    assert nk.columns(nk.interpolate([])) == []
    assert nk.columns(nk.evaluate([], 3, 3)) == []
    assert nk.columns(nk.lde([], 1, 3)) == []
    assert nk.combine([], []) == []
