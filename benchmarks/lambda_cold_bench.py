"""The deployed prover's cold start: the Lambda package, unpacked, in a fresh interpreter.

The package is built as ``make package`` builds it (in ``.venv-lambda``, Python 3.12) and run
the way Lambda runs it: only the unpacked code, the runtime's boto3 and the standard library on
the path, an empty /tmp. Each row is one cold start: importing the handlers' module, then the
prover's work on a block of 4 transactions (the block program's run, the ``secure`` proof and
its verification), then the same work again in the now warm process. Rows: the package as
shipped (the compiled kernels with their prebuilt cache), the same without the cache (numba
compiles every kernel), and the plain-Python kernels. Also the package's size unzipped (Lambda's
limit: 250 MB) and zipped (``chalice deploy`` uploads at most 50 MB; larger goes through S3).

    .venv/bin/python -m benchmarks lambda_cold
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chalice_app.build import SHIPPED_CACHE, tree_size
from tests.chalice_app.sandbox import build_project, chalice_package, run_in_lambda

COLD_START = r"""
import json, time
start = time.perf_counter()
import app
from prover_lambda import proving
from prover_lambda.blocks import Block, ProvenTx
from cairovm.calls import execute_call
imported = time.perf_counter()
calls = [(0, 30), (1, 20), (0, 50), (1, 40)]
block = Block(number=3, hash=0xB10C, tx_count=4, txs=tuple(
    ProvenTx(hash=i + 1, selector=s, n=n, result=execute_call(s, n).result)
    for i, (s, n) in enumerate(calls)))
times = []
for _ in range(2):
    begin = time.perf_counter()
    run = proving.run_range(block, 0, 3)
    proof = proving.prove_range(block, run, "secure")
    times.append(time.perf_counter() - begin)
from stark.kernels import get_kernels
print(json.dumps({"import": imported - start, "first": times[0], "warm": times[1],
                  "kernels": get_kernels().name, "steps": run.steps}))
"""


def _cold_start(package: Path, scratch: Path, env: dict[str, str]) -> dict:
    scratch.mkdir()
    done = run_in_lambda(package, COLD_START, scratch, env=env)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="lambda-cold-") as tmp:
        root = Path(tmp)
        project = build_project(root / "chalice_app")
        done = chalice_package(project, root / "sam")
        if done.returncode != 0:
            raise RuntimeError(done.stdout + done.stderr)
        archive = root / "sam" / "deployment.zip"
        package = root / "package"
        with zipfile.ZipFile(archive) as z:
            z.extractall(package)
        unzipped, zipped = tree_size(package), archive.stat().st_size
        cases = [
            ("compiled, shipped cache", {}),
            ("compiled, no shipped cache", {}),
            ("plain Python", {"STARK_KERNELS": "python"}),
        ]
        for i, (name, env) in enumerate(cases):
            if i == 1:
                shutil.rmtree(package / SHIPPED_CACHE)
            result = _cold_start(package, root / f"run{i}", env)
            rows.append(
                {
                    "package": name,
                    "kernels": result["kernels"],
                    "block steps": result["steps"],
                    "import s": f"{result['import']:.2f}",
                    "first proof s": f"{result['first']:.2f}",
                    "cold start total s": f"{result['import'] + result['first']:.2f}",
                    "warm proof s": f"{result['warm']:.2f}",
                    "unzipped MB": f"{unzipped / 1e6:.0f}" if i == 0 else "",
                    "zipped MB": f"{zipped / 1e6:.0f}" if i == 0 else "",
                }
            )
    return rows


if __name__ == "__main__":
    from benchmarks import print_table

    print_table("Lambda cold start", run())
