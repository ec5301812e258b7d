"""Lost events repaired from the watcher's schedule (moto's real S3 and SQS)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import boto3

from prover_lambda import index as idx
from prover_lambda.blocks import encode_block
from prover_lambda.jobs import RangeJob, SqsJobQueue
from prover_lambda.layout import block_key, summary_key
from prover_lambda.reconcile import reconcile
from tests.prover_lambda.rpc_server import Chain


def _received(sqs, url):
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
    return [RangeJob.from_body(json.loads(m["Body"])) for m in messages.get("Messages", [])]


def test_stale_pending_blocks_are_indexed_or_sent_again(s3_storage, moto_server):
    sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=moto_server.url)
    url = sqs.create_queue(QueueName=f"{s3_storage.bucket}-jobs")["QueueUrl"]
    jobs = SqsJobQueue(sqs, url)
    chain = Chain()
    for n in range(3):
        s3_storage.put(block_key(n), encode_block(chain.add_block([])))
    idx.update_index(s3_storage, *(idx.mark_pending(n, None, 0) for n in range(3)))
    summary = {
        "block_number": 1,
        "block_hash": "0x1",
        "steps": 16,
        "prove_seconds": 0.1,
        "proof_bytes": 10,
        "proven_at": "2026-01-01T00:00:00Z",
        "tx_count": 0,
    }
    s3_storage.put(summary_key(1), json.dumps(summary).encode())  # its indexer event was lost

    fresh = reconcile(s3_storage, jobs, after_s=60)
    assert fresh.indexed == () and fresh.resent == ()

    later = datetime.now(UTC) + timedelta(seconds=120)
    report = reconcile(s3_storage, jobs, after_s=60, now=later)
    assert report.indexed == (1,)
    assert report.resent == (0, 2)
    assert sorted(j.block_number for j in _received(sqs, url)) == [0, 2]
    index, _ = idx.read_index(s3_storage)
    assert index["blocks"]["1"]["status"] == "proven"
    assert index["blocks"]["0"]["resent_at"] is not None

    again = reconcile(s3_storage, jobs, after_s=60, now=later)
    assert again.resent == ()
    assert reconcile(s3_storage, jobs, after_s=60, now=later + timedelta(seconds=3600)).resent == (
        0,
        2,
    )
