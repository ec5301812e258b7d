"""Background processes with a PID file and a log file each, started and stopped by name.

A PID file holds the PID and the process's start time (from /proc), so a PID reused by an
unrelated process after a reboot is never mistaken for ours, and ``stop`` ends only what
``start`` started (the whole process group).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def _start_time(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22: starttime


@dataclass(frozen=True)
class Service:
    """One background process of the stack."""

    name: str
    argv: list[str]
    env: dict[str, str]
    folder: Path

    @property
    def pid_file(self) -> Path:
        return self.folder / "pids" / f"{self.name}.json"

    @property
    def log_file(self) -> Path:
        return self.folder / "logs" / f"{self.name}.log"

    def pid(self) -> int | None:
        """The PID if this service is running (as started by us), else None."""
        try:
            data = json.loads(self.pid_file.read_text())
        except (OSError, ValueError):
            return None
        pid = data.get("pid")
        if not isinstance(pid, int) or _start_time(pid) != data.get("start"):
            return None
        if _is_zombie(pid):  # exited; reap it if it is our child
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            return None
        return pid

    def start(self) -> int:
        """Start the process in its own process group, logging to its log file."""
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_file.open("ab")
        proc = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **self.env},
            start_new_session=True,
        )
        log.close()
        self.pid_file.write_text(
            json.dumps({"pid": proc.pid, "start": _start_time(proc.pid), "argv": self.argv})
        )
        return proc.pid

    def stop(self, timeout: float = 10.0) -> bool:
        """End the process group (SIGTERM, then SIGKILL); True if something was running."""
        pid = self.pid()
        self.pid_file.unlink(missing_ok=True)
        if pid is None:
            return False
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _start_time(pid) is None or _is_zombie(pid):
                return True
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        return True

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
