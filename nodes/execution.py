"""Execution of committed transactions with the Cairo VM, producing receipts.

Calldata follows the original stack: `[0, n]` runs fibonacci(n), `[1, n]` factorial(n), both
through `cairovm.calls.execute_call`. Anything else is a REVERTED receipt with a reason, never
an exception: wrong calldata length, an unknown selector, or n above the cap that keeps one
call cheap (fibonacci n <= 10,000 and factorial n <= 2,000, the largest values the original
client sent). A succeeded receipt carries one event, keys `[sn_keccak(name)]`, data `[n, result]`.

The caps are `cairovm.calls.MAX_N`, which the block program enforces in the proof as well.
Calls are pure functions of (selector, n), and `execute_call` memoises them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from starknet_py.hash.selector import get_selector_from_name

from cairovm.calls import MAX_N, execute_call
from nodes.transactions import Felt, InvokeTransaction


class Selector(int, Enum):
    FIBONACCI = 0
    FACTORIAL = 1


EVENT_KEYS = {s: get_selector_from_name(s.name.lower()) for s in Selector}


@dataclass(frozen=True)
class Outcome:
    """What running one call gave: a result, or the reason it reverted."""

    result: int | None
    steps: int
    revert_reason: str | None = None


@dataclass(frozen=True)
class Receipt:
    """The execution record of one committed transaction."""

    tx_hash: Felt
    sender_address: Felt
    version: int
    selector: int | None
    n: int | None
    result: int | None
    steps: int
    revert_reason: str | None

    @property
    def succeeded(self) -> bool:
        return self.revert_reason is None

    @property
    def execution_status(self) -> str:
        return "SUCCEEDED" if self.succeeded else "REVERTED"

    def events(self) -> list[dict[str, Any]]:
        if not self.succeeded or self.selector is None:
            return []
        return [
            {
                "from_address": hex(self.sender_address),
                "keys": [hex(EVENT_KEYS[Selector(self.selector)])],
                "data": [hex(self.n or 0), hex(self.result or 0)],
            }
        ]

    def to_record(self) -> dict[str, Any]:
        return {
            "tx_hash": hex(self.tx_hash),
            "sender": hex(self.sender_address),
            "version": self.version,
            "selector": self.selector,
            "n": self.n,
            "result": None if self.result is None else hex(self.result),
            "steps": self.steps,
            "revert_reason": self.revert_reason,
        }

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> Receipt:
        return cls(
            tx_hash=int(d["tx_hash"], 16),
            sender_address=int(d["sender"], 16),
            version=d["version"],
            selector=d["selector"],
            n=d["n"],
            result=None if d["result"] is None else int(d["result"], 16),
            steps=d["steps"],
            revert_reason=d["revert_reason"],
        )


CallFn = Callable[[int, int], Any]  # (selector, n) -> object with .result and .steps


def _default_call(selector: int, n: int) -> Any:
    return execute_call(selector, n)


class Executor:
    """Runs calls through the VM and turns transactions into receipts."""

    def __init__(self, call: CallFn | None = None) -> None:
        self._call = call or _default_call

    def _run(self, selector: int, n: int) -> Outcome:
        try:
            res = self._call(selector, n)
        except Exception as exc:  # a VM error reverts the transaction, never the node
            reason = getattr(exc, "reason", None) or f"{exc.__class__.__name__}: {exc}"
            return Outcome(result=None, steps=0, revert_reason=f"execution failed: {reason}")
        return Outcome(result=int(res.result), steps=int(res.steps))

    def execute(self, tx_hash: Felt, tx: InvokeTransaction) -> Receipt:
        """The receipt of `tx`: SUCCEEDED with the call's result, or REVERTED with a reason."""
        selector = n = None
        outcome: Outcome
        if len(tx.calldata) != 2:
            outcome = Outcome(
                None, 0, f"calldata must be [selector, n], got {len(tx.calldata)} values"
            )
        else:
            selector, n = tx.calldata
            if selector not in (Selector.FIBONACCI, Selector.FACTORIAL):
                outcome = Outcome(
                    None, 0, f"unknown selector {selector:#x} (0 = fibonacci, 1 = factorial)"
                )
            elif n > MAX_N[selector]:
                outcome = Outcome(
                    None,
                    0,
                    f"n = {n} is above the cap "
                    f"{MAX_N[selector]} for "
                    f"{Selector(selector).name.lower()}",
                )
            else:
                outcome = self._run(int(selector), int(n))
        return Receipt(
            tx_hash=tx_hash,
            sender_address=tx.sender_address,
            version=tx.version,
            selector=selector,
            n=n,
            result=outcome.result,
            steps=outcome.steps,
            revert_reason=outcome.revert_reason,
        )
