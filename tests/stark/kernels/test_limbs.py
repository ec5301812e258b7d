"""Python ints to Montgomery limbs and back, including values that need reducing."""

from __future__ import annotations

import numpy as np
import pytest

from stark.field import P
from stark.kernels import limbs

from .conftest import field_column


def test_round_trip(rng):
    columns = [field_column(rng, 33), [rng.randrange(P) for _ in range(33)]]
    assert limbs.from_mont(limbs.to_mont(columns)) == columns


def test_canonical_array_layout():
    array = limbs.canonical_array([[1, (1 << 64) + 2], [P - 1, 0]])
    assert array.shape == (2, 2, 4)
    assert array.dtype == np.uint64
    assert array[0, 1].tolist() == [2, 1, 0, 0]
    assert array[1, 0].tolist() == list(((P - 1) >> (64 * k)) & ((1 << 64) - 1) for k in range(4))


def test_unreduced_inputs_are_reduced():
    values = [-1, P, P + 5, 2**256 - 1, -(2**300)]
    assert limbs.vector_from_mont(limbs.vector_to_mont(values)) == [v % P for v in values]


def test_unequal_columns_rejected():
    with pytest.raises(ValueError, match="equal lengths"):
        limbs.canonical_array([[1, 2], [3]])


def test_empty():
    assert limbs.canonical_array([]).shape == (0, 0, 4)
    assert limbs.vector_to_mont([]).shape == (0, 4)


def test_word_sized_and_mixed_columns():
    small = [0, 1, 2**63, 2**64 - 1, 12345]
    mixed = [5, 6, 2**64, 7, P - 1]
    array = limbs.canonical_array([small, mixed])
    assert array[0].tolist() == [[v, 0, 0, 0] for v in small]
    assert limbs.from_mont(limbs.to_mont([small, mixed])) == [small, mixed]
