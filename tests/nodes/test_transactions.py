"""Transaction parsing, hashes equal to starknet-py's, and execution into receipts."""

from __future__ import annotations

import pytest
from starknet_py.net.client_models import ResourceBounds, ResourceBoundsMapping
from starknet_py.net.client_utils import _create_broadcasted_txn
from starknet_py.net.models.transaction import InvokeV1, InvokeV3

from nodes.committee import chain_id_felt
from nodes.errors import InvalidTransaction
from nodes.execution import Executor
from nodes.transactions import InvokeTransaction, UnsupportedVersion

CHAIN = chain_id_felt("SN_STARKSTACK")


def test_chain_id_is_the_short_string_felt() -> None:
    assert int.from_bytes(b"SN_STARKSTACK", "big") == CHAIN


def test_v3_hash_equals_starknet_py() -> None:
    bounds = ResourceBoundsMapping(
        l1_gas=ResourceBounds(10, 20),
        l2_gas=ResourceBounds(30, 40),
        l1_data_gas=ResourceBounds(50, 60),
    )
    theirs = InvokeV3(
        version=3,
        signature=[7, 8],
        nonce=11,
        resource_bounds=bounds,
        calldata=[1, 25],
        sender_address=0xABC,
        tip=3,
    )
    ours = InvokeTransaction.from_rpc(_create_broadcasted_txn(theirs))
    assert ours.hash(CHAIN) == theirs.calculate_hash(CHAIN)
    assert InvokeTransaction.from_rpc(ours.to_rpc()) == ours


def test_v1_hash_equals_starknet_py() -> None:
    theirs = InvokeV1(
        version=1, signature=[], nonce=4, max_fee=10**15, calldata=[0, 9], sender_address=0x1234
    )
    ours = InvokeTransaction.from_rpc(
        {
            "type": "INVOKE",
            "version": "0x1",
            "sender_address": "0x1234",
            "calldata": ["0x0", "0x9"],
            "max_fee": hex(10**15),
            "signature": [],
            "nonce": "0x4",
        }
    )
    assert ours.hash(CHAIN) == theirs.calculate_hash(CHAIN)


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [],
        {"version": "0x1"},
        {"version": "0x1", "sender_address": 5, "calldata": [], "nonce": "0x0"},
        {"version": "0x1", "sender_address": "0x1", "calldata": ["0x" + "f" * 64], "nonce": "0x0"},
        {"version": "0x1", "sender_address": "0x1", "calldata": ["0x1"] * 1000, "nonce": "0x0"},
        {"version": "0x3", "sender_address": "0x1", "calldata": [], "nonce": "0x0"},
        {"type": "DECLARE", "version": "0x1"},
    ],
)
def test_malformed_transactions_are_refused(bad: object) -> None:
    with pytest.raises(InvalidTransaction):
        InvokeTransaction.from_rpc(bad)


def test_unsupported_version() -> None:
    with pytest.raises(UnsupportedVersion):
        InvokeTransaction.from_rpc(
            {"version": "0x0", "sender_address": "0x1", "calldata": [], "nonce": "0x0"}
        )


def _invoke(calldata: tuple[int, ...]) -> InvokeTransaction:
    return InvokeTransaction(
        version=3, sender_address=0x77, calldata=calldata, signature=(), nonce=0
    )


@pytest.mark.parametrize(
    ("calldata", "result"), [((0, 10), 55), ((0, 1), 1), ((1, 5), 120), ((1, 0), 1)]
)
def test_calls_succeed_with_an_event(calldata: tuple[int, int], result: int) -> None:
    receipt = Executor().execute(0xAA, _invoke(calldata))
    assert receipt.execution_status == "SUCCEEDED" and receipt.result == result
    assert receipt.steps > 0
    (event,) = receipt.events()
    assert event["data"] == [hex(calldata[1]), hex(result)]


@pytest.mark.parametrize(
    ("calldata", "reason"),
    [
        ((0,), "calldata must be"),
        ((0, 1, 2), "calldata must be"),
        ((7, 3), "unknown selector"),
        ((0, 10_001), "above the cap"),
        ((1, 2_001), "above the cap"),
    ],
)
def test_bad_calls_revert_with_a_reason(calldata: tuple[int, ...], reason: str) -> None:
    receipt = Executor().execute(0xAB, _invoke(calldata))
    assert receipt.execution_status == "REVERTED"
    assert reason in (receipt.revert_reason or "")
    assert receipt.events() == []


def test_vm_failure_reverts_instead_of_raising() -> None:
    def broken(selector: int, n: int) -> object:
        raise RuntimeError("boom")

    receipt = Executor(broken).execute(1, _invoke((0, 3)))
    assert receipt.execution_status == "REVERTED" and "boom" in (receipt.revert_reason or "")
