"""The compiled kernels: the :class:`stark.kernels.Kernels` interface on Montgomery limb arrays.

Every method takes and returns what the plain-Python kernels do (lists of Python ints, lists of
digests) and gives bit-identical results; inside, columns become ``(columns, n, 4)`` uint64
arrays (:mod:`.limbs`), transforms run in :mod:`.ntt` and leaves are hashed by :mod:`.leaves`.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import limbs
from .leaves import digests_to_bytes, leaf_digests
from .montgomery import batch_inverse_array
from .ntt import evaluate, interpolate, lde


def _log2(n: int) -> int:
    if n <= 0 or n & (n - 1):
        raise ValueError("sizes must be powers of two")
    return n.bit_length() - 1


def _same_lengths(columns: Sequence[Sequence[int]]) -> int:
    n = len(columns[0])
    if any(len(c) != n for c in columns):
        raise ValueError("columns must have equal lengths")
    return n


class NumbaKernels:
    name = "numba"

    def interpolate(self, columns: Sequence[Sequence[int]], offset: int = 1) -> list[list[int]]:
        if not columns:
            return []
        _log2(_same_lengths(columns))
        return limbs.from_mont(interpolate(limbs.to_mont(columns), offset))

    def evaluate(
        self, coefficients: Sequence[Sequence[int]], log_size: int, offset: int
    ) -> list[list[int]]:
        if not coefficients:
            return []
        longest = max(1, *(len(c) for c in coefficients))
        if longest > 1 << log_size:
            raise ValueError("polynomial degree too large for the evaluation domain")
        padded = [
            list(c) + [0] * (longest - len(c)) if len(c) < longest else c for c in coefficients
        ]
        return limbs.from_mont(evaluate(limbs.to_mont(padded), log_size, offset))

    def lde(
        self, columns: Sequence[Sequence[int]], blowup_log: int, offset: int
    ) -> list[list[int]]:
        if not columns:
            return []
        _log2(_same_lengths(columns))
        return limbs.from_mont(lde(limbs.to_mont(columns), blowup_log, offset))

    def hash_leaves(self, columns: Sequence[Sequence[int]]) -> list[bytes]:
        _log2(_same_lengths(columns))
        return digests_to_bytes(leaf_digests(limbs.to_mont(columns)))

    def batch_inverse(self, values: Sequence[int]) -> list[int]:
        if not values:
            return []
        inverses, ok = batch_inverse_array(limbs.vector_to_mont(values))
        if not ok:
            raise ZeroDivisionError("zero has no inverse in Stark252")
        return limbs.vector_from_mont(inverses)
