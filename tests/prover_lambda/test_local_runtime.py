"""The local runtime end to end: moto's real server, a real RPC server, real proofs.

Each test starts ``python -m prover_lambda.local`` as a child process pointed at the session's
moto server, with its own bucket and queues, and watches what lands in the bucket.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter

import boto3
import pytest

from prover_lambda import index as idx
from prover_lambda.layout import block_key, proof_key, summary_key
from prover_lambda.s3_storage import S3Storage
from tests.prover_lambda.rpc_server import fact, fib
from tests.prover_lambda.runtime_process import RuntimeProcess, wait_for

_ids = itertools.count()
pytestmark = pytest.mark.slow


@pytest.fixture
def deployment(moto_server, rpc_server, tmp_path):
    """Names for one isolated deployment, and a way to start runtimes on it."""
    name = f"rt-{os.getpid()}-{next(_ids)}"
    started: list[RuntimeProcess] = []

    def start(tag: str = "a", **env: str) -> RuntimeProcess:
        args = [
            "--endpoint-url",
            moto_server.url,
            "--bucket",
            name,
            "--prefix",
            name,
            "--watch-interval",
            "0.5",
            "--retry-delay",
            "1",
            "--visibility-timeout",
            "6",
            "--max-receive-count",
            "2",
        ]
        process = RuntimeProcess(
            tmp_path / f"runtime-{tag}.log",
            args,
            {"NODE_RPC_URLS": rpc_server.url, "PROOF_PRESET": "fast", **env},
        )
        started.append(process)
        return process

    client = boto3.client("s3", region_name="us-east-1", endpoint_url=moto_server.url)
    sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=moto_server.url)
    yield {"start": start, "storage": S3Storage(client, name), "sqs": sqs, "bucket": name}
    for process in started:
        if process.process.poll() is None:
            process.kill()


def _index(storage):
    return idx.read_index(storage)[0]


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


def _check_proven(storage, block):
    """The summary's proofs verify and prove exactly this block's succeeded transactions."""
    import stark

    summary = json.loads(storage.get(summary_key(block["block_number"])).data)
    succeeded = [
        e for e in block["transactions"] if e["receipt"]["execution_status"] == "SUCCEEDED"
    ]
    expected = [block["block_number"], int(block["block_hash"], 16), len(succeeded)]
    for e in succeeded:
        selector, n = (int(x, 16) for x in e["transaction"]["calldata"])
        expected += [
            int(e["receipt"]["transaction_hash"], 16),
            selector,
            n,
            fib(n) if selector == 0 else fact(n),
        ]
    assert [int(x, 16) for x in summary["output"]] == expected
    proven_txs = []
    for part in summary["parts"]:
        claim = stark.verify(storage.get(part["key"]).data)
        assert claim.program_hash == summary["program_hash"]
        assert claim.output[0] == block["block_number"]
        assert claim.output[1] == int(block["block_hash"], 16)
        proven_txs += claim.output[3:]
    assert proven_txs == expected[3:]
    return summary


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
            (i := _index(storage))["blocks"].get("4", {}).get("status") == "proven"
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
        summary = _check_proven(storage, chain.blocks[n])
        entry = index["blocks"][str(n)]
        assert entry["status"] == "proven"
        assert entry["steps"] == summary["steps"]
        assert entry["proof_bytes"] == summary["proof_bytes"]
    assert index["latest_block"] == 4
    assert index["proven_height"] == 1
    assert _index(storage)["blocks"]["3"]["error"].startswith("transaction 0x")
    assert "not JSON" in _index(storage)["blocks"]["2"]["error"]
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
        lambda: (i := _index(storage))["proven_height"] == 3 and i, 240, "blocks 0..3 proven"
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
        _check_proven(storage, chain.blocks[n])
        assert index["blocks"][str(n)]["status"] == "proven"
    assert index["latest_block"] == 3
