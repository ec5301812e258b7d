"""Faults with real processes: a crashed node, an equivocating twin, garbage on the wire,
and the whole committee killed with SIGKILL under load."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import socket
import threading
import time
from collections.abc import Callable

import pytest

from nodes import codec
from nodes.client import ClientConfig, ClientReport, run_client
from nodes.consensus.messages import Vote
from nodes.local import LocalCommittee, free_ports
from tests.nodes.helpers import (
    block_hashes,
    committed_hashes,
    invokes,
    submit,
    wait_committed,
)

pytestmark = pytest.mark.slow
Factory = Callable[..., LocalCommittee]


def assert_same_chain(committee: LocalCommittee, nodes: list[int]) -> int:
    """All `nodes` serve identical blocks up to the lowest of their heights; returns it."""
    top = min(committee.height(i) for i in nodes)
    reference = block_hashes(committee.url(nodes[0]), top)
    for i in nodes[1:]:
        assert block_hashes(committee.url(i), top) == reference, f"node {i} forked"
    return top


def test_crashed_node_catches_up(local_committee: Factory) -> None:
    committee = local_committee()
    committee.start_all()
    committee.wait_ready()
    sender = random.getrandbits(64)
    first = submit(committee.url(3), invokes(sender, 30))
    wait_committed(committee.url(0), first)

    committee.kill(3)  # SIGKILL
    height = committee.height(0)
    while_down = submit(committee.url(1), invokes(sender, 30, start_nonce=100))
    wait_committed(committee.url(0), while_down)
    committee.wait_height(0, height + 3)
    assert_same_chain(committee, [0, 1, 2])

    committee.start(3)
    committee.wait_ready([3])
    target = committee.height(0)
    committee.wait_height(3, target, timeout=90)
    wait_committed(committee.url(3), first + while_down, timeout=60)
    top = assert_same_chain(committee, [0, 1, 2, 3])
    assert top >= target
    # and it takes part again: new transactions sent to it commit everywhere
    after = submit(committee.url(3), invokes(sender, 10, start_nonce=200))
    for i in range(4):
        wait_committed(committee.url(i), after)


def _garbage(port: int, stop: threading.Event, sent: list[int]) -> None:
    """Connect to a node's peer port and send hostile frames until stopped."""
    rng = random.Random(5)
    frames = [
        b"\x00\x00\x00\x05hello",
        b"\x00\x00\x00\x02{}",
        b"\x00\x00\x00\x0a" + os.urandom(10),
        b'\x00\x00\x00\x1c{"kind":"vote","body":[1,2]}',
        b"\x00\x00\x00\x00",  # zero length: the node closes the connection
        b"\xff\xff\xff\xff" + b"x" * 64,  # 4 GiB announced: the node closes the connection
    ]
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                for _ in range(20):
                    frame = rng.choice(frames)
                    s.sendall(frame)
                    sent[0] += 1
                    if frame[:4] in (b"\x00\x00\x00\x00", b"\xff\xff\xff\xff"):
                        break
        except OSError:
            pass
        time.sleep(0.05)


def _forged_votes(committee: LocalCommittee, stop: threading.Event) -> None:
    """Well-formed votes with bad signatures, sent to every node."""
    names = [a.name for a in committee.committee.authorities]
    while not stop.is_set():
        for port in committee.peer_ports:
            vote = Vote(
                hash=os.urandom(32),
                round=random.randrange(1, 10_000),
                author=random.choice(names),
                signature=os.urandom(64),
            )
            frame = codec.encode(vote)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                    s.sendall(len(frame).to_bytes(4, "big") + frame)
            except OSError:
                pass
        time.sleep(0.05)


def _logs(committee: LocalCommittee) -> str:
    return "".join((committee.folder / f"node{i}.log").read_text() for i in (1, 2, 3))


