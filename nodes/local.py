"""A committee of node processes on this machine, on free loopback ports.

Used by the tests, the benchmark and local runs: it writes keys and the committee file
into a folder, starts `python -m nodes run` for each node (logs in the same folder), and can
SIGKILL, restart and stop them individually.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from nodes.keys import generate


def free_ports(count: int) -> list[int]:
    """Ports that were free a moment ago (bound to 0, then released)."""
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


def rpc(url: str, method: str, params: Any = None, timeout: float = 5.0) -> Any:
    """A blocking JSON-RPC call; returns the whole answer object."""
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": method,
            "params": params if params is not None else [],
        }
    ).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as resp:
        return json.loads(resp.read())


def _end(proc: subprocess.Popen[bytes], sig: int, grace: float = 20.0) -> None:
    """Send `sig`; if the process has not exited after `grace` seconds, SIGKILL it."""
    if proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


class LocalCommittee:
    """N node processes sharing one committee file in `folder`."""

    def __init__(
        self,
        folder: str | Path,
        nodes: int = 4,
        *,
        env: dict[str, str] | None = None,
        empty_block_interval_ms: int = 2000,
    ) -> None:
        self.folder = Path(folder)
        self.n = nodes
        ports = free_ports(2 * nodes)
        self.peer_ports = ports[:nodes]
        self.rpc_ports = ports[nodes:]
        self.committee = generate(
            nodes=nodes,
            out=self.folder,
            base_port=0,
            rpc_base_port=0,
            empty_block_interval_ms=empty_block_interval_ms,
        )
        # generate() numbers ports consecutively; free ports are not, so rewrite them.
        data = json.loads((self.folder / "committee.json").read_text())
        for i, entry in enumerate(data["authorities"]):
            entry["address"] = f"127.0.0.1:{self.peer_ports[i]}"
            entry["rpc"] = f"127.0.0.1:{self.rpc_ports[i]}"
        (self.folder / "committee.json").write_text(json.dumps(data, indent=2))
        self.env = {**os.environ, **(env or {})}
        self.procs: dict[int, subprocess.Popen[bytes]] = {}
        self.extra_procs: list[subprocess.Popen[bytes]] = []  # e.g. a twin with a node's key

    def url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.rpc_ports[i]}"

    @property
    def urls(self) -> list[str]:
        return [self.url(i) for i in range(self.n)]

    def start(
        self,
        i: int,
        *,
        key: str | None = None,
        store: str | None = None,
        extra: list[str] | None = None,
        log_name: str | None = None,
    ) -> None:
        """Start node i (or another process with node i's key: `store` must then differ)."""
        log = open(self.folder / (log_name or f"node{i}.log"), "ab")  # noqa: SIM115
        cmd = [
            sys.executable,
            "-m",
            "nodes",
            "run",
            "--committee",
            str(self.folder / "committee.json"),
            "--key",
            key or str(self.folder / f"node{i}.key"),
            "--store",
            store or str(self.folder / f"db{i}"),
            *(extra or []),
        ]
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        log.close()
        if log_name is None:
            self.procs[i] = proc
        else:
            self.extra_procs.append(proc)

    def start_all(self, extra: list[str] | None = None) -> None:
        for i in range(self.n):
            self.start(i, extra=extra)

    def wait_ready(self, indices: list[int] | None = None, timeout: float = 60.0) -> None:
        """Wait until each node answers starknet_blockNumber."""
        deadline = time.monotonic() + timeout
        for i in indices if indices is not None else range(self.n):
            while True:
                try:
                    if "result" in rpc(self.url(i), "starknet_blockNumber", timeout=2):
                        break
                except (OSError, urllib.error.URLError, ValueError):
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"node {i} did not come up; see its log")
                time.sleep(0.2)

    def kill(self, i: int, sig: int = signal.SIGKILL) -> None:
        proc = self.procs.pop(i, None)
        if proc is not None:
            _end(proc, sig)

    def alive(self, i: int) -> bool:
        proc = self.procs.get(i)
        return proc is not None and proc.poll() is None

    def stop(self) -> None:
        for i in list(self.procs):
            self.kill(i, signal.SIGTERM)
        for proc in self.extra_procs:
            _end(proc, signal.SIGTERM)
        self.extra_procs.clear()

    def height(self, i: int) -> int:
        return rpc(self.url(i), "starknet_blockNumber")["result"]

    def block_hash(self, i: int, number: int) -> str | None:
        answer = rpc(
            self.url(i), "starknet_getBlockWithTxHashes", {"block_id": {"block_number": number}}
        )
        return answer.get("result", {}).get("block_hash")

    def wait_height(self, i: int, height: int, timeout: float = 60.0) -> int:
        deadline = time.monotonic() + timeout
        while True:
            try:
                current = self.height(i)
                if current >= height:
                    return current
            except (OSError, urllib.error.URLError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"node {i} did not reach height {height}")
            time.sleep(0.2)
