"""``python -m prover_lambda.local`` as a child process, for the integration tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


class RuntimeProcess:
    """One local runtime, its log file, and ways to stop or kill it."""

    def __init__(self, log_path: Path, args: list[str], env: dict[str, str]) -> None:
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prover_lambda.local", *args],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
        )
        self.ready: dict[str, Any] = self._wait_ready()

    def text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def _wait_ready(self, timeout_s: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for line in self.text().splitlines():
                if line.startswith("READY "):
                    return json.loads(line[len("READY ") :])
            if self.process.poll() is not None:
                raise RuntimeError(f"runtime exited early:\n{self.text()}")
            time.sleep(0.1)
        raise RuntimeError(f"runtime not ready:\n{self.text()}")

    def json_lines(self) -> list[dict[str, Any]]:
        """The handlers' structured log lines."""
        lines = []
        for line in self.text().splitlines():
            if line.startswith("{"):
                try:
                    lines.append(json.loads(line))
                except json.JSONDecodeError:
                    continue
        return lines

    def stop(self) -> int:
        """SIGTERM, as a process manager stops it; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        self.log.close()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL: no cleanup at all, as when a Lambda is cut off."""
        self.process.kill()
        self.process.wait(timeout=30)
        self.log.close()


def wait_for(predicate, timeout_s: float, what: str, interval_s: float = 0.3):
    """Poll ``predicate`` until it returns something truthy."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval_s)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
