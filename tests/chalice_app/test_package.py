"""``chalice package`` works offline in both formats, and the zip holds everything imported."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.chalice_app.conftest import chalice_package

# What the Lambda Python runtime provides besides the standard library.
LAMBDA_RUNTIME = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six.py", "urllib3")

IMPORT_CHECK = r"""
import json, sys
zip_dir, runtime_dir, stdlib = sys.argv[1], sys.argv[2], sys.argv[3:]
import app
from prover_lambda import watcher, prover, indexer, proving
import stark, cairovm
from stark import prove_program, verify
from prover_lambda.blocks import Block
empty = Block(number=7, hash=0xABC, tx_count=0, txs=())
run = proving.run_range(empty, 0, -1)
proof = proving.prove_range(empty, run, "fast")
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
                  "proven_output": list(proof.output)}))
"""


def _runtime_dir(tmp: Path) -> Path:
    """A folder with only what AWS's Python runtime adds to the standard library."""
    runtime = tmp / "lambda-runtime"
    runtime.mkdir(exist_ok=True)
    site = Path(sysconfig.get_paths()["purelib"])
    for name in LAMBDA_RUNTIME:
        link = runtime / name
        if not link.exists():
            link.symlink_to(site / name)
    return runtime


def test_sam_template_wires_the_handlers(sam_package):
    template = json.loads((sam_package / "sam.json").read_text())
    resources = template["Resources"]
    watcher = resources["Watcher"]["Properties"]
    assert watcher["Timeout"] == 60
    assert [e["Type"] for e in watcher["Events"].values()] == ["Schedule"]
    prover = resources["Prover"]["Properties"]
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
    runtime = _runtime_dir(tmp_path)
    paths = sysconfig.get_paths()
    stdlib = [paths["stdlib"]]
    stdlib_dirs = [paths["stdlib"], str(Path(paths["stdlib"]) / "lib-dynload")]
    code = (
        "import sys; sys.path[:] = "
        + repr([str(unpacked_zip), str(runtime), *stdlib_dirs])
        + "\n"
        + IMPORT_CHECK
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(unpacked_zip), str(runtime), *stdlib],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={
            "AWS_DEFAULT_REGION": "us-east-1",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "PATH": "/usr/bin:/bin",
        },
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
    ):
        assert origins[name] == "zip", name
    assert sorted(report["functions"]) == ["indexer", "prover", "watcher"]
    assert report["proven_output"] == [7, 0xABC, 0]
