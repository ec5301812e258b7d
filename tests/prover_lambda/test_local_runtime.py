"""The local runtime end to end: moto's real server, a real RPC server, real proofs.

Each test starts ``python -m prover_lambda.local`` as a child process pointed at the session's
moto server, with its own bucket and queues, and watches what lands in the bucket.
"""

from __future__ import annotations

import json
from collections import Counter

import boto3
import pytest

from prover_lambda.blocks import encode_block
from prover_lambda.layout import block_key, proof_key, summary_key
from tests.prover_lambda.checks import check_proven, index_of
from tests.prover_lambda.runtime_process import wait_for

pytestmark = pytest.mark.slow


def _dead_letters(sqs, url):
    bodies = []
    for _ in range(3):
        for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", []
        ):
            bodies.append(m["Body"])
    return bodies


def _proofs_stored(*runtimes):
    return Counter(
        line["key"]
        for r in runtimes
        for line in r.json_lines()
        if line.get("message") == "proof stored"
    )


def test_blocks_are_proven_and_failures_dead_lettered(deployment, chain):
    storage, sqs = deployment["storage"], deployment["sqs"]
    chain.add_block([])
    chain.add_block([(0, 5)])
    runtime = deployment["start"]("a", WATCHER_START_BLOCK="0")
    # block 2 reaches the bucket corrupted, before the watcher could fetch it
    storage.put(block_key(2), b'{"block_number": 2, "transactions": [')
    chain.add_block([(0, 7)])
    chain.add_block([(1, 6)], wrong_result=(0,))  # the receipt lies: the program rejects it
    chain.add_block([(1, 4), (0, 9)], reverted=(1,))
    index = wait_for(
        lambda: (
            (i := index_of(storage))["blocks"].get("4", {}).get("status") == "proven"
            and i["blocks"].get("3", {}).get("status") == "failed"
            and i["blocks"].get("2", {}).get("status") == "failed"
            and i
        ),
        240,
        "blocks 0..4 proven or failed",
    )
    dead = wait_for(lambda: _dead_letters(sqs, runtime.ready["prover_dlq_url"]), 60, "dead letters")
    dead += _dead_letters(sqs, runtime.ready["prover_dlq_url"])

    # a duplicated S3 event for block 1 changes nothing
    event = json.dumps(
        {
            "Records": [
                {
                    "eventName": "ObjectCreated:Put",
                    "s3": {
                        "bucket": {"name": deployment["bucket"]},
                        "object": {"key": "blocks%2F1.json"},
                    },
                }
            ]
        }
    )
    sqs.send_message(QueueUrl=runtime.ready["prover_queue_url"], MessageBody=event)
    wait_for(
        lambda: any(
            line.get("message") == "block already proven; nothing to do"
            for line in runtime.json_lines()
        ),
        60,
        "the duplicate to be handled",
    )
    assert runtime.stop() == 0

    for n in (0, 1, 4):
        summary = check_proven(storage, chain.blocks[n])
        entry = index["blocks"][str(n)]
        assert entry["status"] == "proven"
        assert entry["steps"] == summary["steps"]
        assert entry["proof_bytes"] == summary["proof_bytes"]
    assert index["latest_block"] == 4
    assert index["proven_height"] == 1
    assert index_of(storage)["blocks"]["3"]["error"].startswith("transaction 0x")
    assert "not JSON" in index_of(storage)["blocks"]["2"]["error"]
    assert _proofs_stored(runtime) == {proof_key(0): 1, proof_key(1): 1, proof_key(4): 1}
    failed = {
        (line["block_number"], line["attempt"])
        for line in runtime.json_lines()
        if line.get("message") == "block failed"
    }
    assert failed == {(2, 1), (2, 2), (3, 1), (3, 2)}
    assert sorted(json.loads(b)["Records"][0]["s3"]["object"]["key"] for b in dead) == [
        "blocks%2F2.json",
        "blocks%2F3.json",
    ]
    assert not storage.exists(summary_key(2))
    assert json.loads(storage.get("failures/3.json").data)["dead_letter"] is True


def test_a_prover_killed_mid_proof_then_two_runtimes_at_once_prove_each_block_once(
    deployment, chain
):
    storage = deployment["storage"]
    chain.add_block([(0, 100)] * 8)  # the longest proof of these tests
    first = deployment["start"]("a")
    wait_for(
        lambda: any(
            line.get("message") == "proving" and line["block_number"] == 0
            for line in first.json_lines()
        ),
        60,
        "block 0's proof to start",
    )
    first.kill()
    assert not storage.exists(proof_key(0))
    chain.add_block([(1, 7)])
    chain.add_block([])
    second, third = deployment["start"]("b"), deployment["start"]("c")
    chain.add_block([(0, 11), (1, 2)])
    index = wait_for(
        lambda: (i := index_of(storage))["proven_height"] == 3 and i, 240, "blocks 0..3 proven"
    )
    assert second.stop() == 0
    assert third.stop() == 0

    runtimes = (first, second, third)
    assert _proofs_stored(*runtimes) == {proof_key(n): 1 for n in range(4)}
    stored = Counter(
        line["block_number"]
        for r in runtimes
        for line in r.json_lines()
        if line.get("message") == "block stored"
    )
    assert stored == {n: 1 for n in range(4)}
    for n in range(4):
        check_proven(storage, chain.blocks[n])
        assert index["blocks"][str(n)]["status"] == "proven"
    assert index["latest_block"] == 3


def test_a_block_whose_event_was_lost_is_still_proven(deployment, chain, moto_server):
    storage = deployment["storage"]
    boto3.client("s3", region_name="us-east-1", endpoint_url=moto_server.url).create_bucket(
        Bucket=deployment["bucket"]
    )
    chain.add_block([(0, 8)])
    storage.put(block_key(0), encode_block(chain.blocks[0]))  # before any notification exists
    runtime = deployment["start"]("a", WATCHER_RESEND_AFTER_S="1")
    wait_for(lambda: index_of(storage)["proven_height"] == 0, 120, "block 0 proven")
    assert runtime.stop() == 0
    check_proven(storage, chain.blocks[0])
    repaired = [
        line
        for line in runtime.json_lines()
        if line.get("message") == "stale pending blocks repaired"
    ]
    assert repaired and repaired[0]["resent"] == [0]
