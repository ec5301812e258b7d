"""``python -m stark prove|verify`` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cairovm.programs import program_path

from .conftest import FIXTURES, fixture_files

ROOT = Path(__file__).resolve().parents[2]


def _stark(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stark", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _prove_files(name: str, proof: Path, *extra: str) -> subprocess.CompletedProcess:
    """``prove`` from cairo-run's files of fixture ``name`` with the fast preset."""
    trace, memory, public = fixture_files(name)
    return _stark(
        "prove",
        "--trace_file",
        str(trace),
        "--memory_file",
        str(memory),
        "--air_public_input",
        str(public),
        *extra,
        "--preset",
        "fast",
        "--proof",
        str(proof),
    )


def test_prove_program_and_verify(tmp_path):
    program_input = tmp_path / "input.json"
    program_input.write_text(json.dumps({"n": 7}))
    proof = tmp_path / "fib.proof"
    made = _stark(
        "prove",
        "--program",
        str(program_path("fibonacci")),
        "--layout",
        "small",
        "--program_input",
        str(program_input),
        "--preset",
        "fast",
        "--proof",
        str(proof),
    )
    assert made.returncode == 0, made.stderr
    assert "INSECURE" in made.stdout
    checked = _stark("verify", str(proof), "--program", str(program_path("fibonacci")))
    assert checked.returncode == 0, checked.stderr
    assert "proof valid" in checked.stdout
    assert "output: [0x7, 0xd]" in checked.stdout
    assert "INSECURE" in checked.stdout and "9 bits" in checked.stdout


def test_prove_cairo_run_files(tmp_path):
    proof = tmp_path / "rc.proof"
    private = str(FIXTURES / "range_check_mid.private.json")
    made = _prove_files("range_check_mid", proof, "--air_private_input", private)
    assert made.returncode == 0, made.stderr
    checked = _stark("verify", str(proof))
    assert checked.returncode == 0 and "output: [0x7, 0x8]" in checked.stdout


def test_verify_rejects_with_reason(tmp_path):
    proof = tmp_path / "fib.proof"
    made = _prove_files("fib_output", proof)
    assert made.returncode == 0, made.stderr
    wrong = _stark("verify", str(proof), "--program", str(program_path("factorial")))
    assert wrong.returncode == 1 and "proof rejected" in wrong.stderr and "program" in wrong.stderr
    data = bytearray(proof.read_bytes())
    data[-5] ^= 1
    proof.write_bytes(bytes(data))
    broken = _stark("verify", str(proof))
    assert broken.returncode == 1 and "proof rejected" in broken.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["prove", "--proof", "x.proof"],
        ["prove", "--program", "does-not-exist.json", "--proof", "x.proof"],
        ["verify", "does-not-exist.proof"],
    ],
)
def test_bad_invocations_fail_cleanly(args):
    result = _stark(*args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
