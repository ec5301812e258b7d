"""A few hundred malformed, oversized and wrong-typed JSON-RPC requests: each gets a spec
error, and the node keeps serving."""

from __future__ import annotations

import json
import random
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from nodes.local import LocalCommittee, rpc
from nodes.rpc.errors import MESSAGES

pytestmark = pytest.mark.slow

METHODS = [
    "starknet_getBlockWithTxs",
    "starknet_getBlockWithTxHashes",
    "starknet_getBlockWithReceipts",
    "starknet_getTransactionByHash",
    "starknet_getTransactionReceipt",
    "starknet_getTransactionStatus",
    "starknet_getTransactionByBlockIdAndIndex",
    "starknet_getBlockTransactionCount",
    "starknet_addInvokeTransaction",
    "starknet_blockNumber",
]
WEIRD: list[Any] = [
    None,
    True,
    -1,
    2**300,
    1.5,
    "",
    "0x",
    "0xzz",
    "latest",
    [],
    {},
    [[[]]],
    {"block_number": -3},
    {"block_number": "1"},
    {"block_hash": 7},
    {"block_hash": "0x" + "f" * 80},
    {"block_number": 10**9},
    "x" * 10_000,
    {"invoke_transaction": {"version": "0x3"}},
    {"version": "0x1"},
]


def post(url: str, body: bytes) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def bodies(rng: random.Random) -> list[bytes]:
    out = [
        b"",
        b"{",
        b"[]",
        b"null",
        b"42",
        b'"x"',
        b"[1, 2]",
        b"\xff\xfe",
        b"[" * 50_000,
        b'{"jsonrpc": "1.0", "id": 1, "method": "starknet_blockNumber"}',
        b'{"jsonrpc": "2.0", "id": {}, "method": "starknet_blockNumber"}',
        b'{"jsonrpc": "2.0", "id": 1, "method": 5}',
        b'{"jsonrpc": "2.0", "id": 1, "method": "starknet_nope"}',
        b'{"jsonrpc": "2.0", "id": 1, "method": "starknet_blockNumber", "params": 3}',
        b'{"jsonrpc": "2.0", "id": 1, "method": "starknet_getBlockWithTxs", "params": []}',
        b'{"jsonrpc": "2.0", "id": 1, "method": "starknet_getBlockWithTxs", '
        b'"params": {"block_id": "latest", "extra": 1}}',
    ]
    for _ in range(300):
        method = rng.choice([*METHODS, "", "rpc.discover", "starknet_" + "a" * 300])
        params: Any = rng.choice(
            [
                rng.choice(WEIRD),
                [rng.choice(WEIRD)],
                {"block_id": rng.choice(WEIRD)},
                {"transaction_hash": rng.choice(WEIRD)},
                {"block_id": rng.choice(WEIRD), "index": rng.choice(WEIRD)},
                {"invoke_transaction": rng.choice(WEIRD)},
            ]
        )
        out.append(
            json.dumps(
                {"jsonrpc": "2.0", "id": rng.randrange(10**6), "method": method, "params": params}
            ).encode()
        )
    junk = [json.loads(b) for b in out[16:40]] + [1, "x", None]
    out.append(json.dumps(junk).encode())  # a batch of mixed junk
    return out


def test_fuzzed_requests_get_spec_errors(local_committee: Callable[..., LocalCommittee]) -> None:
    committee = local_committee(n=1)
    committee.start_all()
    committee.wait_ready()
    url = committee.url(0)
    codes: set[int] = set()
    for body in bodies(random.Random(11)):
        status, answer = post(url, body)
        assert status == 200, (body[:80], status)
        for item in answer if isinstance(answer, list) else [answer]:
            if "error" in item:
                assert item["error"]["code"] in MESSAGES, item
                assert item["error"]["message"] == MESSAGES[item["error"]["code"]]
                codes.add(item["error"]["code"])
            else:
                assert "result" in item and item["jsonrpc"] == "2.0"
    assert {-32700, -32600, -32601, -32602, 24} <= codes
    status, answer = post(
        url,
        b'{"jsonrpc": "2.0", "id": 1, "method": "starknet_blockNumber"'
        + b" " * (2 * 1024 * 1024)
        + b"}",
    )
    assert status == 413 and answer["error"]["code"] == -32600
    assert rpc(url, "starknet_blockNumber")["result"] >= 0
    assert (
        rpc(url, "starknet_getTransactionByHash", {"transaction_hash": "0x1"})["error"]["code"]
        == 29
    )
    assert (
        rpc(url, "starknet_getBlockWithTxs", {"block_id": {"block_number": 10**6}})["error"]["code"]
        == 24
    )
    assert (
        rpc(url, "starknet_getTransactionByBlockIdAndIndex", {"block_id": "latest", "index": 5})[
            "error"
        ]["code"]
        == 27
    )
    preflight = urllib.request.Request(url, method="OPTIONS")
    with urllib.request.urlopen(preflight, timeout=10) as resp:
        assert resp.status == 204
        assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert committee.alive(0)
