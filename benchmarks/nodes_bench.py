"""Sequencer throughput and latency: four node processes on this machine under the client.

For each setting it starts a fresh committee of four `python -m nodes run` processes, runs
the load client (INVOKE v3, small n so that execution stays cheap) for a fixed time at a
fixed offered rate, follows node 0's new blocks to time each transaction's inclusion, and
reports committed transactions per second (included transactions over the time from the
first send to the last inclusion) and the p50/p99 time from sending
`starknet_addInvokeTransaction` to seeing the transaction in a block (block polling every
20 ms adds up to 20 ms). Run as a script to print the table:

    .venv/bin/python benchmarks/nodes_bench.py [--rate R] [--duration 10]

The machine's load average is reported with each row: the nodes share its cores with
everything else running.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nodes.client import ClientConfig, run_client, track_inclusion
from nodes.local import LocalCommittee

SMALL_N = 20
# (label, offered tx/s, environment): latency below saturation and at the 1,000 tx/s aim, then
# capacity, with the default settings, then capacity when nodes trust their peers' hashes.
SETTINGS = [
    ("defaults", 200.0, {}),
    ("defaults", 1000.0, {}),
    ("defaults", 4000.0, {}),
    ("peer hash check off", 4000.0, {"NODES_VERIFY_PEER_HASHES": "0"}),
]


async def _measure(committee: LocalCommittee, rate: float, duration: float) -> dict[str, Any]:
    stop = asyncio.Event()
    tracker = asyncio.create_task(track_inclusion(committee.url(0), stop))
    await asyncio.sleep(0.5)
    config = ClientConfig(
        nodes=tuple(committee.urls),
        rate=rate,
        duration=duration,
        version=3,
        max_fib=SMALL_N,
        max_fact=SMALL_N,
        seed=7,
    )
    report = await run_client(config)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        if tracker.done():
            break
        # track_inclusion returns only when stopped; peek at progress through a short wait
        if await _all_included(committee, report.hashes[-20:]):
            await asyncio.sleep(0.5)
            break
    stop.set()
    seen = await tracker
    latencies = [seen[h] - t for h, t in report.sent_at.items() if h in seen]
    included = len(latencies)
    first = min(report.sent_at.values(), default=0.0)
    last = max((seen[h] for h in report.sent_at if h in seen), default=first)
    return {
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "offered": rate,
        "accepted": report.accepted,
        "rejected": report.rejected,
        "included": included,
        "tps": included / (last - first) if last > first else 0.0,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": 1000 * statistics.quantiles(latencies, n=100)[98]
        if len(latencies) >= 100
        else float("nan"),
    }


async def _all_included(committee: LocalCommittee, hashes: list[str]) -> bool:
    from nodes.local import rpc

    for h in hashes:
        answer = await asyncio.to_thread(
            rpc, committee.url(0), "starknet_getTransactionStatus", {"transaction_hash": h}
        )
        if answer.get("result", {}).get("finality_status") != "ACCEPTED_ON_L2":
            return False
    return True


def measure(
    rate: float = 1000.0, duration: float = 10.0, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """One committee, one client run; the figures as a dict."""
    with tempfile.TemporaryDirectory(prefix="nodes-bench-") as folder:
        committee = LocalCommittee(folder, env={"NODES_LOG_LEVEL": "WARNING", **(env or {})})
        try:
            committee.start_all()
            committee.wait_ready()
            return asyncio.run(_measure(committee, rate, duration))
        finally:
            committee.stop()


def run(duration: float = 10.0) -> list[dict[str, Any]]:
    """Table rows for `python -m benchmarks`."""
    rows = []
    for label, rate, env in SETTINGS:
        r = measure(rate, duration, env)
        rows.append(
            {
                "benchmark": f"nodes: 4 processes, {rate:g} tx/s offered for {duration:g} s, "
                f"{label}",
                "committed tx/s": round(r["tps"], 1),
                "p50 latency ms": round(r["p50_ms"], 1),
                "p99 latency ms": round(r["p99_ms"], 1),
                "accepted": r["accepted"],
                "rejected": r["rejected"],
                "included": r["included"],
                "load average": r["load"],
            }
        )
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rate", type=float, default=None, help="one run at this rate (defaults)")
    p.add_argument("--duration", type=float, default=10.0)
    args = p.parse_args()
    if args.rate is not None:
        print(measure(args.rate, args.duration))
        return
    for row in run(args.duration):
        print(" | ".join(f"{k}: {v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
