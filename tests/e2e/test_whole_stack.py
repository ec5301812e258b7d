"""The whole stack as a user sees it: what ``make local`` starts, driven end to end.

Moto's server, four node processes, the local Lambda runtime and the explorer's static server
come up on free ports (fast proof preset); the client sends transactions; headless Chromium
opens the explorer and waits until every block holding transactions shows Verified, and the
transaction pages show fibonacci(n) and factorial(n) for the n that were sent. Then one node is
SIGKILLed, and blocks keep coming and keep being proven.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
import urllib.request
from collections.abc import Iterator

import pytest

from nodes.client import make_invoke
from stack.config import StackConfig
from stack.launcher import Stack
from tests.browser import chromium, console_errors, screenshot
from tests.reference import fact, fib
from tests.site.pages import go, panel_status

pytestmark = pytest.mark.slow


def _free_base() -> int:
    """A PORT_BASE whose ports (+0..3, +100..103, +200, +300) are all free now."""
    for base in range(21000, 60000, 997):
        ports = [base + i for i in (0, 1, 2, 3, 100, 101, 102, 103, 200, 300)]
        try:
            socks = []
            for port in ports:
                s = socket.socket()
                s.bind(("127.0.0.1", port))
                socks.append(s)
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
        return base
    raise RuntimeError("no free port range")


def rpc(url: str, method: str, params: object = None) -> object:
    body = json.dumps(
        {"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}
    ).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        answer = json.loads(resp.read())
    if "error" in answer:
        raise LookupError(answer["error"])
    return answer["result"]


def wait_until(what: str, check, timeout: float, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except (OSError, LookupError, ValueError):
            value = None
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    config = StackConfig(
        port_base=_free_base(),
        client_rate=4,
        client_duration=5,
        client_max_n=30,
        empty_block_ms=3000,
        proof_preset="fast",
        local_dir=tmp_path_factory.mktemp("stack") / ".local",
    )
    s = Stack(config)
    lines: list[str] = []
    s.up(out=lines.append)
    assert any("Explorer:" in line and config.explorer_url in line for line in lines), lines
    try:
        yield s
    finally:
        s.down(out=lambda _line: None)
        assert s.running() == []


def _index(stack: Stack) -> dict:
    c = stack.config
    with urllib.request.urlopen(f"{c.s3_endpoint}/{c.bucket}/index.json", timeout=5) as resp:
        return json.loads(resp.read())


def test_transactions_become_verified_blocks_in_the_browser(stack: Stack) -> None:
    c = stack.config
    client = stack.client()
    wait_until("the client's burst to end", lambda: client.pid() is None, 120)
    hashes = (c.local_dir / "client-hashes.txt").read_text().split()
    assert len(hashes) >= 10, "the client had too few transactions accepted"

    sent: dict[str, tuple[int, int, int]] = {}  # hash -> (block, selector, n)
    for h in hashes:
        receipt = wait_until(
            f"receipt of {h}",
            lambda h=h: rpc(c.rpc_urls[0], "starknet_getTransactionReceipt", [h]),
            60,
        )
        tx = rpc(c.rpc_urls[0], "starknet_getTransactionByHash", [h])
        selector, n = (int(x, 16) for x in tx["calldata"][:2])
        assert receipt["execution_status"] == "SUCCEEDED"
        sent[h] = (receipt["block_number"], selector, n)
    blocks = sorted({b for b, _, _ in sent.values()})

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors = console_errors(page)
        page.goto(c.explorer_url)
        page.wait_for_selector("body[data-loaded=true]")
        for number in blocks:
            go(page, f"#/block/{number}")
            assert panel_status(page) == "verified", f"block {number}"
        screenshot(page, "e2e-block")
        for h, (number, selector, n) in sent.items():
            go(page, f"#/tx/{h}?block={number}")
            page.wait_for_selector("dl.fields")
            call = page.locator('dl.fields dt:text-is("Call") + dd').inner_text()
            result = page.locator('dl.fields dt:text-is("Result") + dd').inner_text()
            name, expected = ("fibonacci", fib(n)) if selector == 0 else ("factorial", fact(n))
            assert call == f"{name}({n})"
            assert int(result.replace(",", "")) == expected
        go(page, "#/")
        page.wait_for_timeout(500)
        screenshot(page, "e2e-home")
        page.close()
    assert not [e for e in errors if "404" not in e], errors


def test_the_stack_is_not_started_twice(stack: Stack) -> None:
    pids = {s.name: s.pid() for s in stack.services()}
    lines: list[str] = []
    Stack(stack.config).up(out=lines.append)
    assert "already running" in lines[0]
    assert {s.name: s.pid() for s in stack.services()} == pids


def test_blocks_keep_coming_and_being_proven_with_a_node_killed(stack: Stack) -> None:
    c = stack.config
    victim = stack.node(3)
    pid = victim.pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    wait_until("node3 to die", lambda: victim.pid() is None, 10)
    height = rpc(c.rpc_urls[0], "starknet_blockNumber")
    tx = make_invoke(version=3, sender=0x5EED, nonce=1, selector=0, n=7)
    sent = rpc(c.rpc_urls[1], "starknet_addInvokeTransaction", {"invoke_transaction": tx})[
        "transaction_hash"
    ]
    later = wait_until(
        "new blocks after the kill",
        lambda: (h := rpc(c.rpc_urls[0], "starknet_blockNumber")) >= height + 3 and h,
        60,
    )
    receipt = wait_until(
        "the transaction sent after the kill",
        lambda: rpc(c.rpc_urls[0], "starknet_getTransactionReceipt", [sent]),
        60,
    )
    assert receipt["block_number"] > height
    wait_until(
        "blocks after the kill to be proven",
        lambda: _index(stack)["proven_height"] >= max(later, receipt["block_number"]),
        300,
        interval=2,
    )
    entry = _index(stack)["blocks"][str(receipt["block_number"])]
    assert entry["status"] == "proven" and entry["tx_count"] >= 1
