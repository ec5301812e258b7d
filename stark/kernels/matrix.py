"""The compiled kernels' column matrix: field elements as a Montgomery limb array.

A :class:`LimbMatrix` holds ``(width, length, 4)`` uint64 limbs (see :mod:`.montgomery`).  Two
layouts avoid permutations the prover would otherwise pay for on every column:

* coefficients straight out of an inverse transform stay in bit-reversed order and unscaled
  (``length``·cᵢ), which is what the low-degree extension and the out-of-domain evaluation read;
* a low-degree extension stays *coset-major*: with ``cosets`` = b, the n·b values are stored
  coset by coset (position k·n + i holds natural index b·i + k), as the b transforms that made
  them left them.  Leaves, openings, the composition and DEEP map indices instead of moving data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..field import P
from . import limbs
from .montgomery import mont_limbs, mul_arrays
from .ntt import bit_reversal, natural_order


@dataclass(frozen=True, eq=False)
class LimbMatrix:
    """Columns of field elements in one of the layouts above (natural order by default)."""

    data: np.ndarray
    bit_reversed: bool = False
    cosets: int = 1

    def __post_init__(self) -> None:
        if self.data.ndim != 3 or self.data.shape[2] != 4 or self.data.dtype != np.uint64:
            raise ValueError("a limb matrix is a (width, length, 4) uint64 array")
        if self.bit_reversed and self.cosets != 1:
            raise ValueError("coefficients are never stored coset by coset")

    @property
    def width(self) -> int:
        return self.data.shape[0]

    @property
    def length(self) -> int:
        return self.data.shape[1]

    @property
    def log_length(self) -> int:
        return self.length.bit_length() - 1

    @property
    def log_cosets(self) -> int:
        return self.cosets.bit_length() - 1

    def position(self, index: int) -> int:
        """Where natural index ``index`` is stored."""
        if self.cosets == 1:
            return index
        log_n = self.log_length - self.log_cosets
        return ((index & (self.cosets - 1)) << log_n) | (index >> self.log_cosets)

    def natural(self) -> np.ndarray:
        """The limbs in natural order, with a transform's scale removed (maybe a new array)."""
        if self.cosets != 1:
            return natural_order(self.data, self.cosets)
        if not self.bit_reversed:
            return self.data
        scale = mont_limbs(pow(self.length, -1, P))
        permuted = np.ascontiguousarray(self.data[:, bit_reversal(self.log_length)])
        flat = permuted.reshape(-1, 4)
        return mul_arrays(flat, np.tile(scale, (flat.shape[0], 1))).reshape(permuted.shape)

    def to_columns(self) -> list[list[int]]:
        return limbs.from_mont(self.natural())


def as_matrix(columns: object) -> LimbMatrix:
    """A LimbMatrix as is; a sequence of integer columns converted."""
    if isinstance(columns, LimbMatrix):
        return columns
    return LimbMatrix(limbs.to_mont(columns))  # type: ignore[arg-type]
