"""Blocks as the bucket stores them (``starknet_getBlockWithReceipts`` results), for the tests.

The calls' results are computed by the Cairo VM's own call runner (what the sequencer executes),
so a block built here and the block program's output agree exactly as on the real chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cairovm.calls import execute_call

SENDER = "0x1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcdef"


def pseudo_hash(*parts: object) -> str:
    """A 250-bit felt from the parts: stands in for the chain's Starknet hashes."""
    digest = hashlib.blake2s(json.dumps(parts).encode()).digest()
    return hex(int.from_bytes(digest, "big") >> 6)


@dataclass(frozen=True)
class Call:
    """One transaction to put in a block: calldata [selector, n]; a bad selector reverts."""

    selector: int
    n: int
    sender: str = SENDER
    revert_reason: str | None = None


def entry(block_number: int, index: int, call: Call) -> dict[str, Any]:
    """One transaction-and-receipt entry of a block."""
    tx_hash = pseudo_hash("tx", block_number, index, call.selector, call.n)
    transaction = {
        "type": "INVOKE",
        "version": "0x1",
        "sender_address": call.sender,
        "calldata": [hex(call.selector), hex(call.n)],
        "max_fee": "0x0",
        "signature": [],
        "nonce": hex(index),
        "transaction_hash": tx_hash,
    }
    receipt: dict[str, Any] = {
        "type": "INVOKE",
        "transaction_hash": tx_hash,
        "actual_fee": {"amount": "0x0", "unit": "WEI"},
        "finality_status": "ACCEPTED_ON_L2",
        "messages_sent": [],
        "execution_resources": {"l1_gas": 0, "l1_data_gas": 0, "l2_gas": 0},
    }
    if call.revert_reason is None and call.selector in (0, 1):
        result = execute_call(call.selector, call.n).result
        receipt["execution_status"] = "SUCCEEDED"
        receipt["events"] = [
            {"from_address": call.sender, "keys": [], "data": [hex(call.n), hex(result)]}
        ]
    else:
        receipt["execution_status"] = "REVERTED"
        receipt["revert_reason"] = call.revert_reason or f"unknown selector {call.selector}"
        receipt["events"] = []
    return {"transaction": transaction, "receipt": receipt}


def make_block(number: int, calls: list[Call], timestamp: int = 1_790_000_000) -> dict[str, Any]:
    """Block ``number`` holding ``calls``, in the shape of starknet_getBlockWithReceipts."""
    return {
        "status": "ACCEPTED_ON_L2",
        "block_hash": pseudo_hash("block", number, [c.n for c in calls]),
        "parent_hash": pseudo_hash("block", number - 1) if number else "0x0",
        "block_number": number,
        "new_root": "0x0",
        "timestamp": timestamp + 2 * number,
        "sequencer_address": pseudo_hash("sequencer"),
        "l1_gas_price": {"price_in_fri": "0x1", "price_in_wei": "0x1"},
        "l2_gas_price": {"price_in_fri": "0x1", "price_in_wei": "0x1"},
        "l1_data_gas_price": {"price_in_fri": "0x1", "price_in_wei": "0x1"},
        "l1_da_mode": "BLOB",
        "starknet_version": "0.13.2",
        "transactions": [entry(number, i, call) for i, call in enumerate(calls)],
    }


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` as JSON, creating the folders on the way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=1))
