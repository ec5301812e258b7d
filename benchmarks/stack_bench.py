"""The whole stack as a user feels it: start-up time, and transaction to Verified in a browser.

For each proof preset, a fresh stack (what ``make local`` starts, on free ports, client burst
off) is brought up and timed until the explorer answers; then a burst of transactions (small n)
goes to the nodes, and headless Chromium, with the explorer's blocks page open, records when
each block's badge first shows Verified. The figure per transaction is that moment minus the
moment its ``starknet_addInvokeTransaction`` was answered.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from nodes.client import make_invoke
from stack.config import StackConfig
from stack.launcher import Stack
from tests.browser import chromium
from tests.e2e.test_whole_stack import _free_base, rpc, wait_until

BURST = 12


def _measure(preset: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        config = StackConfig(
            port_base=_free_base(),
            client_rate=0,
            client_duration=0,
            client_max_n=30,
            proof_preset=preset,
            local_dir=Path(tmp) / ".local",
        )
        stack = Stack(config)
        start = time.perf_counter()
        stack.up(out=lambda _line: None)
        startup = time.perf_counter() - start
        try:
            with chromium() as browser:
                page = browser.new_page()
                page.goto(config.explorer_url + "#/blocks")
                page.wait_for_selector("body[data-loaded=true]")
                sent: dict[str, float] = {}
                for i in range(BURST):
                    tx = make_invoke(version=3, sender=0xBE4C, nonce=i, selector=i % 2, n=10 + i)
                    answer = rpc(
                        config.rpc_urls[i % 4],
                        "starknet_addInvokeTransaction",
                        {"invoke_transaction": tx},
                    )
                    sent[answer["transaction_hash"]] = time.perf_counter()
                    time.sleep(0.25)
                block_of = {
                    h: wait_until(
                        h,
                        lambda h=h: rpc(config.rpc_urls[0], "starknet_getTransactionReceipt", [h]),
                        120,
                    )["block_number"]
                    for h in sent
                }
                verified_at: dict[int, float] = {}
                deadline = time.monotonic() + 1800
                while set(block_of.values()) - set(verified_at) and time.monotonic() < deadline:
                    statuses = page.evaluate(
                        "() => [...document.querySelectorAll('[data-proof-block]')]"
                        ".map(el => [Number(el.dataset.proofBlock), el.dataset.status])"
                    )
                    now = time.perf_counter()
                    for number, status in statuses:
                        if status == "verified":
                            verified_at.setdefault(number, now)
                        elif status == "failed":
                            raise AssertionError(f"block {number} failed verification")
                    time.sleep(0.2)
                latencies = [
                    verified_at[block_of[h]] - t
                    for h, t in sent.items()
                    if block_of[h] in verified_at
                ]
        finally:
            stack.down(out=lambda _line: None)
    return {
        "preset": preset,
        "make local, warm, until the explorer is up": f"{startup:.1f} s",
        "transactions": f"{len(latencies)} of {BURST} verified",
        "addInvokeTransaction to Verified p50": f"{statistics.median(latencies):.1f} s"
        if latencies
        else "-",
        "worst": f"{max(latencies):.1f} s" if latencies else "-",
    }


def run() -> list[dict[str, Any]]:
    return [_measure("fast"), _measure("secure")]


if __name__ == "__main__":
    from benchmarks.__main__ import print_table

    print_table("stack", run())
