"""The site's verifier bundle: ``site/build/verifier/``, everything the Web Worker loads.

- ``pyodide/``: the site's own copy of the npm ``pyodide`` package's core files (installed into
  ``verifier_wasm/node_modules`` by ``make browser-deps``); the browser never reaches a CDN;
- ``worker.js``: the Web Worker (this package's ``worker.js``);
- the verifier wheel (:mod:`verifier_wasm.wheel`);
- ``manifest.json``: the wheel's file name, its modules, the Pyodide version, and the hash of the
  block program (computed here from ``cairovm/programs/block.json`` with
  :func:`stark.program_hash`), the only program whose proofs the explorer accepts.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from verifier_wasm.errors import BuildError
from verifier_wasm.wheel import REPO_ROOT, build_wheel

PACKAGE_DIR = Path(__file__).resolve().parent
#: Where ``npm install`` puts the Pyodide distribution.
PYODIDE_DIR = PACKAGE_DIR / "node_modules" / "pyodide"
#: The files of the npm package that ``loadPyodide`` fetches.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)
SITE_DIR = REPO_ROOT / "site"
#: The bundle's place inside the site: the pages load ``build/verifier/worker.js``.
BUNDLE_DIR = SITE_DIR / "build" / "verifier"


@dataclass(frozen=True)
class Bundle:
    """A built verifier bundle."""

    path: Path
    wheel: str
    program_hash: str
    pyodide_version: str
    modules: tuple[str, ...]


def block_program_hash() -> str:
    """The hash of the block program, as :func:`stark.verify` reports a proof's program."""
    try:
        import stark
        from cairovm import programs
    except ImportError as exc:
        raise BuildError(f"cannot hash the block program: {exc}") from exc
    program = programs.load("block")
    return stark.program_hash(program.data)


def pyodide_version(source: Path = PYODIDE_DIR) -> str:
    """The version of the npm ``pyodide`` package in ``source``."""
    try:
        return json.loads((source / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(
            f"no npm pyodide package in {source} (run `make browser-deps`): {exc}"
        ) from exc


def copy_pyodide(dest: Path, source: Path = PYODIDE_DIR) -> str:
    """Copy the Pyodide core files into ``dest``; return the version copied."""
    version = pyodide_version(source)
    dest.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        src = source / name
        if not src.is_file():
            raise BuildError(f"the pyodide package lacks {name} ({source})")
        target = dest / name
        if not target.is_file() or target.stat().st_size != src.stat().st_size:
            shutil.copyfile(src, target)
    return version


def build_bundle(dest: Path = BUNDLE_DIR, program_hash: str | None = None) -> Bundle:
    """Build the verifier bundle into ``dest`` (see the module's doc).

    Raises:
        BuildError: Pyodide is not installed, the verifier imports a non-stdlib module, or the
            block program cannot be hashed.
    """
    program_hash = program_hash or block_program_hash()
    version = copy_pyodide(dest / "pyodide")
    for old in dest.glob("*.whl"):
        old.unlink()
    wheel = build_wheel(dest)
    shutil.copyfile(PACKAGE_DIR / "worker.js", dest / "worker.js")
    manifest = {
        "wheel": wheel.path.name,
        "program_hash": program_hash,
        "pyodide_version": version,
        "modules": list(wheel.modules),
    }
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return Bundle(
        path=dest,
        wheel=wheel.path.name,
        program_hash=program_hash,
        pyodide_version=version,
        modules=wheel.modules,
    )
