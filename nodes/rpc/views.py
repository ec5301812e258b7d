"""Result shapes of the specification, built from stored records.

These are the objects starknet-py 0.30's marshmallow schemas (`starknet_py/net/schemas/rpc/`)
load: BLOCK_WITH_TX_HASHES / _TXS / _RECEIPTS, PRE_CONFIRMED variants, INVOKE_TXN_V1/V3
and INVOKE_TXN_RECEIPT.
"""

from __future__ import annotations

import time
from typing import Any

from nodes.blocks import STARKNET_VERSION, ChainBlock
from nodes.execution import Receipt

ZERO_PRICE = {"price_in_fri": "0x0", "price_in_wei": "0x0"}


def receipt_view(receipt: Receipt) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "INVOKE",
        "transaction_hash": hex(receipt.tx_hash),
        "actual_fee": {"amount": "0x0", "unit": "WEI" if receipt.version == 1 else "FRI"},
        "execution_status": receipt.execution_status,
        "finality_status": "ACCEPTED_ON_L2",
        "messages_sent": [],
        "events": receipt.events(),
        "execution_resources": {"l1_gas": 0, "l1_data_gas": 0, "l2_gas": receipt.steps},
    }
    if receipt.revert_reason is not None:
        out["revert_reason"] = receipt.revert_reason
    return out


def transaction_view(tx: dict[str, Any], tx_hash: int) -> dict[str, Any]:
    return {"transaction_hash": hex(tx_hash), **tx}


def block_with_tx_hashes(block: ChainBlock) -> dict[str, Any]:
    return {**block.header_rpc(), "transactions": [hex(h) for h in block.tx_hashes]}


def block_with_txs(block: ChainBlock, rows: list[tuple[dict[str, Any], Receipt]]) -> dict[str, Any]:
    return {
        **block.header_rpc(),
        "transactions": [transaction_view(tx, r.tx_hash) for tx, r in rows],
    }


def block_with_receipts(
    block: ChainBlock, rows: list[tuple[dict[str, Any], Receipt]]
) -> dict[str, Any]:
    return {
        **block.header_rpc(),
        "transactions": [
            {"transaction": transaction_view(tx, r.tx_hash), "receipt": receipt_view(r)}
            for tx, r in rows
        ],
    }


def pre_confirmed_block(head: ChainBlock, with_hashes: bool) -> dict[str, Any]:
    """The (always empty) block after `head`: this node has no pre-confirmed state."""
    del with_hashes
    return {
        "block_number": head.number + 1,
        "timestamp": max(int(time.time()), head.timestamp),
        "sequencer_address": "0x0",
        "l1_gas_price": dict(ZERO_PRICE),
        "l2_gas_price": dict(ZERO_PRICE),
        "l1_data_gas_price": dict(ZERO_PRICE),
        "l1_da_mode": "CALLDATA",
        "starknet_version": STARKNET_VERSION,
        "transactions": [],
    }
