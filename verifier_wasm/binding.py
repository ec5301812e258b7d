"""Verify a block's proofs and bind them to the block: the explorer's definition of Verified.

A block counts as verified only if

1. every proof of the block passes the STARK verifier (:func:`stark.verify`),
2. every proof is of the block program (its program hash equals the known one), and
3. the proofs' public outputs, taken in range order, state exactly this block: its number and
   hash in each, and together its succeeded transactions, in order, with their results.

A block proven in ranges has one proof per consecutive slice of its succeeded transactions
(indices counted over the succeeded ones, inclusive, as the prover chain's layout says); the
ranges must tile the whole list and each proof must list exactly its slice, so a missing, repeated
or reordered range fails.

Standard library only (besides the verifier half of :mod:`stark`): this module runs in the browser.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import stark
from verifier_wasm.errors import (
    IncompleteCoverage,
    ProofRejected,
    WrongBlock,
    WrongProgram,
    WrongTransactions,
)
from verifier_wasm.statement import (
    CELLS_PER_TRANSACTION,
    HEADER_CELLS,
    BlockStatement,
    ProvenTransaction,
)

_FIELDS = ("hash", "selector", "n", "result")


@dataclass(frozen=True)
class ProofPart:
    """One proof of a block: the range of transactions it covers (inclusive) and its bytes."""

    first: int
    last: int
    proof: bytes


@dataclass(frozen=True)
class PartVerdict:
    """What verifying one part established."""

    first: int
    last: int
    steps: int
    proof_bytes: int
    verify_seconds: float


@dataclass(frozen=True)
class BlockVerdict:
    """A verified block: what its proofs establish and what verifying them cost."""

    block_number: int
    block_hash: str
    program_hash: str
    preset: str
    security_bits: int
    insecure: bool
    steps: int
    transactions: int
    parts: tuple[PartVerdict, ...]
    verify_seconds: float


def same_hash(a: str, b: str) -> bool:
    """Whether two ``0x`` hex hashes name the same value (case and leading zeros ignored)."""
    try:
        return int(a, 16) == int(b, 16)
    except (TypeError, ValueError):
        return False


def _read_transactions(output: Sequence[int], part: str) -> list[ProvenTransaction]:
    count = output[2]
    expected_len = HEADER_CELLS + CELLS_PER_TRANSACTION * count
    if len(output) != expected_len:
        raise WrongTransactions(
            f"{part}output has {len(output)} cells, but its count {count} needs {expected_len}"
        )
    cells = output[HEADER_CELLS:]
    return [
        ProvenTransaction(*cells[i : i + CELLS_PER_TRANSACTION])
        for i in range(0, len(cells), CELLS_PER_TRANSACTION)
    ]


def _check_tiling(ranges: Sequence[tuple[int, int]], count: int) -> None:
    position = 0
    for first, last in ranges:
        if first > position:
            raise IncompleteCoverage(f"no proof covers transactions {position}-{first - 1}")
        if first < position:
            raise IncompleteCoverage(f"two ranges cover transaction {first}")
        if last < first - 1:
            raise IncompleteCoverage(f"range {first}-{last} is empty or reversed")
        position = last + 1
    if position != count:
        if position < count:
            raise IncompleteCoverage(
                f"the proofs cover transactions 0-{position - 1}; the block has {count} that "
                "succeeded"
            )
        raise IncompleteCoverage(
            f"the proofs cover transactions 0-{position - 1}; the block has only {count} that "
            "succeeded"
        )


def bind_outputs(
    statement: BlockStatement,
    ranges: Sequence[tuple[int, int]],
    outputs: Sequence[Sequence[int]],
) -> None:
    """Check that the proofs' outputs, one per range in range order, state exactly ``statement``.

    ``ranges`` are the (first, last) succeeded-transaction indices each proof covers; together
    they must tile the block's succeeded transactions, and each output must list exactly its
    range's transactions, with their results.

    Raises:
        WrongBlock: an output names another block number or hash.
        WrongTransactions: an output lists transactions other than its range of the block's.
        IncompleteCoverage: there is no proof, or the ranges miss or repeat transactions.
    """
    if not outputs:
        raise IncompleteCoverage("no proof covers this block")
    if len(ranges) != len(outputs):
        raise IncompleteCoverage(f"{len(outputs)} proofs for {len(ranges)} ranges")
    split = len(outputs) > 1
    listed: list[list[ProvenTransaction]] = []
    for index, output in enumerate(outputs):
        part = f"part {index}: " if split else ""
        if len(output) < HEADER_CELLS:
            raise WrongTransactions(f"{part}output has {len(output)} cells, fewer than a header")
        if output[0] != statement.number:
            raise WrongBlock(f"{part}proof is of block {output[0]}, not block {statement.number}")
        if output[1] != statement.hash:
            raise WrongBlock(
                f"{part}proof is of block hash {output[1]:#x}, not this block's {statement.hash:#x}"
            )
        listed.append(_read_transactions(output, part))
    count = len(statement.transactions)
    _check_tiling(ranges, count)
    for index, ((first, last), proven) in enumerate(zip(ranges, listed, strict=True)):
        for offset, got in enumerate(proven[: last - first + 1]):
            want = statement.transactions[first + offset]
            for name in _FIELDS:
                if getattr(got, name) != getattr(want, name):
                    raise WrongTransactions(
                        f"transaction {first + offset}: the proof has {name} "
                        f"{getattr(got, name):#x}, the block {getattr(want, name):#x}"
                    )
        if len(proven) != last - first + 1:
            if split:
                raise WrongTransactions(
                    f"part {index}: the proof lists {len(proven)} transactions for range "
                    f"{first}-{last}"
                )
            raise WrongTransactions(
                f"the proof lists {len(proven)} transactions, the block has {count} that succeeded"
            )


def verify_block(
    statement: BlockStatement, parts: Sequence[ProofPart], program_hash: str
) -> BlockVerdict:
    """Verify every proof of a block and bind them to its statement (see the module's doc).

    Raises:
        ProofRejected: the STARK verifier rejected a proof.
        WrongProgram: a proof is of another program than ``program_hash``.
        WrongBlock, WrongTransactions, IncompleteCoverage: see :func:`bind_outputs`.
    """
    ordered = sorted(parts, key=lambda p: (p.first, p.last))
    start = time.perf_counter()
    claims = []
    verdicts = []
    for index, part in enumerate(ordered):
        began = time.perf_counter()
        try:
            claim = stark.verify(part.proof)
        except stark.InvalidProof as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            raise ProofRejected(reason, part=index if len(ordered) > 1 else None) from exc
        if not same_hash(claim.program_hash, program_hash):
            raise WrongProgram(expected=program_hash, actual=claim.program_hash)
        claims.append(claim)
        verdicts.append(
            PartVerdict(
                first=part.first,
                last=part.last,
                steps=claim.steps,
                proof_bytes=len(part.proof),
                verify_seconds=time.perf_counter() - began,
            )
        )
    bind_outputs(statement, [(p.first, p.last) for p in ordered], [c.output for c in claims])
    weakest = min(claims, key=lambda c: c.security_bits) if claims else None
    return BlockVerdict(
        block_number=statement.number,
        block_hash=f"{statement.hash:#x}",
        program_hash=program_hash,
        preset=weakest.preset if weakest else "",
        security_bits=weakest.security_bits if weakest else 0,
        insecure=any(c.insecure for c in claims),
        steps=sum(c.steps for c in claims),
        transactions=len(statement.transactions),
        parts=tuple(verdicts),
        verify_seconds=time.perf_counter() - start,
    )
