"""The Lambda package as Lambda sees it: built and packaged with the runtime's Python
(``.venv-lambda``, Python 3.12), then run in a fresh interpreter that sees only the unpacked zip,
the runtime's own boto3, the standard library and an empty /tmp."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from chalice_app.build import APP_DIR, LAMBDA_PYTHON, ROOT

LAMBDA_VENV = ROOT / ".venv-lambda"
# What the Lambda Python runtime provides besides the standard library.
LAMBDA_RUNTIME = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six.py", "urllib3")


def lambda_python() -> Path:
    """The packaging virtualenv's interpreter (``make lambda-venv`` makes it)."""
    python = LAMBDA_VENV / "bin" / "python"
    if not python.exists():
        raise RuntimeError(f"{python} is missing: run `make lambda-venv` (make test does)")
    return python


@functools.cache
def interpreter_paths(python: Path) -> dict[str, str]:
    """``sysconfig.get_paths()`` of another interpreter, with its version."""
    code = (
        "import json, sys, sysconfig; "
        "print(json.dumps({**sysconfig.get_paths(), 'version': '%d.%d' % sys.version_info[:2]}))"
    )
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    paths = json.loads(done.stdout)
    if paths["version"] != ".".join(map(str, LAMBDA_PYTHON)):
        raise RuntimeError(f"{python} is Python {paths['version']}, not the Lambda runtime's")
    return paths


def stdlib_dirs(python: Path) -> list[str]:
    stdlib = interpreter_paths(python)["stdlib"]
    return [stdlib, str(Path(stdlib) / "lib-dynload")]


def runtime_dir(tmp: Path, python: Path) -> Path:
    """A folder with only what AWS's Python runtime adds to the standard library."""
    runtime = tmp / "lambda-runtime"
    runtime.mkdir(exist_ok=True)
    site = Path(interpreter_paths(python)["purelib"])
    for name in LAMBDA_RUNTIME:
        link = runtime / name
        if not link.exists():
            link.symlink_to(site / name)
    return runtime


def offline_env(home: Path) -> dict[str, str]:
    """An environment with a region and no AWS credentials of any kind."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_DEFAULT_REGION="us-east-1",
        HOME=str(home),
        AWS_CONFIG_FILE=str(home / "none"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / "none"),
    )
    return env


def build_project(project: Path, *build_args: str) -> Path:
    """A copy of chalice_app (app.py, .chalice/) at ``project`` with its vendor/ folder built by
    ``python -m chalice_app.build`` in the packaging virtualenv."""
    project.mkdir(parents=True)
    shutil.copy2(APP_DIR / "app.py", project / "app.py")
    shutil.copytree(
        APP_DIR / ".chalice", project / ".chalice", ignore=shutil.ignore_patterns("deployments")
    )
    done = subprocess.run(
        [
            str(lambda_python()),
            "-m",
            "chalice_app.build",
            "--target",
            str(project / "vendor"),
            *build_args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"building the package failed:\n{done.stdout}{done.stderr}")
    return project


def chalice_package(project: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    chalice = lambda_python().with_name("chalice")
    return subprocess.run(
        [str(chalice), "package", *extra, str(out)],
        cwd=project,
        env=offline_env(out.parent),
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_in_lambda(
    package: Path,
    code: str,
    tmp: Path,
    args: Sequence[str] = (),
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with ``package`` (an unpacked zip) as the function's code; ``tmp/tmp`` is
    its /tmp (made empty if missing). ``args`` become ``sys.argv[1:]``."""
    python = lambda_python()
    runtime = runtime_dir(tmp, python)
    lambda_tmp = tmp / "tmp"
    lambda_tmp.mkdir(exist_ok=True)
    path = [str(package), str(runtime), *stdlib_dirs(python)]
    return subprocess.run(
        [str(python), "-I", "-S", "-c", f"import sys; sys.path[:] = {path!r}\n{code}", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp,
        env={
            "AWS_DEFAULT_REGION": "us-east-1",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "PATH": "/usr/bin:/bin",
            "TMPDIR": str(lambda_tmp),
            "HOME": str(lambda_tmp),
            **(env or {}),
        },
    )
