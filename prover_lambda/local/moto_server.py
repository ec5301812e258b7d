"""Starting and stopping moto's server (S3 and SQS over real HTTP) as a child process."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from prover_lambda.errors import MotoServerError


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class MotoServer:
    """A running ``python -m moto.server`` child."""

    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        """Its endpoint URL."""
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Terminate it and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_moto(
    port: int | None = None, log_path: Path | None = None, timeout_s: float = 30.0
) -> MotoServer:
    """Start moto's server on ``port`` (a free one by default) and wait until it answers.

    Raises:
        MotoServerError: it exited or did not answer within ``timeout_s``.
    """
    port = port or free_port()
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = MotoServer(process, port)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise MotoServerError(f"moto server exited with {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{server.url}/moto-api/", timeout=1),
        ):
            return server
        time.sleep(0.2)
    server.stop()
    raise MotoServerError(f"moto server did not answer on port {port} in {timeout_s} s")
