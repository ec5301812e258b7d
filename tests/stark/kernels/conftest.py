"""Seeded inputs for the compiled kernels' tests, with the field's edge values mixed in."""

from __future__ import annotations

import random

import pytest

from stark.field import P

EDGE_VALUES = (0, 1, 2, P - 1, P - 2, P // 2, 1 << 251, (1 << 251) - 1, 1 << 192, (1 << 64) - 1)


def field_column(rng: random.Random, n: int) -> list[int]:
    """n elements: the edge values first (as many as fit), then uniform ones."""
    head = list(EDGE_VALUES[:n])
    return head + [rng.randrange(P) for _ in range(n - len(head))]


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20251125)


@pytest.fixture(scope="session")
def numba_kernels():
    from stark.kernels.numba_kernels import NumbaKernels

    return NumbaKernels()


@pytest.fixture(scope="session")
def python_kernels():
    from stark.kernels.python import PythonKernels

    return PythonKernels()
