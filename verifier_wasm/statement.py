"""What a block's proof must state: the block's number, hash and succeeded transactions.

The block program writes ``[block_number, block_hash, count, (tx_hash, selector, n, result)*]``
to its output segment. This module reads the same facts from the block as the bucket stores it
(``blocks/<n>.json``: the result of ``starknet_getBlockWithReceipts``), so that a verifier can
compare the two. Only transactions whose receipt says ``SUCCEEDED`` are proven, in block order;
a transaction's call is ``calldata = [selector, n]`` and its result is the second felt of its
receipt's event (``data = [n, result]``).

Standard library only: this module runs in the browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from verifier_wasm.errors import MalformedBlock

#: Output cells before the transactions: block number, block hash, transaction count.
HEADER_CELLS = 3
#: Output cells per transaction: hash, selector, n, result.
CELLS_PER_TRANSACTION = 4


@dataclass(frozen=True)
class ProvenTransaction:
    """One succeeded transaction as the block program writes it."""

    hash: int
    selector: int
    n: int
    result: int

    def cells(self) -> tuple[int, int, int, int]:
        """The four output cells of this transaction."""
        return (self.hash, self.selector, self.n, self.result)


@dataclass(frozen=True)
class BlockStatement:
    """The claim a block's proof must make about that block."""

    number: int
    hash: int
    transactions: tuple[ProvenTransaction, ...]

    def output(self) -> list[int]:
        """The block program's whole output for this block (one unsplit proof)."""
        return self.range_output(self.transactions)

    def range_output(self, transactions: Sequence[ProvenTransaction]) -> list[int]:
        """The output of one run of the block program given ``transactions`` of this block."""
        cells = [self.number, self.hash, len(transactions)]
        for tx in transactions:
            cells.extend(tx.cells())
        return cells


def felt(value: Any, what: str) -> int:
    """Read a felt given as a ``0x`` hex string (or a JSON integer)."""
    if isinstance(value, bool):
        raise MalformedBlock(f"{what} is a boolean, not a felt")
    if isinstance(value, int):
        if value < 0:
            raise MalformedBlock(f"{what} is negative")
        return value
    if isinstance(value, str) and value[:2] in ("0x", "0X"):
        try:
            return int(value, 16)
        except ValueError:
            pass
    raise MalformedBlock(f"{what} is not a hex felt: {str(value)[:80]!r}")


def _field(obj: Mapping[str, Any], key: str, what: str) -> Any:
    if not isinstance(obj, Mapping) or key not in obj:
        raise MalformedBlock(f"{what} has no {key!r}")
    return obj[key]


def transaction_hash(entry: Mapping[str, Any], index: int) -> int:
    """The hash of the ``index``-th transaction-and-receipt entry of a block."""
    receipt = entry.get("receipt") if isinstance(entry, Mapping) else None
    tx = entry.get("transaction") if isinstance(entry, Mapping) else None
    for source in (receipt, tx):
        if isinstance(source, Mapping) and "transaction_hash" in source:
            return felt(source["transaction_hash"], f"transaction {index} hash")
    raise MalformedBlock(f"transaction {index} has no transaction_hash")


def succeeded(entry: Mapping[str, Any], index: int) -> bool:
    """Whether the receipt of the ``index``-th entry says the execution succeeded."""
    receipt = _field(entry, "receipt", f"transaction {index}")
    status = _field(receipt, "execution_status", f"transaction {index} receipt")
    return status == "SUCCEEDED"


def proven_transaction(entry: Mapping[str, Any], index: int) -> ProvenTransaction:
    """Read the call and its result from one succeeded transaction-and-receipt entry."""
    what = f"transaction {index}"
    tx = _field(entry, "transaction", what)
    receipt = _field(entry, "receipt", what)
    calldata = _field(tx, "calldata", what)
    if not isinstance(calldata, list) or len(calldata) < 2:
        raise MalformedBlock(f"{what} calldata is not [selector, n]")
    events = _field(receipt, "events", f"{what} receipt")
    if not isinstance(events, list) or not events:
        raise MalformedBlock(f"{what} succeeded but its receipt has no event")
    data = _field(events[0], "data", f"{what} event")
    if not isinstance(data, list) or len(data) < 2:
        raise MalformedBlock(f"{what} event data is not [n, result]")
    return ProvenTransaction(
        hash=transaction_hash(entry, index),
        selector=felt(calldata[0], f"{what} selector"),
        n=felt(calldata[1], f"{what} n"),
        result=felt(data[1], f"{what} result"),
    )


def block_statement(block: Mapping[str, Any]) -> BlockStatement:
    """The statement a proof of ``block`` (a ``starknet_getBlockWithReceipts`` result) must make.

    Raises:
        MalformedBlock: a field the statement needs is missing or not a felt.
    """
    number = _field(block, "block_number", "block")
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise MalformedBlock(f"block_number is not a non-negative integer: {number!r}")
    block_hash = felt(_field(block, "block_hash", "block"), "block_hash")
    entries = _field(block, "transactions", "block")
    if not isinstance(entries, list):
        raise MalformedBlock("block transactions is not a list")
    proven = tuple(
        proven_transaction(entry, i) for i, entry in enumerate(entries) if succeeded(entry, i)
    )
    return BlockStatement(number=number, hash=block_hash, transactions=proven)