def _wait_listening(ports: list[int], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"nothing listens on {port}"
                time.sleep(0.1)


class Tee:
    """Listens on a port and copies every incoming byte stream to several targets: the
    network of the Twins method, where messages for one name reach both of its twins."""

    def __init__(self, port: int, targets: list[int]) -> None:
        self.targets = targets
        self.server = socket.create_server(("127.0.0.1", port))
        self.server.settimeout(0.2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._pipe, args=(conn,), daemon=True).start()

    def _pipe(self, conn: socket.socket) -> None:
        outs = []
        for port in self.targets:
            with contextlib.suppress(OSError):
                outs.append(socket.create_connection(("127.0.0.1", port), timeout=2))
        with conn:
            while not self.stop.is_set():
                try:
                    data = conn.recv(65536)
                except OSError:
                    break
                if not data:
                    break
                for out in list(outs):
                    try:
                        out.sendall(data)
                    except OSError:
                        outs.remove(out)
        for out in outs:
            out.close()

    def close(self) -> None:
        self.stop.set()
        self.server.close()


def test_equivocating_twin_and_garbage_cause_no_fork(local_committee: Factory) -> None:
    committee = local_committee()
    # Node 0 and a twin (a second process with node 0's key, its own store and ports) both
    # receive everything sent to node 0's address: whenever node 0 leads, two different
    # proposals for the same round go out under one key, and votes are sent twice.
    real_peer, twin_peer, twin_rpc = free_ports(3)
    tee = Tee(committee.peer_ports[0], [real_peer, twin_peer])
    committee.start(0, extra=["--peer-port", str(real_peer)])
    committee.start(
        0,
        store=str(committee.folder / "twin-db"),
        log_name="twin.log",
        extra=["--peer-port", str(twin_peer), "--rpc-port", str(twin_rpc)],
    )
    _wait_listening([real_peer, twin_peer])  # so the peers' connections reach both twins
    for i in (1, 2, 3):
        committee.start(i)
    committee.wait_ready()
    stop = threading.Event()
    sent = [0]
    workers = [
        threading.Thread(target=_garbage, args=(p, stop, sent)) for p in committee.peer_ports[1:]
    ]
    workers.append(threading.Thread(target=_forged_votes, args=(committee, stop)))
    for w in workers:
        w.start()
    try:
        sender = random.getrandbits(64)
        hashes = []
        for i in range(1, 4):
            hashes += submit(committee.url(i), invokes(sender, 20, start_nonce=100 * i))
        start = committee.height(1)
        for i in (1, 2, 3):
            wait_committed(committee.url(i), hashes, timeout=90)
        deadline = time.monotonic() + 60
        while "equivocation: two proposals" not in _logs(committee):
            assert time.monotonic() < deadline, "the twin never equivocated"
            time.sleep(0.5)
        committee.wait_height(1, start + 3, timeout=60)
        more = submit(committee.url(2), invokes(sender, 10, start_nonce=900))
        for i in (1, 2, 3):
            wait_committed(committee.url(i), more, timeout=60)
    finally:
        stop.set()
        for w in workers:
            w.join()
        tee.close()
    assert sent[0] > 100
    for i in (1, 2, 3):
        assert committee.alive(i), f"node {i} died"
    assert_same_chain(committee, [1, 2, 3])
    # node 0 itself is honest; it must not have forked either
    committee.wait_height(0, assert_same_chain(committee, [1, 2, 3]), timeout=60)
    assert_same_chain(committee, [0, 1, 2, 3])


def test_all_killed_mid_load_keep_committed_transactions(local_committee: Factory) -> None:
    committee = local_committee()
    committee.start_all()
    committee.wait_ready()
    report = ClientReport()
    config = ClientConfig(
        nodes=tuple(committee.urls), rate=150, duration=10, max_fib=30, max_fact=30
    )

    def load() -> None:
        nonlocal report
        report = asyncio.run(run_client(config))

    loader = threading.Thread(target=load)
    loader.start()
    deadline = time.monotonic() + 8
    time.sleep(2)
    while not committed_hashes(committee.url(0), committee.height(0)):
        assert time.monotonic() < deadline, "nothing committed under load"
        time.sleep(0.3)
    time.sleep(0.5)  # kill while transactions are still arriving and batches are in flight
    committed_before = committed_hashes(committee.url(0), committee.height(0))
    for i in range(4):
        committee.kill(i, signal.SIGKILL)
    loader.join()
    returned = report.hashes
    assert committed_before and set(committed_before) <= set(returned)
    # Usually some returned transactions were still in flight at the kill; on a slow run all of
    # them may have been committed already, and then the checks below cover the committed ones.

    committee.start_all()
    committee.wait_ready()
    for i in range(4):
        # everything committed before the kill is still there, with its receipt ...
        wait_committed(committee.url(i), committed_before, timeout=60)
    # ... and every transaction whose hash was returned is committed too (batches are
    # stored before the answer, and re-proposed after a restart)
    wait_committed(committee.url(0), returned, timeout=90)
    assert_same_chain(committee, [0, 1, 2, 3])
