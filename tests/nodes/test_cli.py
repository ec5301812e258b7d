"""`python -m nodes keys | run | client` as a user runs them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from nodes.local import LocalCommittee
from tests.nodes.helpers import wait_committed

pytestmark = pytest.mark.slow


def _nodes(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nodes", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_keys_writes_a_committee(tmp_path: Path) -> None:
    done = _nodes("keys", "--nodes", "4", "--out", str(tmp_path), "--base-port", "9500")
    assert done.returncode == 0, done.stderr
    committee = json.loads((tmp_path / "committee.json").read_text())
    assert [a["rpc"] for a in committee["authorities"]] == [
        f"127.0.0.1:{10500 + i}" for i in range(4)
    ]
    assert committee["chain"]["chain_id"] == "SN_STARKSTACK"
    assert (tmp_path / "node3.key").stat().st_mode & 0o777 == 0o600
    bad = _nodes(
        "run",
        "--committee",
        str(tmp_path / "committee.json"),
        "--key",
        str(tmp_path / "missing.key"),
        "--store",
        str(tmp_path / "db"),
    )
    assert bad.returncode == 2 and "error:" in bad.stderr


def test_client_sends_and_reports(
    local_committee: Callable[..., LocalCommittee], tmp_path: Path
) -> None:
    committee = local_committee(n=1)
    committee.start_all()
    committee.wait_ready()
    out = tmp_path / "hashes.txt"
    done = _nodes(
        "client",
        "--nodes",
        committee.url(0),
        "--rate",
        "40",
        "--duration",
        "1",
        "--max-fib",
        "30",
        "--max-fact",
        "30",
        "--hashes-out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    match = re.search(r"accepted (\d+), rejected 0", done.stdout)
    assert match, done.stdout
    hashes = out.read_text().split()
    assert len(hashes) == int(match[1]) >= 20  # 40 if the client kept its pace
    wait_committed(committee.url(0), hashes)
