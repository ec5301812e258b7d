"""The block program's input and expected output, built from a block's transactions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cairovm.calls import check_call, execute_call
from cairovm.felt import PRIME


@dataclass(frozen=True, slots=True)
class BlockCall:
    """One succeeded transaction as the block program sees it."""

    tx_hash: int
    selector: int
    n: int


def _felt(value: int | str) -> int:
    v = int(value, 16) if isinstance(value, str) else value
    if not 0 <= v < PRIME:
        raise ValueError(f"{value!r} is not a field element")
    return v


TxLike = BlockCall | dict | tuple


def as_call(tx: TxLike) -> BlockCall:
    """A BlockCall from a BlockCall, a ``{"hash", "selector", "n"}`` dict or a 3-tuple."""
    if isinstance(tx, BlockCall):
        return tx
    if isinstance(tx, dict):
        return BlockCall(_felt(tx["hash"]), int(tx["selector"]), int(tx["n"]))
    tx_hash, selector, n = tx
    return BlockCall(_felt(tx_hash), int(selector), int(n))


def block_program_input(block_number: int, block_hash: int | str, txs: Iterable[TxLike]) -> dict:
    """The ``program_input`` of ``block.cairo`` for these transactions (in block order).

    Raises:
        CallError: a transaction is not a call the chain executes.
    """
    calls = [as_call(tx) for tx in txs]
    for call in calls:
        check_call(call.selector, call.n)
    return {
        "block_number": block_number,
        "block_hash": hex(_felt(block_hash)),
        "transactions": [
            {"hash": hex(_felt(c.tx_hash)), "selector": c.selector, "n": c.n} for c in calls
        ],
    }


def expected_output(block_number: int, block_hash: int | str, txs: Iterable[TxLike]) -> list[int]:
    """The output segment a proof of these transactions must have."""
    calls = [as_call(tx) for tx in txs]
    out = [block_number, _felt(block_hash), len(calls)]
    for c in calls:
        out += [_felt(c.tx_hash), c.selector, c.n, execute_call(c.selector, c.n).result]
    return out
