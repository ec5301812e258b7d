"""The JSON records the prover writes: a range's part record and a block's summary.

Both are described in :mod:`prover_lambda.layout`. A summary's ``output`` is the whole block's
output ``[block_number, block_hash, count, (tx_hash, selector, n, result)*]``; for a split block
each part carries the output of its own range, and the parts' transaction tuples, concatenated
in order, are the summary's.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from prover_lambda.errors import RecordError


def now_iso() -> str:
    """The current UTC time, ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def hex_list(values: tuple[int, ...] | list[int]) -> list[str]:
    """Felts as ``0x`` hex strings."""
    return [hex(v) for v in values]


@dataclass(frozen=True)
class Part:
    """One proof of a block: a range of its succeeded transactions (or all of them)."""

    block_number: int
    key: str
    first: int
    last: int
    program_hash: str
    preset: str
    security_bits: int
    insecure: bool
    steps: int
    prove_seconds: float | None
    proof_bytes: int
    output: tuple[str, ...]
    proven_at: str

    def to_json(self) -> bytes:
        """The part record's bytes."""
        data = asdict(self)
        data["output"] = list(self.output)
        return json.dumps(data, sort_keys=True, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Part:
        """Decode a part record. Raises RecordError."""
        try:
            raw = json.loads(data)
            raw["output"] = tuple(raw["output"])
            return cls(**raw)
        except (ValueError, TypeError, KeyError) as exc:
            raise RecordError(f"not a part record: {exc}") from exc


@dataclass(frozen=True)
class Summary:
    """Block ``block_number`` fully proven: the contract's ``proofs/<n>.json``."""

    block_number: int
    block_hash: str
    program_hash: str
    preset: str
    security_bits: int
    insecure: bool
    steps: int
    prove_seconds: float | None
    proof_bytes: int
    proven_at: str
    tx_count: int
    parts: tuple[Part, ...]
    output: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The summary as the JSON object the layout names."""
        return {
            "block_number": self.block_number,
            "block_hash": self.block_hash,
            "program_hash": self.program_hash,
            "preset": self.preset,
            "security_bits": self.security_bits,
            "insecure": self.insecure,
            "steps": self.steps,
            "prove_seconds": self.prove_seconds,
            "proof_bytes": self.proof_bytes,
            "proven_at": self.proven_at,
            "tx_count": self.tx_count,
            "parts": [
                {
                    "key": p.key,
                    "first": p.first,
                    "last": p.last,
                    "steps": p.steps,
                    "prove_seconds": p.prove_seconds,
                    "proof_bytes": p.proof_bytes,
                    "output": list(p.output),
                }
                for p in self.parts
            ],
            "output": list(self.output),
        }

    def to_json(self) -> bytes:
        """The summary's bytes."""
        return json.dumps(self.to_dict(), indent=1).encode()


def summarize(
    block_number: int, block_hash: str, tx_count: int, parts: list[Part], output: list[str]
) -> Summary:
    """The summary of a block proven by ``parts`` (in transaction order)."""
    times = [p.prove_seconds for p in parts]
    return Summary(
        block_number=block_number,
        block_hash=block_hash,
        program_hash=parts[0].program_hash,
        preset=parts[0].preset,
        security_bits=min(p.security_bits for p in parts),
        insecure=any(p.insecure for p in parts),
        steps=sum(p.steps for p in parts),
        prove_seconds=None if None in times else round(sum(t for t in times if t), 3),
        proof_bytes=sum(p.proof_bytes for p in parts),
        proven_at=now_iso(),
        tx_count=tx_count,
        parts=tuple(parts),
        output=tuple(output),
    )
