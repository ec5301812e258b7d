"""``chalice package`` works offline in both formats, and the zip holds everything imported,
the compiled prover included: a fresh process proves from the unpacked zip with numba's kernels
and compiles nothing (the shipped kernel cache), within Lambda's unzipped limit."""

from __future__ import annotations

import json

from chalice_app.build import LAMBDA_UNZIPPED_LIMIT, tree_size
from tests.chalice_app.sandbox import (
    chalice_package,
    lambda_python,
    run_in_lambda,
    runtime_dir,
    stdlib_dirs,
)

IMPORT_CHECK = r"""
import json, sys
zip_dir, runtime_dir, stdlib = sys.argv[1], sys.argv[2], sys.argv[3:]
import app
from prover_lambda import watcher, prover, indexer, proving
import stark, cairovm
from stark import prove_program, verify
from stark.kernels import get_kernels
from numba.core import event
from prover_lambda.blocks import Block, ProvenTx
block = Block(number=7, hash=0xABC, tx_count=2, txs=(
    ProvenTx(hash=0x1, selector=0, n=40, result=102334155),
    ProvenTx(hash=0x2, selector=1, n=5, result=120),
))
with event.install_recorder("numba:compile") as compiles:
    run = proving.run_range(block, 0, 1)
    proof = proving.prove_range(block, run, "secure")
origins = {}
for name, module in list(sys.modules.items()):
    path = getattr(module, "__file__", None)
    if not path:
        continue
    if path.startswith(zip_dir):
        origins[name] = "zip"
    elif path.startswith(runtime_dir):
        origins[name] = "runtime"
    elif any(path.startswith(p) for p in stdlib):
        origins[name] = "stdlib"
    else:
        origins[name] = path
print(json.dumps({"origins": origins, "functions": [s.name for s in app.app.event_sources],
                  "proven_output": list(proof.output), "kernels": get_kernels().name,
                  "compiled": len(compiles.buffer)}))
"""


def test_sam_template_wires_the_handlers(sam_package):
    template = json.loads((sam_package / "sam.json").read_text())
    resources = template["Resources"]
    watcher = resources["Watcher"]["Properties"]
    assert watcher["Timeout"] == 60
    assert [e["Type"] for e in watcher["Events"].values()] == ["Schedule"]
    prover = resources["Prover"]["Properties"]
    assert prover["Runtime"] == "python3.12"  # Amazon Linux 2023: glibc for today's wheels
    assert prover["Timeout"] == 900
    assert prover["MemorySize"] == 3008
    (event,) = prover["Events"].values()
    assert event["Type"] == "SQS"
    assert event["Properties"]["BatchSize"] == 1
    assert "starkstack-prover" in json.dumps(event["Properties"]["Queue"])
    (event,) = resources["Indexer"]["Properties"]["Events"].values()
    assert "starkstack-indexer" in json.dumps(event["Properties"]["Queue"])
    assert prover["Environment"]["Variables"]["PROVER_STORAGE"] == "s3"
    assert "RestAPI" in resources


def test_terraform_package_works_offline(chalice_project, tmp_path):
    out = tmp_path / "tf"
    result = chalice_package(chalice_project, out, "--pkg-format", "terraform")
    assert result.returncode == 0, result.stdout + result.stderr
    config = json.loads((out / "chalice.tf.json").read_text())
    functions = config["resource"]["aws_lambda_function"]
    assert {"watcher", "prover", "indexer", "api_handler"} <= set(functions)
    mappings = config["resource"]["aws_lambda_event_source_mapping"]
    assert len(mappings) == 2
    assert (out / "deployment.zip").stat().st_size > 1_000_000


def test_each_handler_imports_from_the_unpacked_zip_alone(unpacked_zip, tmp_path):
    runtime = str(runtime_dir(tmp_path, lambda_python()))
    stdlib = stdlib_dirs(lambda_python())[0]
    result = run_in_lambda(
        unpacked_zip, IMPORT_CHECK, tmp_path, [str(unpacked_zip), runtime, stdlib]
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    origins = report["origins"]
    foreign = {n: o for n, o in origins.items() if o not in ("zip", "runtime", "stdlib")}
    assert foreign == {}
    for name in (
        "app",
        "prover_lambda.prover",
        "stark",
        "cairovm",
        "aws_lambda_powertools",
        "httpx",
        "chalice",
        "numba",
        "llvmlite",
        "numpy",
    ):
        assert origins[name] == "zip", name
    assert sorted(report["functions"]) == ["indexer", "prover", "watcher"]
    assert report["proven_output"] == [7, 0xABC, 2, 0x1, 0, 40, 102334155, 0x2, 1, 5, 120]
    assert report["kernels"] == "numba"
    assert report["compiled"] == 0, "the shipped kernel cache was not used"
    assert any((tmp_path / "tmp" / "starkstack-numba-cache").iterdir())


def test_unzipped_package_fits_lambda(unpacked_zip):
    assert 0 < tree_size(unpacked_zip) <= LAMBDA_UNZIPPED_LIMIT
    assert (unpacked_zip / "stark" / "kernels" / "_numba_cache" / "manifest.json").is_file()
    for pruned in ("numpy/_core/tests", "numba/tests", "llvmlite/tests"):
        assert not (unpacked_zip / pruned).exists(), pruned
