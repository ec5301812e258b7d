"""Conversion between Python integers and Montgomery limb arrays, through bytes.

Each element crosses as 32 little-endian bytes: ``int.to_bytes`` on the way in and
``int.from_bytes`` on the way out are the only per-element Python work; numpy reinterprets the
joined bytes as uint64 limbs and the compiled kernels move them in and out of Montgomery form.
Columns whose values all fit one 64-bit word (most of a Cairo trace) skip the bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..field import P
from .montgomery import from_mont_array, to_mont_array

ELEMENT_BYTES = 32


def _joined(values: Sequence[int]) -> bytes:
    try:
        return b"".join([v.to_bytes(ELEMENT_BYTES, "little") for v in values])
    except OverflowError:  # negative or ≥ 2^256: reduce first (the slow path)
        return b"".join([(v % P).to_bytes(ELEMENT_BYTES, "little") for v in values])


def _column_limbs(column: Sequence[int], out: np.ndarray) -> None:
    """out (n, 4) ← the limbs of one column: numpy converts columns of word-sized values
    (flags, registers, offsets) directly; others go through bytes."""
    try:
        out[:, 0] = np.fromiter(column, dtype=np.uint64, count=len(column))
        out[:, 1:] = 0
    except (OverflowError, TypeError, ValueError):
        out[:] = np.frombuffer(_joined(column), dtype="<u8").reshape(-1, 4)


def canonical_array(columns: Sequence[Sequence[int]]) -> np.ndarray:
    """(columns, n, 4) uint64 limbs of equally long columns of integers (< 2^256 kept as is)."""
    if not columns:
        return np.zeros((0, 0, 4), dtype=np.uint64)
    n = len(columns[0])
    if any(len(col) != n for col in columns):
        raise ValueError("columns must have equal lengths")
    out = np.empty((len(columns), n, 4), dtype=np.uint64)
    for c, column in enumerate(columns):
        _column_limbs(column, out[c])
    return out


def to_mont(columns: Sequence[Sequence[int]]) -> np.ndarray:
    """Montgomery limbs (columns, n, 4) of integer columns, reduced modulo p."""
    return to_mont_array(canonical_array(columns))


def vector_to_mont(values: Sequence[int]) -> np.ndarray:
    """Montgomery limbs (n, 4) of one sequence of integers."""
    return to_mont([values])[0] if len(values) else np.zeros((0, 4), dtype=np.uint64)


def canonical_to_ints(limbs: np.ndarray) -> list[int]:
    """Python ints of a (n, 4) array of canonical limbs."""
    data = np.ascontiguousarray(limbs, dtype="<u8").tobytes()
    from_bytes = int.from_bytes
    return [from_bytes(data[i : i + ELEMENT_BYTES], "little") for i in range(0, len(data), 32)]


def from_mont(array: np.ndarray) -> list[list[int]]:
    """Integer columns of a (columns, n, 4) Montgomery array."""
    canonical = from_mont_array(np.ascontiguousarray(array))
    return [canonical_to_ints(col) for col in canonical]


def vector_from_mont(array: np.ndarray) -> list[int]:
    """Integers of a (n, 4) Montgomery array."""
    return canonical_to_ints(from_mont_array(np.ascontiguousarray(array)))
