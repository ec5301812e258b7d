"""The explorer's test world: the built site, and a chain writer that lays out blocks, proofs,
summaries and ``index.json`` exactly as the prover chain does (its own record and index code).

Proofs are real: the block program is run on a block's succeeded transactions and proven with
``stark.prove_program`` (fast preset), as the prover does.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import stark
from cairovm import programs
from cairovm.block import block_program_input, expected_output
from prover_lambda import index as index_mod
from prover_lambda.layout import block_key, proof_key, range_proof_key, summary_key
from prover_lambda.records import Part, hex_list, now_iso, summarize
from verifier_wasm.bundle import build_bundle

REPO = Path(__file__).resolve().parents[2]
SITE_SOURCES = ("index.html", "favicon.svg", "css", "js")
#: Transaction fields holding markup: the explorer must show them as text.
MARKUP_SENDER = '<img src="x" onerror="window.__injected = 1">'
MARKUP_REASON = "<script>window.__injected = 2</script><b>not bold</b>"


def build_site(dest: Path) -> Path:
    """A copy of the explorer's pages with a freshly built verifier bundle in ``build/verifier``."""
    for name in SITE_SOURCES:
        src = REPO / "site" / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest / name)
    build_bundle(dest / "build" / "verifier")
    return dest


def succeeded_calls(block: dict[str, Any]) -> list[dict[str, Any]]:
    """The block program's transactions: the block's succeeded ones, in order."""
    return [
        {
            "hash": e["receipt"]["transaction_hash"],
            "selector": int(e["transaction"]["calldata"][0], 16),
            "n": int(e["transaction"]["calldata"][1], 16),
        }
        for e in block["transactions"]
        if e["receipt"]["execution_status"] == "SUCCEEDED"
    ]


@dataclass(frozen=True)
class RangeProof:
    """A proof of transactions first..last (succeeded indices, inclusive) of a block."""

    first: int
    last: int
    result: stark.ProofResult


def prove(
    block: dict[str, Any],
    first: int = 0,
    last: int | None = None,
    calls: list[dict[str, Any]] | None = None,
    preset: str = "fast",
) -> RangeProof:
    """Prove the block program on ``calls`` (default: the block's succeeded ones, first..last)."""
    txs = succeeded_calls(block)
    last = len(txs) - 1 if last is None else last
    chosen = txs[first : last + 1] if calls is None else calls
    program_input = block_program_input(block["block_number"], block["block_hash"], chosen)
    result = stark.prove_program(programs.load("block"), program_input=program_input, preset=preset)
    return RangeProof(first=first, last=last, result=result)


class ChainWriter:
    """Writes keys the way the watcher, the prover and the indexer do, through ``put(key, body)``."""

    def __init__(self, put: Callable[[str, bytes], None]) -> None:
        self.put = put
        self.index = index_mod.empty_index()

    def _apply(self, change: index_mod.Change) -> None:
        change(self.index)
        self.index["proven_height"] = index_mod.proven_height(self.index)
        self.index["updated_at"] = now_iso()
        self.put("index.json", json.dumps(self.index, indent=1).encode())

    def add_block(self, block: dict[str, Any]) -> None:
        """Store a block (the watcher's write) and mark it pending."""
        self.put(block_key(block["block_number"]), json.dumps(block).encode())
        self._apply(
            index_mod.mark_pending(
                block["block_number"], block["block_hash"], len(block["transactions"])
            )
        )

    def add_proofs(
        self,
        block: dict[str, Any],
        proofs: list[RangeProof],
        tamper: Callable[[bytes], bytes] = lambda b: b,
    ) -> None:
        """Store a block's proofs, then its summary, then mark it proven (the prover's order)."""
        number = block["block_number"]
        parts = []
        for p in proofs:
            whole = len(proofs) == 1
            key = proof_key(number) if whole else range_proof_key(number, p.first, p.last)
            body = tamper(p.result.proof)
            self.put(key, body)
            parts.append(
                Part(
                    block_number=number,
                    key=key,
                    first=p.first,
                    last=p.last,
                    program_hash=p.result.program_hash,
                    preset=p.result.preset,
                    security_bits=p.result.security_bits,
                    insecure=p.result.preset != "secure",
                    steps=p.result.steps,
                    prove_seconds=round(p.result.prove_seconds, 3),
                    proof_bytes=len(body),
                    output=tuple(hex_list(p.result.output)),
                    proven_at=now_iso(),
                )
            )
        output = expected_output(number, block["block_hash"], succeeded_calls(block))
        summary = summarize(
            number, block["block_hash"], len(block["transactions"]), parts, hex_list(output)
        )
        self.put(summary_key(number), summary.to_json())
        self._apply(index_mod.mark_proven(summary.to_dict()))

    def fail(self, number: int, reason: str) -> None:
        """Record a proving failure (the prover's dead-letter path)."""
        self._apply(index_mod.mark_failed(number, reason))


def folder_put(root: Path) -> Callable[[str, bytes], None]:
    """A ``put`` that writes into a folder (the ``fs`` storage layout)."""

    def put(key: str, body: bytes) -> None:
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(body)
        tmp.replace(path)

    return put


def flip_byte(data: bytes, at: int | None = None) -> bytes:
    """``data`` with one byte changed (the middle one by default)."""
    i = len(data) // 2 if at is None else at
    return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]
