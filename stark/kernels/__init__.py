"""Arithmetic kernels of the prover behind one narrow interface.

The protocol code (:mod:`stark.prover`, :mod:`stark.fri_prover`) calls only these functions, so a
faster implementation (compiled, vectorised) can replace the plain-Python one without touching
the protocol.  Columns are lists of field elements (Python ints in [0, p)); domains are two-adic
subgroups or their cosets, in natural order (index i ↦ offset·ω^i).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..config import load_config


class Kernels(Protocol):
    name: str

    def interpolate(self, columns: Sequence[Sequence[int]], offset: int = 1) -> list[list[int]]:
        """Coefficients of the polynomials whose values on offset·⟨ω_n⟩ are the columns."""

    def evaluate(
        self, coefficients: Sequence[Sequence[int]], log_size: int, offset: int
    ) -> list[list[int]]:
        """Values of each polynomial on offset·⟨ω_{2^log_size}⟩ (degree < 2^log_size)."""

    def lde(
        self, columns: Sequence[Sequence[int]], blowup_log: int, offset: int
    ) -> list[list[int]]:
        """Low-degree extension: trace columns on ⟨ω_n⟩ to their values on offset·⟨ω_{n·b}⟩."""

    def hash_leaves(self, columns: Sequence[Sequence[int]]) -> list[bytes]:
        """Leaf digests of a committed matrix: leaf i = row i ‖ row i + N/2 (i < N/2)."""

    def batch_inverse(self, values: Sequence[int]) -> list[int]:
        """Elementwise inverses (all values nonzero)."""

    def combine(self, columns: Sequence[Sequence[int]], coefficients: Sequence[int]) -> list[int]:
        """The column Σ_j coefficients[j]·columns[j], reduced.

        Optional: :func:`combine` falls back to the plain-Python version when an implementation
        does not provide it.
        """


_KERNELS: Kernels | None = None


def get_kernels() -> Kernels:
    """The configured implementation (``STARK_KERNELS``, default ``python``)."""
    global _KERNELS
    if _KERNELS is None:
        name = load_config().kernels
        if name != "python":
            raise ValueError(f"unknown STARK_KERNELS {name!r} (available: python)")
        from .python import PythonKernels

        _KERNELS = PythonKernels()
    return _KERNELS


def combine(
    kernels: Kernels, columns: Sequence[Sequence[int]], coefficients: Sequence[int]
) -> list[int]:
    """``kernels.combine`` where the implementation has it, else the plain-Python one."""
    method = getattr(kernels, "combine", None)
    if method is None:
        from .python import PythonKernels

        method = PythonKernels().combine
    return method(columns, coefficients)
