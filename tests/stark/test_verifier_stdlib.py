"""The verifier's modules import nothing outside the standard library (so Pyodide runs them)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import stark

VERIFIER_MODULES = [
    "stark",
    "stark.errors",
    "stark.field",
    "stark.polynomial",
    "stark.merkle",
    "stark.transcript",
    "stark.options",
    "stark.encoding",
    "stark.public_input",
    "stark.proof",
    "stark.air",
    "stark.fri",
    "stark.protocol",
    "stark.verifier",
    "stark.cairo_air",
    "stark.cairo_verifier",
]

_BLOCKER = textwrap.dedent(
    """
    import sys
    STDLIB = set(sys.stdlib_module_names)

    class Blocker:
        def find_spec(self, name, path=None, target=None):
            top = name.split(".")[0]
            if top in STDLIB or top == "stark":
                return None
            raise ImportError(f"verifier imported non-stdlib module {name!r}")

    sys.meta_path.insert(0, Blocker())
    """
)


def _run(code: str) -> subprocess.CompletedProcess:
    root = Path(stark.__file__).resolve().parent.parent
    return subprocess.run(
        [sys.executable, "-c", _BLOCKER + code],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_blocker_blocks_numpy():
    result = _run("import numpy")
    assert result.returncode != 0 and "non-stdlib" in result.stderr


@pytest.mark.parametrize("module", VERIFIER_MODULES)
def test_module_imports_with_only_the_standard_library(module):
    result = _run(f"import {module}")
    assert result.returncode == 0, result.stderr


def test_verify_runs_with_only_the_standard_library(fib_fast, tmp_path):
    path = tmp_path / "fib.proof"
    path.write_bytes(fib_fast.proof)
    result = _run(
        f"import stark, sys\n"
        f"claim = stark.verify(open({str(path)!r}, 'rb').read())\n"
        f"assert claim.output == [10, 55], claim\n"
        f"assert 'stark.prover' not in sys.modules and 'numpy' not in sys.modules\n"
    )
    assert result.returncode == 0, result.stderr


def test_prover_is_imported_lazily():
    result = _run(
        "import sys, stark\n"
        "assert 'stark.cairo_prover' not in sys.modules and 'stark.prover' not in sys.modules\n"
        "stark.prove_program\n"
        "assert 'stark.cairo_prover' in sys.modules\n"
    )
    assert result.returncode == 0, result.stderr
