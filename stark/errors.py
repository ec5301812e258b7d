"""Errors of the STARK prover and verifier: one root, typed children carrying their reason.

The verifier raises only :class:`InvalidProof` (with the reason it rejected); the prover raises
:class:`ProverError` children for statements it refuses to prove.
"""

from __future__ import annotations


class StarkError(Exception):
    """Root of every error this package raises."""


class InvalidProof(StarkError):
    """The proof does not establish its claim; ``reason`` says which check failed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidOptions(StarkError):
    """Proof options outside the supported ranges, or an unknown preset name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ProverError(StarkError):
    """The prover cannot produce a proof for this input."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnsupportedBuiltin(ProverError):
    """The run uses a builtin whose semantics the AIR does not constrain."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"the run uses the {name} builtin, which this AIR does not constrain; "
            "refusing to prove it (supported: output, range_check)"
        )
        self.name = name


class InvalidTrace(ProverError):
    """The execution trace or memory breaks a rule of the Cairo machine."""
