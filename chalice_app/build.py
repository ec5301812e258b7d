"""Fills ``chalice_app/vendor/`` so ``chalice package`` and ``chalice deploy`` need no network.

Chalice puts the content of ``vendor/`` at the root of the deployment zip. This copies there the
project's packages the handlers import (``prover_lambda``, ``stark``, ``cairovm`` with its
compiled programs) and every third-party distribution ``pyproject.toml``'s runtime dependencies
pull in, taken from this environment's site-packages, except boto3 and its dependencies, which
the Lambda Python runtime provides. Build on Linux x86_64 with the Python of the Lambda runtime
(3.11), so that compiled wheels such as numpy's match it.

    python -m chalice_app.build            # then: cd chalice_app && chalice package out/
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import shutil
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

APP_DIR = Path(__file__).resolve().parent
ROOT = APP_DIR.parent
PROJECT_PACKAGES = ("prover_lambda", "stark", "cairovm")
LAMBDA_PROVIDED = frozenset(
    canonicalize_name(n)
    for n in ("boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3")
)
_SKIP_DIRS = {"__pycache__", "local"}


def runtime_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[Requirement]:
    """The runtime dependencies ``pyproject.toml`` declares."""
    project = tomllib.loads(pyproject.read_text())["project"]
    return [Requirement(r) for r in project.get("dependencies", [])]


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


def vendor(target: Path = APP_DIR / "vendor") -> list[str]:
    """Rebuild ``target``; return the names of what it now holds."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for package in PROJECT_PACKAGES:
        source = ROOT / package
        if source.is_dir():
            _copy_tree(source, target / package)
    for dist in distributions(runtime_requirements()):
        for file in dist.files or []:
            if file.parts[0] == ".." or "__pycache__" in file.parts:
                continue
            source = Path(str(file.locate()))
            if source.is_file():
                destination = target / file
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
    return sorted(p.name for p in target.iterdir())


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m chalice_app.build")
    parser.add_argument("--target", type=Path, default=APP_DIR / "vendor")
    args = parser.parse_args(argv)
    names = vendor(args.target)
    print(f"vendored into {args.target}: {' '.join(names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
