"""The prover chain against the real sequencer: four node processes, moto, the local runtime.

Transactions sent to the nodes end up in blocks that the runtime stores, proves and indexes;
the proofs verify and prove exactly the blocks' succeeded transactions. The watcher's first
node URL is down from the start and a second node is killed on the way: it falls over.
"""

from __future__ import annotations

import json

import pytest

from nodes.client import make_invoke
from nodes.local import LocalCommittee, rpc
from prover_lambda.local.moto_server import free_port
from tests.prover_lambda.checks import check_proven, index_of
from tests.prover_lambda.runtime_process import wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def committee(tmp_path):
    nodes = LocalCommittee(tmp_path / "nodes", 4, empty_block_interval_ms=3_600_000)
    nodes.start_all()
    try:
        nodes.wait_ready(timeout=90)
        yield nodes
    finally:
        nodes.stop()


def _send(url, nonce, selector, n):
    tx = make_invoke(version=1, sender=0x1234, nonce=nonce, selector=selector, n=n)
    answer = rpc(url, "starknet_addInvokeTransaction", {"invoke_transaction": tx})
    return answer["result"]["transaction_hash"]


def _receipt(url, tx_hash):
    answer = rpc(url, "starknet_getTransactionReceipt", {"transaction_hash": tx_hash})
    return answer.get("result")


def _block(url, number):
    answer = rpc(url, "starknet_getBlockWithReceipts", {"block_id": {"block_number": number}})
    return answer["result"]


def test_transactions_sent_to_the_nodes_end_up_proven(committee, deployment):
    storage = deployment["storage"]
    down = f"http://127.0.0.1:{free_port()}"
    urls = ",".join([down, *committee.urls])
    hashes = [
        _send(committee.url(1), 0, 0, 12),
        _send(committee.url(2), 1, 1, 9),
        _send(committee.url(1), 2, 2, 5),
    ]  # selector 2: reverted, not proven
    receipts = [
        wait_for(lambda h=h: _receipt(committee.url(3), h), 90, "inclusion") for h in hashes
    ]
    assert [r["execution_status"] for r in receipts] == ["SUCCEEDED", "SUCCEEDED", "REVERTED"]
    runtime = deployment["start"]("nodes", NODE_RPC_URLS=urls)
    last = max(r["block_number"] for r in receipts)
    wait_for(lambda: (index_of(storage)["proven_height"] or -1) >= last, 180, "proven blocks")

    committee.kill(1)
    later = _send(committee.url(2), 3, 0, 30)
    receipt = wait_for(lambda: _receipt(committee.url(2), later), 90, "inclusion")
    wait_for(
        lambda: (index_of(storage)["proven_height"] or -1) >= receipt["block_number"],
        180,
        "the later block proven",
    )
    assert runtime.stop() == 0

    for number in range(receipt["block_number"] + 1):
        check_proven(storage, _block(committee.url(2), number))
    summaries = {r["block_number"] for r in [*receipts, receipt]}
    proven_hashes = set()
    for number in summaries:
        summary = json.loads(storage.get(f"proofs/{number}.json").data)
        proven_hashes |= {int(x, 16) for x in summary["output"][3::4]}
    assert {int(h, 16) for h in (*hashes[:2], later)} <= proven_hashes
    assert int(hashes[2], 16) not in proven_hashes
