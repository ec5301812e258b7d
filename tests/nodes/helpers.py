"""Blocking helpers for tests that drive node processes over JSON-RPC."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

from nodes.client import make_invoke


def rpc_batch(url: str, calls: list[tuple[str, Any]], timeout: float = 10.0) -> list[Any]:
    """Send one JSON-RPC batch; return the answers in request order."""
    body = [{"jsonrpc": "2.0", "id": i, "method": m, "params": p} for i, (m, p) in enumerate(calls)]
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as resp:
        answers = json.loads(resp.read())
    return sorted(answers, key=lambda a: a["id"])


def submit(url: str, txs: list[dict[str, Any]]) -> list[str]:
    """addInvokeTransaction for each tx (one batch request); return the hashes."""
    answers = rpc_batch(
        url,
        [("starknet_addInvokeTransaction", {"invoke_transaction": tx}) for tx in txs],
        timeout=30,
    )
    hashes = []
    for answer in answers:
        assert "result" in answer, answer
        hashes.append(answer["result"]["transaction_hash"])
    return hashes


def invokes(
    sender: int, count: int, start_nonce: int = 0, version: int = 3, n: int = 10
) -> list[dict[str, Any]]:
    return [
        make_invoke(
            version=version, sender=sender, nonce=start_nonce + i, selector=i % 2, n=n + i % 7
        )
        for i in range(count)
    ]


def statuses(url: str, hashes: list[str]) -> list[Any]:
    out: list[Any] = []
    for start in range(0, len(hashes), 200):
        chunk = hashes[start : start + 200]
        out += rpc_batch(
            url, [("starknet_getTransactionStatus", {"transaction_hash": h}) for h in chunk]
        )
    return out


def wait_committed(url: str, hashes: list[str], timeout: float = 60.0) -> None:
    """Wait until every hash is ACCEPTED_ON_L2 at `url`."""
    deadline = time.monotonic() + timeout
    remaining = list(hashes)
    while remaining:
        try:
            answers = statuses(url, remaining)
            remaining = [
                h
                for h, a in zip(remaining, answers, strict=True)
                if a.get("result", {}).get("finality_status") != "ACCEPTED_ON_L2"
            ]
        except OSError:
            pass
        if not remaining:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(remaining)} of {len(hashes)} transactions not committed")
        time.sleep(0.3)


def block_hashes(url: str, upto: int) -> list[str]:
    answers = rpc_batch(
        url,
        [
            ("starknet_getBlockWithTxHashes", {"block_id": {"block_number": n}})
            for n in range(upto + 1)
        ],
    )
    return [a["result"]["block_hash"] for a in answers]


def committed_hashes(url: str, upto: int) -> list[str]:
    answers = rpc_batch(
        url,
        [
            ("starknet_getBlockWithTxHashes", {"block_id": {"block_number": n}})
            for n in range(upto + 1)
        ],
    )
    return [h for a in answers for h in a["result"]["transactions"]]
