"""The watcher against moto's server and a real RPC server: once, in order, none skipped."""

import json
import threading

import boto3
import pytest

from prover_lambda import index as idx
from prover_lambda.aws_setup import setup
from prover_lambda.blocks import encode_block
from prover_lambda.config import Config
from prover_lambda.cursor import read_cursor
from prover_lambda.errors import NodesUnavailable, StorageError
from prover_lambda.layout import CURSOR_KEY, block_key
from prover_lambda.local.moto_server import free_port
from prover_lambda.rpc import NodeClient
from prover_lambda.s3_storage import S3Storage
from prover_lambda.watcher import watch


def _config(**kw):
    return Config(**kw)


def _drain(sqs, url):
    keys = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", []
        )
        if not messages:
            return keys
        for m in messages:
            body = json.loads(m["Body"])
            keys.extend(r["s3"]["object"]["key"] for r in body.get("Records", []))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


def test_blocks_are_stored_as_the_node_serves_them(chain, rpc_server, s3_storage):
    for k in range(3):
        chain.add_block([(0, k + 1)] * k)
    report = watch(_config(), s3_storage, NodeClient([rpc_server.url]))
    assert report.written == (0, 1, 2)
    assert report.next_block == 3
    for n in range(3):
        assert s3_storage.get(block_key(n)).data == encode_block(chain.blocks[n])
    index, _ = idx.read_index(s3_storage)
    assert index["latest_block"] == 2
    assert index["blocks"]["2"]["status"] == "pending"
    assert index["blocks"]["2"]["tx_count"] == 2
    assert index["blocks"]["2"]["block_hash"] == chain.blocks[2]["block_hash"]
    again = watch(_config(), s3_storage, NodeClient([rpc_server.url]))
    assert again.written == ()


def test_restart_resumes_from_the_cursor(chain, rpc_server, s3_storage):
    for _ in range(5):
        chain.add_block([(0, 3)])
    first = watch(_config(watcher_max_blocks=2), s3_storage, NodeClient([rpc_server.url]))
    assert first.written == (0, 1)
    chain.calls.clear()
    restarted = S3Storage(
        boto3.client(
            "s3", region_name="us-east-1", endpoint_url=s3_storage.client.meta.endpoint_url
        ),
        s3_storage.bucket,
    )
    second = watch(_config(watcher_max_blocks=10), restarted, NodeClient([rpc_server.url]))
    assert second.written == (2, 3, 4)
    assert chain.calls.count("starknet_getBlockWithReceipts") == 3


class _CrashOnCursor(S3Storage):
    """A watcher that dies right after storing its blocks, before the cursor moves."""

    def put(self, key, data, **kw):
        if key == CURSOR_KEY:
            raise StorageError(key, "killed")
        return super().put(key, data, **kw)


def test_a_watcher_killed_before_its_cursor_moved_skips_and_repeats_nothing(
    chain, rpc_server, s3_storage
):
    for _ in range(3):
        chain.add_block([(1, 2)])
    crashing = _CrashOnCursor(s3_storage.client, s3_storage.bucket)
    with pytest.raises(StorageError):
        watch(_config(), crashing, NodeClient([rpc_server.url]))
    assert read_cursor(s3_storage, 0).next_block == 0
    chain.add_block([(1, 3)])
    report = watch(_config(), s3_storage, NodeClient([rpc_server.url]))
    assert report.already_stored == (0, 1, 2)
    assert report.written == (3,)
    assert read_cursor(s3_storage, 0).next_block == 4


def test_two_watchers_at_once_write_each_block_exactly_once(
    chain, rpc_server, s3_storage, moto_server
):
    resources = setup(
        bucket=s3_storage.bucket,
        prefix=f"w-{s3_storage.bucket}",
        endpoint_url=moto_server.url,
        visibility_timeout=30,
    )
    sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=moto_server.url)
    _drain(sqs, resources.prover.url)  # the s3:TestEvent
    written: dict[str, list[int]] = {"a": [], "b": []}
    errors = []

    def run(name):
        storage = S3Storage(
            boto3.client("s3", region_name="us-east-1", endpoint_url=moto_server.url),
            s3_storage.bucket,
        )
        nodes = NodeClient([rpc_server.url])
        try:
            for _ in range(8):
                written[name].extend(watch(_config(watcher_max_blocks=3), storage, nodes).written)
        except Exception as exc:
            errors.append(exc)

    for _ in range(6):
        chain.add_block([(0, 2)])
    threads = [threading.Thread(target=run, args=(n,)) for n in "ab"]
    for t in threads:
        t.start()
    for k in range(6):
        chain.add_block([(0, k)])
    for t in threads:
        t.join()
    assert not errors
    assert set(written["a"]).isdisjoint(written["b"])
    assert sorted(written["a"] + written["b"]) == list(range(12))
    notified = _drain(sqs, resources.prover.url)
    assert sorted(notified, key=lambda k: int(k.split("%2F")[-1].split("/")[-1][:-5])) == [
        f"blocks%2F{n}.json" for n in range(12)
    ]
    assert read_cursor(s3_storage, 0).next_block == 12


def test_every_node_down_is_an_error_and_moves_nothing(s3_storage):
    nodes = NodeClient([f"http://127.0.0.1:{free_port()}"], timeout_s=1)
    with pytest.raises(NodesUnavailable):
        watch(_config(), s3_storage, nodes)
    assert s3_storage.list("") == []


def test_a_node_behind_its_own_head_and_an_empty_chain_are_not_errors(
    chain, rpc_server, s3_storage
):
    nodes = NodeClient([rpc_server.url])
    assert watch(_config(), s3_storage, nodes).written == ()
    for _ in range(3):
        chain.add_block([(0, 1)])
    chain.lag = 2
    report = watch(_config(), s3_storage, nodes)
    assert report.latest == 4
    assert report.written == (0, 1, 2)
    assert report.next_block == 3
    chain.lag = 0
    chain.add_block([])
    assert watch(_config(), s3_storage, nodes).written == (3,)
