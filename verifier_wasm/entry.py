"""The function the explorer's Web Worker calls: JSON in, JSON out.

The worker hands over the block exactly as the page shows it (the text of ``blocks/<n>.json``),
the ranges from the block's proof summary, and the proofs' bytes; it gets back a JSON object
``{"status": "verified", ...}`` or ``{"status": "failed", "reason": ..., "error": ...}``. Only a
fault of this code itself raises (the worker reports it as a verifier error).

Standard library only: this module runs in the browser.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from verifier_wasm.binding import ProofPart, verify_block
from verifier_wasm.errors import MalformedBlock, VerifierWasmError
from verifier_wasm.statement import block_statement


def _as_bytes(value: Any) -> bytes:
    """Bytes from a Python buffer or a Pyodide proxy of a JavaScript ``Uint8Array``."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    to_bytes = getattr(value, "to_bytes", None)
    if callable(to_bytes):
        return bytes(to_bytes())
    raise TypeError(f"a proof must be bytes, not {type(value).__name__}")


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise MalformedBlock(f"{what} is not JSON: {exc}") from exc


def _ranges(ranges_json: str, count: int) -> list[tuple[int, int]]:
    ranges = _json(ranges_json, "the proof ranges")
    if not isinstance(ranges, list) or len(ranges) != count:
        raise MalformedBlock(f"{count} proofs were given for {ranges!r:.80} ranges")
    out = []
    for r in ranges:
        if not isinstance(r, dict):
            raise MalformedBlock(f"a proof range is not an object: {r!r:.80}")
        first, last = r.get("first"), r.get("last")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (first, last)):
            raise MalformedBlock(f"a proof range is not two integers: {r!r}")
        out.append((first, last))
    return out


def verify_block_json(
    block_json: str, ranges_json: str, proofs: Sequence[Any], program_hash: str
) -> str:
    """Verify a block's proofs against the block; answer a JSON verdict (see the module doc)."""
    try:
        block = _json(block_json, "the block")
        statement = block_statement(block)
        ranges = _ranges(ranges_json, len(proofs))
        parts = [
            ProofPart(first=first, last=last, proof=_as_bytes(proof))
            for (first, last), proof in zip(ranges, proofs, strict=True)
        ]
        verdict = verify_block(statement, parts, program_hash)
    except VerifierWasmError as exc:
        return json.dumps({"status": "failed", "reason": exc.reason, "error": type(exc).__name__})
    return json.dumps({"status": "verified", **asdict(verdict)})
