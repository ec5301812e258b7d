"""Binding proof outputs to a block: number, hash, and exactly its succeeded transactions.

The outputs here are what the block program writes, computed by ``cairovm.block.expected_output``
(the Cairo VM's side); the statement is read from the block JSON (the explorer's side). The
STARK side (real proofs) is covered in tests/site and tests/stark/test_pyodide.py.
"""

from __future__ import annotations

import pytest

from cairovm.block import expected_output
from tests.site.chain import Call, make_block
from verifier_wasm.binding import bind_outputs
from verifier_wasm.errors import IncompleteCoverage, WrongBlock, WrongTransactions
from verifier_wasm.statement import block_statement

CALLS = [Call(0, 10), Call(9, 3), Call(1, 5), Call(0, 20), Call(1, 7)]  # the second reverts


def _txs(block: dict) -> list[dict]:
    return [
        {"hash": e["receipt"]["transaction_hash"], "selector": int(e["transaction"]["calldata"][0], 16),
         "n": int(e["transaction"]["calldata"][1], 16)}
        for e in block["transactions"] if e["receipt"]["execution_status"] == "SUCCEEDED"
    ]  # fmt: skip


@pytest.fixture(scope="module")
def block() -> dict:
    return make_block(4, CALLS)


def _output(block: dict, txs: list[dict], number: int | None = None, hash_: str | None = None):
    return expected_output(
        block["block_number"] if number is None else number,
        block["block_hash"] if hash_ is None else hash_,
        txs,
    )


def test_the_statement_is_what_the_block_program_outputs(block: dict) -> None:
    statement = block_statement(block)
    assert statement.output() == _output(block, _txs(block))
    assert len(statement.transactions) == 4


def test_one_proof_of_the_whole_block_binds(block: dict) -> None:
    bind_outputs(block_statement(block), [(0, 3)], [_output(block, _txs(block))])


def test_ranges_that_tile_the_block_bind(block: dict) -> None:
    txs = _txs(block)
    outputs = [_output(block, txs[0:1]), _output(block, txs[1:3]), _output(block, txs[3:4])]
    bind_outputs(block_statement(block), [(0, 0), (1, 2), (3, 3)], outputs)


def test_an_empty_block_binds_with_count_zero() -> None:
    empty = make_block(9, [Call(7, 1)])
    bind_outputs(block_statement(empty), [(0, -1)], [_output(empty, [])])


@pytest.mark.parametrize(
    ("number", "hash_", "reason"),
    [
        (5, None, "proof is of block 5, not block 4"),
        (None, "0x1234", "proof is of block hash 0x1234, not this block's"),
    ],
)
def test_a_proof_of_another_block_fails(block: dict, number, hash_, reason: str) -> None:
    with pytest.raises(WrongBlock, match=reason):
        bind_outputs(block_statement(block), [(0, 3)], [_output(block, _txs(block), number, hash_)])


def test_different_transactions_fail_with_the_first_difference(block: dict) -> None:
    txs = _txs(block)
    txs[2] = {**txs[2], "n": 21}
    with pytest.raises(
        WrongTransactions, match="transaction 2: the proof has n 0x15, the block 0x14"
    ):
        bind_outputs(block_statement(block), [(0, 3)], [_output(block, txs)])


def test_a_missing_transaction_fails(block: dict) -> None:
    txs = _txs(block)
    with pytest.raises(WrongTransactions, match="lists 3 transactions, the block has 4"):
        bind_outputs(block_statement(block), [(0, 3)], [_output(block, txs[:3])])
    with pytest.raises(WrongTransactions, match="lists 5 transactions, the block has 4"):
        bind_outputs(block_statement(block), [(0, 3)], [_output(block, [*txs, txs[0]])])


def test_a_reverted_transaction_is_not_proven(block: dict) -> None:
    txs = _txs(block)
    reverted = block["transactions"][1]["receipt"]["transaction_hash"]
    txs.insert(1, {"hash": reverted, "selector": 0, "n": 3})
    with pytest.raises(WrongTransactions, match="transaction 1: the proof has hash"):
        bind_outputs(block_statement(block), [(0, 3)], [_output(block, txs)])


def test_reordered_ranges_fail(block: dict) -> None:
    txs = _txs(block)
    outputs = [_output(block, txs[2:4]), _output(block, txs[0:2])]
    with pytest.raises(WrongTransactions, match="transaction 0: the proof has hash"):
        bind_outputs(block_statement(block), [(0, 1), (2, 3)], outputs)


@pytest.mark.parametrize(
    ("ranges", "slices", "reason"),
    [
        ([(0, 1)], [(0, 2)], "cover transactions 0-1; the block has 4"),
        ([(0, 1), (3, 3)], [(0, 2), (3, 4)], "no proof covers transactions 2-2"),
        ([(0, 2), (2, 3)], [(0, 3), (2, 4)], "two ranges cover transaction 2"),
        ([], [], "no proof covers this block"),
    ],
)
def test_ranges_that_miss_or_repeat_transactions_fail(block, ranges, slices, reason) -> None:
    txs = _txs(block)
    outputs = [_output(block, txs[a:b]) for a, b in slices]
    with pytest.raises(IncompleteCoverage, match=reason):
        bind_outputs(block_statement(block), ranges, outputs)


def test_a_truncated_output_fails(block: dict) -> None:
    output = _output(block, _txs(block))[:-1]
    with pytest.raises(WrongTransactions, match="output has 18 cells, but its count 4 needs 19"):
        bind_outputs(block_statement(block), [(0, 3)], [output])
