"""A load client: random fibonacci and factorial invokes at a fixed rate, like the original's.

Every tick (50 ms) it sends rate/20 INVOKE transactions, spread round-robin over the given
nodes, each node's share as one JSON-RPC batch request. Calldata is `[0, u % max_fib + 1]`
or `[1, u % max_fact + 1]` with u a random 16-bit number (the original used 10,000 and 2,000);
the sender address is random per run and the nonce a counter, so runs never collide.
`track_inclusion` follows one node's new blocks to time each transaction's inclusion.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from nodes.execution import Selector

TICK_S = 0.05


@dataclass(frozen=True, kw_only=True)
class ClientConfig:
    """What to send, where, how fast and for how long."""

    nodes: tuple[str, ...]
    rate: float = 250.0
    duration: float = 10.0
    version: int = 3
    max_fib: int = 10_000
    max_fact: int = 2_000
    seed: int | None = None


@dataclass
class ClientReport:
    """What the nodes answered."""

    accepted: int = 0
    rejected: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    sent_at: dict[str, float] = field(default_factory=dict)  # hash -> time of sending

    @property
    def hashes(self) -> list[str]:
        return list(self.sent_at)


def make_invoke(*, version: int, sender: int, nonce: int, selector: int, n: int) -> dict[str, Any]:
    """A BROADCASTED_INVOKE_TXN with calldata [selector, n]."""
    tx: dict[str, Any] = {
        "type": "INVOKE",
        "version": hex(version),
        "sender_address": hex(sender),
        "calldata": [hex(selector), hex(n)],
        "signature": ["0x1", "0x2"],
        "nonce": hex(nonce),
    }
    if version == 1:
        tx["max_fee"] = hex(10**15)
    else:
        zero = {"max_amount": "0x0", "max_price_per_unit": "0x0"}
        tx.update(
            {
                "resource_bounds": {
                    "l1_gas": dict(zero),
                    "l2_gas": dict(zero),
                    "l1_data_gas": dict(zero),
                },
                "tip": "0x0",
                "paymaster_data": [],
                "account_deployment_data": [],
                "nonce_data_availability_mode": "L1",
                "fee_data_availability_mode": "L1",
            }
        )
    return tx


async def rpc_call(
    session: aiohttp.ClientSession, url: str, method: str, params: Any = None
) -> Any:
    """One JSON-RPC call; returns the result or raises RuntimeError with the error."""
    body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params or {}}
    async with session.post(url, json=body) as resp:
        data = await resp.json(content_type=None)
    if "error" in data:
        raise RuntimeError(f"{method}: {data['error']}")
    return data["result"]


async def run_client(config: ClientConfig) -> ClientReport:
    """Send transactions for `config.duration` seconds; return what was accepted."""
    rng = random.Random(config.seed)
    sender = rng.getrandbits(120) | 1
    report = ClientReport()
    pending: set[asyncio.Task[None]] = set()
    nonce = 0
    owed = 0.0
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        start = time.monotonic()
        tick = 0
        while time.monotonic() - start < config.duration:
            owed += config.rate * TICK_S
            count = int(owed)
            owed -= count
            per_node: dict[str, list[dict[str, Any]]] = {}
            for _ in range(count):
                u = rng.getrandbits(16)
                if rng.random() < 0.5:
                    selector, n = Selector.FIBONACCI, u % config.max_fib + 1
                else:
                    selector, n = Selector.FACTORIAL, u % config.max_fact + 1
                url = config.nodes[nonce % len(config.nodes)]
                per_node.setdefault(url, []).append(
                    {
                        "jsonrpc": "2.0",
                        "id": nonce,
                        "method": "starknet_addInvokeTransaction",
                        "params": {
                            "invoke_transaction": make_invoke(
                                version=config.version,
                                sender=sender,
                                nonce=nonce,
                                selector=int(selector),
                                n=n,
                            )
                        },
                    }
                )
                nonce += 1
            for url, batch in per_node.items():
                task = asyncio.create_task(_send(session, url, batch, report))
                pending.add(task)
                task.add_done_callback(pending.discard)
            tick += 1
            await asyncio.sleep(max(0.0, start + tick * TICK_S - time.monotonic()))
        if pending:
            await asyncio.wait(pending)
    return report


async def _send(
    session: aiohttp.ClientSession, url: str, batch: list[dict[str, Any]], report: ClientReport
) -> None:
    sent = time.time()
    try:
        async with session.post(
            url, data=json.dumps(batch), headers={"Content-Type": "application/json"}
        ) as resp:
            answers = await resp.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        report.rejected += len(batch)
        report.errors[type(exc).__name__] += len(batch)
        return
    if not isinstance(answers, list):
        answers = [answers]
    for answer in answers:
        result = answer.get("result") if isinstance(answer, dict) else None
        if isinstance(result, dict) and "transaction_hash" in result:
            report.accepted += 1
            report.sent_at[result["transaction_hash"]] = sent
        else:
            report.rejected += 1
            error = answer.get("error", {}) if isinstance(answer, dict) else {}
            report.errors[str(error.get("message", "bad answer"))] += 1
    report.rejected += max(0, len(batch) - len(answers))


async def track_inclusion(url: str, stop: asyncio.Event, poll_s: float = 0.02) -> dict[str, float]:
    """Follow `url`'s new blocks until `stop` is set; return tx hash -> time first seen."""
    seen: dict[str, float] = {}
    async with aiohttp.ClientSession() as session:
        height = await rpc_call(session, url, "starknet_blockNumber")
        while not stop.is_set():
            try:
                latest = await rpc_call(session, url, "starknet_blockNumber")
                while height < latest:
                    height += 1
                    block = await rpc_call(
                        session,
                        url,
                        "starknet_getBlockWithTxHashes",
                        {"block_id": {"block_number": height}},
                    )
                    now = time.time()
                    for tx_hash in block["transactions"]:
                        seen.setdefault(tx_hash, now)
            except (aiohttp.ClientError, RuntimeError, TimeoutError):
                pass
            await asyncio.sleep(poll_s)
    return seen
