"""Background services: PID files that survive only as long as the process, exact stops."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from stack.process import Service


def test_start_stop_and_log(tmp_path: Path) -> None:
    svc = Service(
        "sleeper",
        [sys.executable, "-c", "print('hello', flush=True); import time; time.sleep(60)"],
        {},
        tmp_path,
    )
    pid = svc.start()
    assert svc.pid() == pid
    deadline = time.monotonic() + 10
    while "hello" not in svc.log_tail() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "hello" in svc.log_tail()
    assert svc.stop() is True
    assert svc.pid() is None and not svc.pid_file.exists()
    assert svc.stop() is False


def test_exited_process_is_not_running(tmp_path: Path) -> None:
    svc = Service("quick", [sys.executable, "-c", "pass"], {}, tmp_path)
    svc.start()
    deadline = time.monotonic() + 10
    while svc.pid() is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert svc.pid() is None


def test_a_reused_pid_is_not_ours(tmp_path: Path) -> None:
    svc = Service("other", [sys.executable, "-c", "pass"], {}, tmp_path)
    svc.pid_file.parent.mkdir(parents=True)
    import json
    import os

    svc.pid_file.write_text(json.dumps({"pid": os.getpid(), "start": "0"}))
    assert svc.pid() is None
    assert svc.stop() is False  # never signals a process it did not start
