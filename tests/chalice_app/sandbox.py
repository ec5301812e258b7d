"""A fresh interpreter that sees what a deployed Lambda sees: the unpacked zip, the runtime's
own boto3, the standard library, an empty /tmp, and nothing of this environment."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path

# What the Lambda Python runtime provides besides the standard library.
LAMBDA_RUNTIME = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six.py", "urllib3")


def runtime_dir(tmp: Path) -> Path:
    """A folder with only what AWS's Python runtime adds to the standard library."""
    runtime = tmp / "lambda-runtime"
    runtime.mkdir(exist_ok=True)
    site = Path(sysconfig.get_paths()["purelib"])
    for name in LAMBDA_RUNTIME:
        link = runtime / name
        if not link.exists():
            link.symlink_to(site / name)
    return runtime


def stdlib_dirs() -> list[str]:
    stdlib = sysconfig.get_paths()["stdlib"]
    return [stdlib, str(Path(stdlib) / "lib-dynload")]


def run_in_lambda(
    package: Path,
    code: str,
    tmp: Path,
    args: Sequence[str] = (),
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with ``package`` (an unpacked zip) as the function's code; ``tmp/tmp`` is
    its /tmp (made empty if missing). ``args`` become ``sys.argv[1:]``."""
    runtime = runtime_dir(tmp)
    lambda_tmp = tmp / "tmp"
    lambda_tmp.mkdir(exist_ok=True)
    path = [str(package), str(runtime), *stdlib_dirs()]
    return subprocess.run(
        [sys.executable, "-I", "-S", "-c", f"import sys; sys.path[:] = {path!r}\n{code}", *args],
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
