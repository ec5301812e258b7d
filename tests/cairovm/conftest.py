"""Fixtures for the VM tests: compiled test programs and a helper to run the CLI."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from cairovm.cli import main
from tests.cairovm.cases import SHIPPED, TEST_PROGRAMS


@pytest.fixture
def forms_json() -> dict:
    return json.loads((TEST_PROGRAMS / "forms.json").read_text())


@pytest.fixture
def fibonacci_json() -> dict:
    return json.loads((SHIPPED / "fibonacci.json").read_text())


@pytest.fixture
def cli(tmp_path: Path):
    """Run ``python -m cairovm`` in-process: returns (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
        return code, out.getvalue(), err.getvalue()

    return run


def write_program(tmp_path: Path, obj: dict, name: str = "p.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(obj))
    return str(path)
