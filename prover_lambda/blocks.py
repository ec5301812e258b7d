"""Blocks as the watcher stores them and the prover reads them.

A stored block is the node's ``starknet_getBlockWithReceipts`` result, written as canonical JSON
(sorted keys, no spaces) so that two watchers fetching the same block write the same bytes.
:func:`parse_block` turns it into a :class:`Block` holding what the block program proves: the
succeeded transactions in block order, each with its call ``(selector, n)`` and the result its
receipt reports. Reverted transactions are counted but not proven.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from prover_lambda.errors import CorruptBlock

SUCCEEDED = "SUCCEEDED"


@dataclass(frozen=True)
class ProvenTx:
    """One succeeded transaction: its hash, call and the result its receipt reports."""

    hash: int
    selector: int
    n: int
    result: int


@dataclass(frozen=True)
class Block:
    """What the prover needs of a block."""

    number: int
    hash: int
    tx_count: int
    txs: tuple[ProvenTx, ...]

    @property
    def hash_hex(self) -> str:
        """The block hash as ``0x`` hex."""
        return hex(self.hash)


def encode_block(result: dict[str, Any]) -> bytes:
    """Canonical bytes of an RPC block result, as stored under ``blocks/<n>.json``."""
    return json.dumps(result, sort_keys=True, separators=(",", ":")).encode()


def _felt(number: int, value: Any, what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value, 16) if value.lower().startswith("0x") else int(value)
        except ValueError:
            pass
    raise CorruptBlock(number, f"{what} is not a felt: {value!r}")


def _tx(number: int, index: int, entry: Any) -> tuple[str, ProvenTx | None]:
    if not isinstance(entry, dict):
        raise CorruptBlock(number, f"transaction {index} is not an object")
    tx = entry.get("transaction")
    receipt = entry.get("receipt")
    if not isinstance(tx, dict) or not isinstance(receipt, dict):
        raise CorruptBlock(number, f"transaction {index} lacks its transaction or receipt")
    tx_hash = _felt(
        number,
        receipt.get("transaction_hash", tx.get("transaction_hash")),
        f"transaction {index} hash",
    )
    status = receipt.get("execution_status")
    if status != SUCCEEDED:
        return str(status), None
    calldata = tx.get("calldata")
    if not isinstance(calldata, list) or len(calldata) < 2:
        raise CorruptBlock(number, f"transaction {hex(tx_hash)} has no [selector, n] calldata")
    events = receipt.get("events")
    if not isinstance(events, list) or not events or not isinstance(events[0], dict):
        raise CorruptBlock(number, f"transaction {hex(tx_hash)} succeeded without an event")
    data = events[0].get("data")
    if not isinstance(data, list) or len(data) < 2:
        raise CorruptBlock(number, f"transaction {hex(tx_hash)}'s event data is not [n, result]")
    return SUCCEEDED, ProvenTx(
        hash=tx_hash,
        selector=_felt(number, calldata[0], f"transaction {hex(tx_hash)} selector"),
        n=_felt(number, calldata[1], f"transaction {hex(tx_hash)} n"),
        result=_felt(number, data[1], f"transaction {hex(tx_hash)} result"),
    )


def parse_block(data: bytes, expected_number: int) -> Block:
    """Decode a stored block object.

    Raises:
        CorruptBlock: the bytes are not JSON, not a block, or not block ``expected_number``.
    """
    try:
        result = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptBlock(expected_number, f"not JSON: {exc}") from exc
    if not isinstance(result, dict):
        raise CorruptBlock(expected_number, "not a JSON object")
    number = result.get("block_number")
    if number != expected_number:
        raise CorruptBlock(expected_number, f"object holds block_number {number!r}")
    block_hash = _felt(expected_number, result.get("block_hash"), "block_hash")
    entries = result.get("transactions")
    if not isinstance(entries, list):
        raise CorruptBlock(expected_number, "transactions is not a list")
    proven = []
    for index, entry in enumerate(entries):
        _, tx = _tx(expected_number, index, entry)
        if tx is not None:
            proven.append(tx)
    return Block(expected_number, block_hash, len(entries), tuple(proven))
