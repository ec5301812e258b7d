"""The package build: its Python, its requirements, and the plain variant for chalice deploy."""

from __future__ import annotations

import json

import pytest

from chalice_app import build
from tests.chalice_app.sandbox import build_project, run_in_lambda

PLAIN_CHECK = r"""
import json, importlib.util
from prover_lambda import proving
from prover_lambda.blocks import Block, ProvenTx
from stark.kernels import get_kernels
block = Block(number=2, hash=0x5, tx_count=1, txs=(ProvenTx(hash=0x9, selector=1, n=6, result=720),))
proof = proving.prove_range(block, proving.run_range(block, 0, 0), "fast")
print(json.dumps({"kernels": get_kernels().name, "output": list(proof.output),
                  "numba": importlib.util.find_spec("numba") is not None}))
"""


def test_the_build_refuses_another_python_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "LAMBDA_PYTHON", (3, 99))
    with pytest.raises(build.WrongPython, match=r"built with Python 3\.99.*python3\.99"):
        build.vendor(tmp_path / "vendor")
    assert not (tmp_path / "vendor").exists()


def test_requirements_are_the_handlers_own_with_the_fast_extra():
    names = [r.split(">")[0].split("[")[0].split("=")[0] for r in build.build_requirements()]
    assert {"numpy", "httpx", "aws-lambda-powertools", "numba", "chalice", "boto3"} <= set(names)
    assert not {"starknet-py", "pynacl", "aiohttp"} & set(names)


def test_main_prints_the_requirements(capsys):
    assert build.main(["--requirements"]) == 0
    assert capsys.readouterr().out.split() == build.build_requirements()


def test_the_plain_package_proves_with_the_plain_kernels(tmp_path):
    project = build_project(tmp_path / "project", "--plain")
    vendor = project / "vendor"
    assert not (vendor / "numba").exists() and not (vendor / build.SHIPPED_CACHE).exists()
    assert build.tree_size(vendor) < 100_000_000
    done = run_in_lambda(vendor, PLAIN_CHECK, tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"kernels": "python", "output": [2, 5, 1, 9, 1, 6, 720], "numba": False}
