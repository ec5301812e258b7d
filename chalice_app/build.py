"""Fills ``chalice_app/vendor/`` so ``chalice package`` and ``chalice deploy`` need no network.

Chalice puts the content of ``vendor/`` at the root of the deployment zip. This copies there the
project's packages the handlers import (``prover_lambda``, ``stark``, ``cairovm`` with its
compiled programs) and every third-party distribution ``pyproject.toml``'s runtime dependencies
pull in, taken from this environment's site-packages, except boto3 and its dependencies, which
the Lambda Python runtime provides. Build on Linux x86_64 with the Python of the Lambda runtime
(3.12: ``.venv-lambda``, made by ``make lambda-venv``), so that Chalice names that runtime and
the compiled wheels match it.

By default the package carries the compiled prover: the ``fast`` extra (numba, llvmlite) and a
prebuilt kernel cache (:mod:`stark.kernels.cache`, compiled for x86-64-v3) at
``stark/kernels/_numba_cache``, so a cold start proves at once instead of compiling for 20 s. To
fit Lambda's 250 MB unzipped, the test suites of numpy, numba and llvmlite are left out and the
shared libraries of numba and llvmlite are stripped of symbols (``strip``, where installed). The
zip is then over the 50 MB that ``chalice deploy`` may upload directly, so such a package is
deployed through S3 (``chalice package`` with CloudFormation or Terraform); ``--plain`` builds
the package without the fast extra (plain-Python kernels, 15 times slower) for ``chalice deploy``.

    .venv-lambda/bin/python -m chalice_app.build [--plain]  # then: chalice package out/
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path, PurePath

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from stark.errors import StarkError

APP_DIR = Path(__file__).resolve().parent
ROOT = APP_DIR.parent
PROJECT_PACKAGES = ("prover_lambda", "stark", "cairovm")
LAMBDA_PROVIDED = frozenset(
    canonicalize_name(n)
    for n in ("boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3")
)
HANDLER_DISTRIBUTIONS = frozenset(
    canonicalize_name(n) for n in ("numpy", "httpx", "aws-lambda-powertools")
)
"""The project's runtime dependencies the prover chain's code imports (the nodes' starknet-py,
PyNaCl and aiohttp stay out of the zip)."""
_SKIP_DIRS = {"__pycache__", "local", "_numba_cache"}
FAST_EXTRA = "fast"
PRUNED_TESTS = frozenset({"numpy", "numba", "llvmlite"})
"""Distributions whose ``tests`` packages stay out of the zip (never imported at run time)."""
STRIPPED = frozenset({"numba", "llvmlite"})
"""Distributions whose shared libraries are stripped of symbols (llvmlite's is 179 MB, 160 MB
stripped)."""
LAMBDA_UNZIPPED_LIMIT = 262_144_000
"""Lambda's limit on a function's unzipped code (250 MB)."""
SHIPPED_CACHE = PurePath("stark", "kernels", "_numba_cache")


LAMBDA_PYTHON = (3, 12)
"""The Python of the Lambda runtime the package is for (``python3.12``, on Amazon Linux 2023).
Chalice names the runtime after the Python it runs in, and the compiled wheels copied into the
zip must be this Python's. ``python3.11`` runs on Amazon Linux 2, whose glibc (2.26) is older
than today's numpy, numba and llvmlite wheels need, and is deprecated since June 30, 2026."""
BUILD_TOOLS = ("packaging",)
"""What the build itself imports, besides the project's declared dependencies."""


class BuildError(Exception):
    """The package cannot be built; the message says why."""


class PackageTooLarge(BuildError):
    """The vendored package is over Lambda's unzipped limit."""


class WrongPython(BuildError):
    """The build runs in another Python than the Lambda runtime's."""


def runtime_requirements(
    pyproject: Path = ROOT / "pyproject.toml", extras: tuple[str, ...] = ()
) -> list[Requirement]:
    """The runtime dependencies the handlers import, as ``pyproject.toml`` declares them, with
    those of ``extras``."""
    project = tomllib.loads(pyproject.read_text())["project"]
    specs = [
        r
        for r in project.get("dependencies", [])
        if canonicalize_name(Requirement(r).name) in HANDLER_DISTRIBUTIONS
    ]
    for extra in extras:
        specs += project.get("optional-dependencies", {})[extra]
    return [Requirement(r) for r in specs]


