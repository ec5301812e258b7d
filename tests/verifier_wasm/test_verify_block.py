"""Verified means: the STARK proofs verify, are of the block program, and state exactly this block.

Real fast-preset proofs (``explorer_scenario``), checked in CPython through the same JSON entry
point the browser's worker calls.
"""

from __future__ import annotations

import json

import pytest

import stark
from cairovm import programs
from tests.site.world import flip_byte
from verifier_wasm.binding import ProofPart, verify_block
from verifier_wasm.bundle import block_program_hash
from verifier_wasm.entry import verify_block_json
from verifier_wasm.errors import IncompleteCoverage, ProofRejected, WrongProgram
from verifier_wasm.statement import block_statement


@pytest.fixture(scope="module")
def program_hash() -> str:
    return block_program_hash()


def _verify(scenario, n: int, proofs=None, ranges=None, program_hash: str | None = None) -> dict:
    proofs = scenario.proofs[n] if proofs is None else proofs
    ranges = [{"first": p.first, "last": p.last} for p in proofs] if ranges is None else ranges
    answer = verify_block_json(
        json.dumps(scenario.blocks[n]),
        json.dumps(ranges),
        [p.result.proof for p in proofs],
        program_hash or block_program_hash(),
    )
    return json.loads(answer)


def test_the_bundles_program_hash_is_the_proofs(explorer_scenario, program_hash: str) -> None:
    assert explorer_scenario.proofs[1][0].result.program_hash == program_hash
    assert program_hash == stark.program_hash(programs.load("block").data)


def test_an_honest_block_is_verified(explorer_scenario) -> None:
    answer = _verify(explorer_scenario, 1)
    result = explorer_scenario.proofs[1][0].result
    assert answer["status"] == "verified", answer
    assert answer["block_number"] == 1
    assert answer["block_hash"] == hex(int(explorer_scenario.blocks[1]["block_hash"], 16))
    assert answer["transactions"] == 2
    assert (answer["steps"], answer["preset"], answer["insecure"]) == (result.steps, "fast", True)
    assert answer["parts"][0]["proof_bytes"] == len(result.proof)


def test_a_split_block_is_verified_from_all_ranges(explorer_scenario) -> None:
    answer = _verify(explorer_scenario, 5)
    assert answer["status"] == "verified", answer
    assert [(p["first"], p["last"]) for p in answer["parts"]] == [(0, 1), (2, 2)]
    assert answer["transactions"] == 3


def test_a_changed_byte_is_rejected(explorer_scenario) -> None:
    proof = explorer_scenario.proofs[1][0]
    for at in (10, len(proof.result.proof) // 2, len(proof.result.proof) - 1):
        statement = block_statement(explorer_scenario.blocks[1])
        with pytest.raises(ProofRejected, match=r"^proof rejected: "):
            verify_block(
                statement,
                [ProofPart(0, 1, flip_byte(proof.result.proof, at))],
                block_program_hash(),
            )


def test_a_proof_of_another_block_fails(explorer_scenario) -> None:
    answer = _verify(
        explorer_scenario, 3, proofs=explorer_scenario.proofs[1], ranges=[{"first": 0, "last": 0}]
    )
    assert (answer["status"], answer["error"]) == ("failed", "WrongBlock")
    assert answer["reason"] == "proof is of block 1, not block 3"


def test_a_proof_listing_different_transactions_fails(explorer_scenario) -> None:
    answer = _verify(explorer_scenario, 4)
    assert answer["error"] == "WrongTransactions"
    assert answer["reason"] == "transaction 1: the proof has n 0x7, the block 0x6"


def test_a_missing_range_fails(explorer_scenario) -> None:
    answer = _verify(explorer_scenario, 5, proofs=explorer_scenario.proofs[5][:1])
    assert answer["error"] == "IncompleteCoverage"
    assert answer["reason"] == "the proofs cover transactions 0-1; the block has 3 that succeeded"


def test_ranges_swapped_in_the_summary_fail(explorer_scenario) -> None:
    first, second = explorer_scenario.proofs[5]
    ranges = [{"first": 0, "last": 0}, {"first": 1, "last": 2}]
    answer = _verify(explorer_scenario, 5, proofs=[second, first], ranges=ranges)
    assert answer["status"] == "failed"
    assert answer["error"] in ("WrongTransactions", "IncompleteCoverage")


def test_a_proof_of_another_program_fails(explorer_scenario) -> None:
    other = stark.prove_program(programs.load("fibonacci"), program_input={"n": 5}, preset="fast")
    statement = block_statement(explorer_scenario.blocks[1])
    with pytest.raises(WrongProgram, match=f"proof is of program {other.program_hash}, not"):
        verify_block(statement, [ProofPart(0, 1, other.proof)], block_program_hash())
    with pytest.raises(IncompleteCoverage):
        verify_block(statement, [], block_program_hash())


@pytest.mark.parametrize(
    ("block", "ranges", "reason"),
    [
        ("{", "[]", "the block is not JSON"),
        ("{}", "[]", "block has no 'block_number'"),
        ('{"block_number": 1, "block_hash": "0x1", "transactions": []}', "[1]", "0 proofs"),
        ('{"block_number": 1, "block_hash": "0x1", "transactions": []}', "[[0, 1]]", "0 proofs"),
    ],
)
def test_unreadable_input_fails_with_the_reason(block: str, ranges: str, reason: str) -> None:
    answer = json.loads(verify_block_json(block, ranges, [], "0x1"))
    assert answer["status"] == "failed"
    assert answer["error"] == "MalformedBlock"
    assert reason in answer["reason"]
