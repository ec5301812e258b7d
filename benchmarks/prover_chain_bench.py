"""The prover chain's costs on moto's real server: one invocation per row, handlers in-process.

Rows: the prover handler's work for one block (S3 reads, the block program's run, the proof,
its verification, the writes), for blocks of 0, 1 and 4 transactions in both presets, and a
block of 8 transactions proved whole and split under a 2,048-step budget (the split's largest
invocation is what a Lambda timeout must cover); then index.json updates per second with 1 and
4 concurrent writers (conditional writes, retries included). Run as a script to print it:

    .venv/bin/python benchmarks/prover_chain_bench.py
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import boto3

from prover_lambda import index as idx
from prover_lambda.blocks import encode_block
from prover_lambda.config import Config
from prover_lambda.jobs import RangeJob, SqsJobQueue
from prover_lambda.layout import block_key, summary_key
from prover_lambda.local.moto_server import start_moto
from prover_lambda.prover import Outcome, prove_job
from prover_lambda.rpc import NodeClient
from prover_lambda.s3_storage import S3Storage
from prover_lambda.services import Services
from tests.prover_lambda.rpc_server import Chain

BLOCKS = [("empty", []), ("1 tx", [(0, 30)]), ("4 txs", [(0, 30), (1, 20), (0, 50), (1, 40)])]
BIG = [(0, 100)] * 8


def _storage(url: str, bucket: str) -> S3Storage:
    client = boto3.client("s3", region_name="us-east-1", endpoint_url=url)
    client.create_bucket(Bucket=bucket)
    return S3Storage(client, bucket)


def _prove_all(svc: Services, sqs: Any, queue: str | None, number: int) -> tuple[float, float, int]:
    """Run the block's job and every range job it spawns; (total s, largest job s, jobs)."""
    jobs, times = [RangeJob(number)], []
    while jobs:
        job = jobs.pop()
        start = time.perf_counter()
        outcome = prove_job(svc, job)
        times.append(time.perf_counter() - start)
        if outcome is Outcome.SPLIT and queue:
            for message in sqs.receive_message(
                QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1
            ).get("Messages", []):
                jobs.append(RangeJob.from_body(json.loads(message["Body"])))
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    return sum(times), max(times), len(times)


def _prover_rows(url: str) -> list[dict[str, Any]]:
    sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=url)
    queue = sqs.create_queue(QueueName="bench-jobs")["QueueUrl"]
    rows = []
    cases = [(name, calls, preset, None) for preset in ("fast", "secure") for name, calls in BLOCKS]
    cases += [("8 txs whole", BIG, "fast", None), ("8 txs split", BIG, "fast", 2048)]
    for k, (name, calls, preset, budget) in enumerate(cases):
        storage = _storage(url, f"bench-prover-{k}")
        chain = Chain()
        block = chain.add_block(calls)
        storage.put(block_key(0), encode_block(block))
        config = Config(proof_preset=preset, max_steps=budget or 1 << 20)
        svc = Services(
            config,
            storage,
            NodeClient(["http://unused"]),
            SqsJobQueue(sqs, queue) if budget else None,
        )
        total, largest, invocations = _prove_all(svc, sqs, queue, 0)
        summary = json.loads(storage.get(summary_key(0)).data)
        rows.append(
            {
                "block": name,
                "preset": preset,
                "budget": budget or "-",
                "invocations": invocations,
                "proofs": len(summary["parts"]),
                "steps": summary["steps"],
                "prove s": summary["prove_seconds"],
                "handler s (sum)": round(total, 2),
                "largest invocation s": round(largest, 2),
                "proof bytes": summary["proof_bytes"],
            }
        )
    return rows


def _index_rows(url: str, updates: int = 40) -> list[dict[str, Any]]:
    rows = []
    for writers in (1, 4):
        storage = _storage(url, f"bench-index-{writers}")
        per = updates // writers

        def write(w: int, storage: S3Storage = storage, per: int = per) -> None:
            for j in range(per):
                idx.update_index(storage, idx.mark_pending(w * per + j, None, None))

        threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        blocks = len(idx.read_index(storage)[0]["blocks"])
        rows.append(
            {
                "block": f"index.json, {writers} writer(s)",
                "invocations": per * writers,
                "handler s (sum)": round(elapsed, 2),
                "updates/s": round(per * writers / elapsed, 1),
                "entries kept": blocks,
            }
        )
    return rows


def run() -> list[dict[str, Any]]:
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    server = start_moto()
    try:
        return _prover_rows(server.url) + _index_rows(server.url)
    finally:
        server.stop()


if __name__ == "__main__":
    from benchmarks.__main__ import print_table

    print_table("Prover chain (moto's server, handlers in-process)", run())