def build_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """What the packaging virtualenv (``make lambda-venv``) installs: the handlers' dependencies
    with the fast extra, the runtime's boto3, Chalice and the build's own imports."""
    project = tomllib.loads(pyproject.read_text())["project"]
    tools = {"boto3": project["dependencies"], "chalice": project["optional-dependencies"]["dev"]}
    specs = [str(r) for r in runtime_requirements(pyproject, (FAST_EXTRA,))]
    for name, declared in tools.items():
        specs += [r for r in declared if canonicalize_name(Requirement(r).name) == name]
    return [*specs, *BUILD_TOOLS]


def distributions(requirements: list[Requirement]) -> list[metadata.Distribution]:
    """The installed distributions ``requirements`` need, transitively, less Lambda's own."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [(r, frozenset(r.extras)) for r in requirements]
    while todo:
        requirement, extras = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in LAMBDA_PROVIDED:
            continue
        dist = metadata.distribution(requirement.name)
        first_visit = name not in seen
        seen[name] = dist
        for spec in dist.requires or []:
            child = Requirement(spec)
            environments = [{"extra": e} for e in extras] or [{"extra": ""}]
            if child.marker is not None and not any(
                child.marker.evaluate(env) for env in environments
            ):
                continue
            if canonicalize_name(child.name) not in seen or first_visit:
                todo.append((child, frozenset(child.extras)))
    return sorted(seen.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def _copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(
        source,
        target,
        ignore=lambda d, names: [
            n
            for n in names
            if n in _SKIP_DIRS
            and (Path(d) / n).is_dir()
            and (n == "__pycache__" or Path(d) == source)
        ],
    )


def _wanted(name: str, file: PurePath) -> bool:
    if file.parts[0] == ".." or "__pycache__" in file.parts:
        return False
    return not (name in PRUNED_TESTS and "tests" in file.parts[:-1])


def _strip(path: Path) -> None:
    strip = shutil.which("strip")
    if strip is not None:
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True, capture_output=True)


def tree_size(root: Path) -> int:
    """Bytes of every file under ``root`` (what Lambda counts against its unzipped limit)."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def vendor(target: Path = APP_DIR / "vendor", *, fast: bool = True) -> list[str]:
    """Rebuild ``target``; return the names of what it now holds.

    Raises:
        WrongPython: this is not the Lambda runtime's Python.
        PackageTooLarge: the result (with ``app.py``) is over Lambda's unzipped limit.
        stark.kernels.cache.CacheBuildError: the kernel cache could not be built.
    """
    if sys.version_info[:2] != LAMBDA_PYTHON:
        wanted = ".".join(map(str, LAMBDA_PYTHON))
        raise WrongPython(
            f"the Lambda package is built with Python {wanted}, the runtime's "
            f"(python{wanted}); this is {sys.version_info[0]}.{sys.version_info[1]}: "
            "run it with .venv-lambda/bin/python (make lambda-venv)"
        )
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for package in PROJECT_PACKAGES:
        source = ROOT / package
        if source.is_dir():
            _copy_tree(source, target / package)
    extras = (FAST_EXTRA,) if fast else ()
    for dist in distributions(runtime_requirements(extras=extras)):
        name = canonicalize_name(dist.metadata["Name"])
        for file in dist.files or []:
            if not _wanted(name, file):
                continue
            source = Path(str(file.locate()))
            if source.is_file():
                destination = target / file
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
                if name in STRIPPED and ".so" in destination.suffixes:
                    _strip(destination)
    if fast:
        from stark.kernels.cache import build as build_cache

        build_cache(target / SHIPPED_CACHE)
    size = tree_size(target) + (APP_DIR / "app.py").stat().st_size
    if size > LAMBDA_UNZIPPED_LIMIT:
        raise PackageTooLarge(
            f"{target} holds {size / 1e6:.1f} MB, over Lambda's {LAMBDA_UNZIPPED_LIMIT / 1e6:.0f} MB"
            " unzipped limit"
        )
    return sorted(p.name for p in target.iterdir())


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m chalice_app.build")
    parser.add_argument("--target", type=Path, default=APP_DIR / "vendor")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="leave out the compiled prover (numba), for a zip under 50 MB (chalice deploy)",
    )
    parser.add_argument(
        "--requirements",
        action="store_true",
        help="print what the packaging virtualenv needs installed, and stop",
    )
    args = parser.parse_args(argv)
    if args.requirements:
        print("\n".join(build_requirements()))
        return 0
    try:
        names = vendor(args.target, fast=not args.plain)
    except (BuildError, StarkError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    size = tree_size(args.target)
    print(f"vendored into {args.target} ({size / 1e6:.1f} MB unzipped): {' '.join(names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
