"""The statement a block's proof must make, read from the block's JSON."""

from __future__ import annotations

import copy

import pytest

from verifier_wasm.errors import MalformedBlock
from verifier_wasm.statement import BlockStatement, ProvenTransaction, block_statement


def _entry(tx_hash: str, calldata: list[str], status: str, data: list[str] | None) -> dict:
    receipt = {"transaction_hash": tx_hash, "execution_status": status, "events": []}
    if data is not None:
        receipt["events"] = [{"from_address": "0x1", "keys": [], "data": data}]
    return {"transaction": {"type": "INVOKE", "calldata": calldata}, "receipt": receipt}


BLOCK = {
    "block_number": 7,
    "block_hash": "0xabc",
    "transactions": [
        _entry("0x11", ["0x0", "0xa"], "SUCCEEDED", ["0xa", "0x37"]),  # fibonacci(10) = 55
        _entry("0x12", ["0x5", "0x3"], "REVERTED", None),
        _entry("0x13", ["0x1", "0x5"], "SUCCEEDED", ["0x5", "0x78"]),  # factorial(5) = 120
    ],
}


def test_statement_keeps_succeeded_transactions_in_block_order() -> None:
    statement = block_statement(BLOCK)
    assert statement == BlockStatement(
        number=7,
        hash=0xABC,
        transactions=(
            ProvenTransaction(hash=0x11, selector=0, n=10, result=55),
            ProvenTransaction(hash=0x13, selector=1, n=5, result=120),
        ),
    )


def test_output_is_the_block_programs_layout() -> None:
    statement = block_statement(BLOCK)
    assert statement.output() == [7, 0xABC, 2, 0x11, 0, 10, 55, 0x13, 1, 5, 120]
    first = statement.range_output(statement.transactions[:1])
    assert first == [7, 0xABC, 1, 0x11, 0, 10, 55]


def test_empty_block_states_a_count_of_zero() -> None:
    block = {**BLOCK, "transactions": [BLOCK["transactions"][1]]}
    assert block_statement(block).output() == [7, 0xABC, 0]


def test_hash_may_come_from_the_transaction() -> None:
    block = copy.deepcopy(BLOCK)
    entry = block["transactions"][0]
    entry["transaction"]["transaction_hash"] = entry["receipt"].pop("transaction_hash")
    assert block_statement(block).transactions[0].hash == 0x11


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda b: b.pop("block_hash"), "block has no 'block_hash'"),
        (lambda b: b.__setitem__("block_hash", "<b>x</b>"), "block_hash is not a hex felt"),
        (lambda b: b.__setitem__("block_number", "7"), "block_number is not"),
        (lambda b: b.__setitem__("transactions", {}), "transactions is not a list"),
        (
            lambda b: b["transactions"][0]["receipt"].__setitem__("events", []),
            "transaction 0 succeeded but its receipt has no event",
        ),
        (
            lambda b: b["transactions"][2]["transaction"].__setitem__("calldata", ["0x1"]),
            "transaction 2 calldata is not [selector, n]",
        ),
        (
            lambda b: b["transactions"][0]["receipt"].pop("execution_status"),
            "transaction 0 receipt has no 'execution_status'",
        ),
        (
            lambda b: b["transactions"][0]["receipt"]["events"][0].__setitem__("data", ["0xa"]),
            "transaction 0 event data is not [n, result]",
        ),
    ],
)
def test_malformed_blocks_are_refused_with_the_reason(change, reason: str) -> None:
    block = copy.deepcopy(BLOCK)
    change(block)
    with pytest.raises(MalformedBlock) as caught:
        block_statement(block)
    assert reason in caught.value.reason
