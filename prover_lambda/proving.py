"""The prover chain's only contact with the VM and the proof system.

:func:`run_range` runs the block program on a slice of a block's transactions (to learn its step
count and check its output against the receipts); :func:`prove_range` proves that run with
``stark.prove_program`` and checks the proof with ``stark.verify`` before anyone stores it.
``cairovm`` and ``stark`` are imported here lazily, so that the watcher and the indexer never
load them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from prover_lambda.blocks import Block, ProvenTx
from prover_lambda.errors import BlockRejected, ConfigError, ProofCheckFailed

LAYOUT = "small"


@dataclass(frozen=True)
class RangeRun:
    """The block program's run on transactions ``first..last``: steps and output."""

    first: int
    last: int
    steps: int
    output: tuple[int, ...]


@dataclass(frozen=True)
class CheckedProof:
    """What the verifier accepted about a proof."""

    program_hash: str
    output: tuple[int, ...]
    steps: int
    preset: str
    security_bits: int
    insecure: bool

    @classmethod
    def of(cls, statement: Any) -> CheckedProof:
        """The statement of a ``stark.VerifiedClaim`` or ``stark.ProofResult``."""
        return cls(
            program_hash=statement.program_hash,
            output=tuple(statement.output),
            steps=statement.steps,
            preset=statement.preset,
            security_bits=statement.security_bits,
            insecure=statement.insecure,
        )


@dataclass(frozen=True)
class RangeProof(CheckedProof):
    """A proof of one range, checked by the verifier, and what it states."""

    proof: bytes
    prove_seconds: float


@functools.cache
def block_program() -> Any:
    """The compiled block program (loaded once per process)."""
    from cairovm import programs

    return programs.load("block")


@functools.cache
def block_program_hash() -> str:
    """The block program's hash, as the verifier computes it from the proof's public memory."""
    import stark

    return str(stark.program_hash(list(block_program().data)))


def program_input(block: Block, txs: tuple[ProvenTx, ...]) -> dict[str, Any]:
    """The block program's input for ``txs`` of ``block``.

    Raises:
        BlockRejected: a transaction is not a call the chain executes.
    """
    from cairovm import CairoVMError
    from cairovm.block import block_program_input

    try:
        return block_program_input(
            block.number, block.hash, [(t.hash, t.selector, t.n) for t in txs]
        )
    except (CairoVMError, ValueError) as exc:
        raise BlockRejected(block.number, f"not a block the program takes: {exc}") from exc


def expected_output(block: Block, txs: tuple[ProvenTx, ...]) -> tuple[int, ...]:
    """``[block_number, block_hash, count, (tx_hash, selector, n, result)*]`` per the receipts."""
    out = [block.number, block.hash, len(txs)]
    for t in txs:
        out.extend((t.hash, t.selector, t.n, t.result))
    return tuple(out)


def _slice(block: Block, first: int, last: int) -> tuple[ProvenTx, ...]:
    return block.txs[first : last + 1]


def run_range(block: Block, first: int, last: int) -> RangeRun:
    """Run the block program in proof mode on transactions ``first..last``.

    Raises:
        BlockRejected: the program fails on the block, or its output differs from the receipts.
    """
    from cairovm import CairoVMError, run_program

    txs = _slice(block, first, last)
    given = program_input(block, txs)
    try:
        result = run_program(block_program(), layout=LAYOUT, proof_mode=True, program_input=given)
    except CairoVMError as exc:
        raise BlockRejected(block.number, f"the block program fails: {exc}") from exc
    output = tuple(result.output)
    expected = expected_output(block, txs)
    if output != expected:
        raise BlockRejected(block.number, _mismatch(output, expected))
    return RangeRun(first, last, result.steps, output)


def _mismatch(output: tuple[int, ...], expected: tuple[int, ...]) -> str:
    if len(output) != len(expected):
        return f"the program wrote {len(output)} output cells, the receipts imply {len(expected)}"
    for index, (got, want) in enumerate(zip(output, expected, strict=True)):
        if got != want:
            if index >= 3:
                tx = (index - 3) // 4
                tx_hash = hex(output[3 + 4 * tx])
                return (
                    f"transaction {tx_hash}: the program computes {hex(got)}, "
                    f"the receipt says {hex(want)}"
                )
            return f"output cell {index}: the program writes {hex(got)}, expected {hex(want)}"
    return "output differs"


def prove_range(block: Block, run: RangeRun, preset: str, *, verify: bool = True) -> RangeProof:
    """Prove ``run`` with the STARK prover; with ``verify``, check the proof with the verifier
    against the range's expected output before anyone stores it.

    Raises:
        ConfigError: ``preset`` is not one of stark's presets.
        ProofCheckFailed: the fresh proof does not verify or proves another output.
    """
    import stark

    if preset not in stark.PRESETS:
        raise ConfigError("PROOF_PRESET", preset, f"known presets: {', '.join(stark.PRESETS)}")
    txs = _slice(block, run.first, run.last)
    result = stark.prove_program(
        block_program(), program_input=program_input(block, txs), layout=LAYOUT, preset=preset
    )
    if tuple(result.output) != run.output:
        raise ProofCheckFailed(block.number, "the prover proved another output than the run's")
    if verify:
        checked = check_proof(block.number, result.proof, run.output)
    else:
        checked = CheckedProof.of(result)
    return RangeProof(
        **vars(checked), proof=result.proof, prove_seconds=float(result.prove_seconds)
    )


def check_proof(block_number: int, proof: bytes, expected: tuple[int, ...]) -> CheckedProof:
    """Verify ``proof`` and check it proves the block program with output ``expected``.

    Raises:
        ProofCheckFailed: it does not verify, or proves another program or output.
    """
    import stark

    try:
        claim = stark.verify(proof, expected_program_hash=block_program_hash())
    except stark.InvalidProof as exc:
        raise ProofCheckFailed(block_number, str(exc)) from exc
    if tuple(claim.output) != expected:
        raise ProofCheckFailed(block_number, "the proof's public output is not this range's")
    return CheckedProof.of(claim)
