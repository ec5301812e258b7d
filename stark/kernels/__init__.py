"""Arithmetic kernels of the prover behind one narrow interface.

The protocol code (:mod:`stark.prover`, :mod:`stark.fri_prover`) calls only these functions, so a
faster implementation (compiled, vectorised) can replace the plain-Python one without touching
the protocol.  Values are field elements (Python ints in [0, p)) going in and out; in between, a
*matrix* is whatever an implementation keeps its columns in (the plain kernels: the list of
columns; the compiled ones: a Montgomery limb array), made by :meth:`Kernels.matrix` and read
back by :meth:`Kernels.columns`.  Methods that take a matrix also take plain integer columns.
Domains are two-adic subgroups or their cosets, in natural order (index i ↦ offset·ω^i).

``STARK_KERNELS`` picks the implementation: ``auto`` (the default: the compiled kernels when
numba imports, else the plain ones), ``numba`` or ``python``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ..config import load_config

if TYPE_CHECKING:
    from ..air import Air
    from ..transcript import Transcript

Matrix = Any
"""An implementation's column matrix (see the module docstring)."""


class Kernels(Protocol):
    name: str

    def matrix(self, columns: Sequence[Sequence[int]]) -> Matrix:
        """The columns in this implementation's form."""

    def columns(self, m: Matrix) -> list[list[int]]:
        """A matrix's columns as Python ints."""

    def interpolate(self, columns: Matrix, offset: int = 1) -> Matrix:
        """Coefficients of the polynomials whose values on offset·⟨ω_n⟩ are the columns."""

    def evaluate(self, coefficients: Matrix, log_size: int, offset: int) -> Matrix:
        """Values of each polynomial on offset·⟨ω_{2^log_size}⟩ (degree < 2^log_size)."""

    def lde(self, columns: Matrix, blowup_log: int, offset: int) -> Matrix:
        """Low-degree extension: trace columns on ⟨ω_n⟩ to their values on offset·⟨ω_{n·b}⟩."""

    def hash_leaves(self, columns: Matrix) -> list[bytes]:
        """Leaf digests of a committed matrix: leaf i = row i ‖ row i + N/2 (i < N/2)."""

    def merkle_tree(self, columns: Matrix) -> Any:
        """The tree over :meth:`hash_leaves` (``root`` and ``open`` as :class:`MerkleTree`)."""

    def open_rows(self, columns: Matrix, leaves: Sequence[int]) -> tuple[tuple[int, ...], ...]:
        """The contents of the given leaves: row q followed by row q + N/2, for each q."""

    def batch_inverse(self, values: Sequence[int]) -> list[int]:
        """Elementwise inverses (all values nonzero)."""

    def combine(self, columns: Matrix, coefficients: Sequence[int]) -> list[int]:
        """The column Σ_j coefficients[j]·columns[j], reduced."""

    def evaluate_at(self, coefficients: Matrix, points: Sequence[int]) -> list[list[int]]:
        """Each polynomial at each point: one list of values per column."""

    def composition_values(
        self,
        air: Air,
        ctx: object,
        lde: Sequence[Matrix],
        coefficients: Sequence[int],
        log_eval: int,
    ) -> Matrix:
        """The composition polynomial (one column) on the 2^log_eval-point sub-coset of the
        extensions' coset: Σ_D 1/Z_D · Σ_{constraints on D} coefficient·numerator."""

    def violated_constraints(
        self, air: Air, ctx: object, trace: Sequence[Matrix]
    ) -> list[tuple[str, int]]:
        """Every (constraint name, row) the trace (main, then auxiliary) breaks, by row."""

    def deep_composition(
        self,
        lde: Sequence[Matrix],
        part_lde: Matrix,
        gammas: Sequence[int],
        ood_current: Sequence[int],
        ood_next: Sequence[int],
        ood_composition: Sequence[int],
        points: Sequence[int],
        log_domain: int,
    ) -> Matrix:
        """The DEEP composition f₀ on the coset (one column); points = (z, z·g, z^parts)."""

    def fold(self, values: Matrix, layer: int, log_domain: int, beta: int) -> Matrix:
        """One FRI folding round of a one-column layer (the rule of :func:`stark.fri.fold_pair`)."""

    def grind(self, transcript: Transcript, bits: int) -> int:
        """The least nonce passing ``transcript.check_pow(nonce, bits)``."""


_KERNELS: Kernels | None = None


KERNEL_NAMES = ("auto", "numba", "python")


def numba_available() -> bool:
    """Whether the compiled kernels can be used here (numba imports)."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def get_kernels() -> Kernels:
    """The configured implementation (``STARK_KERNELS``: auto, numba or python)."""
    global _KERNELS
    if _KERNELS is None:
        name = load_config().kernels
        if name not in KERNEL_NAMES:
            raise ValueError(
                f"unknown STARK_KERNELS {name!r} (available: {', '.join(KERNEL_NAMES)})"
            )
        if name == "numba" and not numba_available():
            raise ValueError(
                "STARK_KERNELS=numba but numba is not installed (pip install '.[fast]')"
            )
        if name == "numba" or (name == "auto" and numba_available()):
            from .numba_kernels import NumbaKernels

            _KERNELS = NumbaKernels()
        else:
            from .python import PythonKernels

            _KERNELS = PythonKernels()
    return _KERNELS
