"""What the launcher would start, for moto and for an external endpoint (LocalStack, AWS)."""

from __future__ import annotations

from pathlib import Path

from stack.config import load_config
from stack.launcher import Stack


def test_moto_is_started_only_without_an_endpoint(tmp_path: Path) -> None:
    own = Stack(load_config({"LOCAL_DIR": str(tmp_path)}))
    assert [s.name for s in own.services()] == [
        "moto",
        "node0",
        "node1",
        "node2",
        "node3",
        "lambda",
        "site",
    ]
    assert own.lambdas().env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:9200"

    external = Stack(
        load_config({"LOCAL_DIR": str(tmp_path), "AWS_ENDPOINT_URL": "http://localhost:4566"})
    )
    assert "moto" not in [s.name for s in external.services()]
    env = external.lambdas().env
    assert env["AWS_ENDPOINT_URL"] == "http://localhost:4566"
    assert "AWS_ACCESS_KEY_ID" not in env  # the user's own credentials are used
    assert "--endpoint-url" in external.lambdas().argv


def test_settings_reach_the_processes(tmp_path: Path) -> None:
    stack = Stack(
        load_config(
            {
                "LOCAL_DIR": str(tmp_path),
                "PORT_BASE": "9500",
                "PROOF_PRESET": "fast",
                "CLIENT_RATE": "7",
                "CLIENT_MAX_N": "40",
            }
        )
    )
    assert stack.lambdas().env["PROOF_PRESET"] == "fast"
    assert stack.lambdas().env["NODE_RPC_URLS"].split(",")[3] == "http://127.0.0.1:9603"
    argv = stack.client().argv
    assert argv[argv.index("--rate") + 1] == "7" and argv[argv.index("--max-fib") + 1] == "40"
    assert stack.site().argv[-1] == "9800"


def test_stop_without_a_stack_says_so(tmp_path: Path) -> None:
    lines: list[str] = []
    Stack(load_config({"LOCAL_DIR": str(tmp_path)})).down(out=lines.append)
    assert lines == ["Nothing was running."]
