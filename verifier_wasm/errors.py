"""Errors of the explorer's verifier: one root, typed children that carry their reason.

The reason of a :class:`VerificationFailed` is what the explorer shows next to "Failed"; it
says which check refused the proof (the STARK verifier, the program, or the binding to the block).
"""

from __future__ import annotations


class VerifierWasmError(Exception):
    """Root of every error this package raises."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MalformedBlock(VerifierWasmError):
    """The block JSON lacks a field the statement needs, or holds one of the wrong kind."""


class VerificationFailed(VerifierWasmError):
    """A block's proof does not establish that block's execution."""


class ProofRejected(VerificationFailed):
    """The STARK verifier rejected a proof (a changed byte, a false claim, a bad encoding)."""

    def __init__(self, reason: str, part: int | None = None) -> None:
        where = "" if part is None else f"part {part}: "
        super().__init__(f"proof rejected: {where}{reason}")
        self.part = part


class WrongProgram(VerificationFailed):
    """The proof is valid, but of a program other than the block program."""

    def __init__(self, expected: str, actual: str) -> None:
        super().__init__(f"proof is of program {actual}, not the block program {expected}")
        self.expected = expected
        self.actual = actual


class WrongBlock(VerificationFailed):
    """The proof is of the block program, but of another block (number or hash)."""


class WrongTransactions(VerificationFailed):
    """The proof's output lists transactions other than this block's succeeded ones."""


class IncompleteCoverage(VerificationFailed):
    """The range proofs of a split block are missing, overlapping or out of order."""


class BuildError(VerifierWasmError):
    """The wheel or the site bundle could not be built (a missing input, a non-stdlib import)."""


class PublishError(VerifierWasmError):
    """The site could not be copied to its folder or uploaded to its bucket."""
