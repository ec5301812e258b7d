"""STARK proofs of Cairo executions over Stark252.

Public API::

    from stark import prove_program, prove_run, verify, InvalidProof, PRESETS, program_hash
    result = prove_program(program, program_input=None, layout="small", preset="secure")
    claim = verify(result.proof, expected_program_hash=result.program_hash)

The verifier half (``verify``, ``program_hash``, ``PRESETS``, ``InvalidProof`` and the modules
behind them) imports only the standard library, so it runs unchanged in Pyodide; the prover
(``prove_program``, ``prove_run``, ``ProofResult``) is imported on first use.
"""

from __future__ import annotations

from typing import Any

from .cairo_verifier import VerifiedClaim, is_valid, verify
from .errors import InvalidProof, ProverError, StarkError, UnsupportedBuiltin
from .options import PRESETS, ProofOptions
from .public_input import program_hash

__all__ = [
    "PRESETS",
    "InvalidProof",
    "ProofOptions",
    "ProofResult",
    "ProverError",
    "StarkError",
    "UnsupportedBuiltin",
    "VerifiedClaim",
    "is_valid",
    "program_hash",
    "prove_program",
    "prove_run",
    "verify",
]

_PROVER_NAMES = ("prove_program", "prove_run", "ProofResult")


def __getattr__(name: str) -> Any:
    if name in _PROVER_NAMES:
        from . import cairo_prover

        return getattr(cairo_prover, name)
    raise AttributeError(f"module 'stark' has no attribute {name!r}")
