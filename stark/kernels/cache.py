"""Numba's compile cache: where it lives, and the prebuilt one a deployment ships.

Compiling every kernel takes about 20 s. Numba keeps the machine code it made in a cache folder
and checks each entry against the content hash of its source, so that cost is paid once per
machine: next to the sources (``__pycache__``) when that is writable, else under the system's
temporary directory (as in a deployed Lambda, where only /tmp is writable), or wherever
``NUMBA_CACHE_DIR`` says.

**The shipped cache.** A Lambda cold start cannot afford those 20 s, so a deployment carries the
cache with it: ``python -m stark.kernels.cache build [DIR]`` compiles the kernels ahead of time (by
proving small block runs with every preset) and writes them to ``DIR`` with a manifest; the
deployment package puts ``DIR`` at ``stark/kernels/_numba_cache``. Numba keys cached code by CPU
name and features, so the code is compiled for a named x86-64 level (``x86-64-v3`` by default:
AVX2, BMI2, FMA, MOVBE, which every x86_64 Lambda host has), not for the build machine's own CPU,
and it is as fast there. When this package finds ``_numba_cache`` at import, its manifest names
the numba, llvmlite and Python in use, and this CPU has every feature of the level, the kernels
are compiled for that level (``NUMBA_CPU_NAME``) and the shipped entries are copied into the
writable cache folder before the first kernel runs. Anything else (other versions, an older
CPU, ``NUMBA_CPU_NAME`` set by hand) leaves the shipped cache unused: compiled for this host,
as without it. Entries whose source changed since are recompiled, as numba always does.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import StarkError

CACHE_ENV = "NUMBA_CACHE_DIR"
CPU_ENV = "NUMBA_CPU_NAME"
FEATURES_ENV = "NUMBA_CPU_FEATURES"
DEFAULT_CACHE_NAME = "starkstack-numba-cache"
PACKAGE = Path(os.path.abspath(__file__)).parent.parent
"""The ``stark`` package: shipped entries are stored by folder relative to it. Not resolved: numba
names a cache folder after the source's path as imported, symbolic links and all."""
SHIPPED = PACKAGE / "kernels" / "_numba_cache"
MANIFEST = "manifest.json"
FORMAT = 1

_V2 = ("cx16", "popcnt", "sahf", "sse3", "sse4.1", "sse4.2", "ssse3")
LEVELS: dict[str, tuple[str, ...]] = {
    "x86-64-v2": _V2,
    "x86-64-v3": (*_V2, "avx", "avx2", "bmi", "bmi2", "f16c", "fma", "lzcnt", "movbe", "xsave"),
}
"""The x86-64 levels a cache can be built for, with the CPU features each needs."""
DEFAULT_LEVEL = "x86-64-v3"
WARM_PRESETS = ("secure", "fast")


class CacheBuildError(StarkError):
    """The shipped cache could not be built; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Manifest:
    """What a shipped cache was built with; it is used only where all of it matches."""

    format: int
    cpu: str
    machine: str
    python: str
    numba: str
    llvmlite: str

    @classmethod
    def here(cls, cpu: str) -> Manifest:
        """The manifest of a cache built now, in this interpreter, for ``cpu``."""
        return cls(
            format=FORMAT,
            cpu=cpu,
            machine=platform.machine(),
            python=f"{sys.version_info[0]}.{sys.version_info[1]}",
            numba=metadata.version("numba"),
            llvmlite=metadata.version("llvmlite"),
        )


@dataclass(frozen=True)
class CacheSetup:
    """Where numba's cache goes, and what shipped cache (if any) seeds it for which CPU."""

    cache_dir: str | None
    """``NUMBA_CACHE_DIR`` to set; None keeps numba's default (``__pycache__``)."""
    cpu: str | None = None
    """``NUMBA_CPU_NAME`` to set (the shipped cache's level); None: this host's CPU."""
    seed: Path | None = None
    """The shipped cache to copy into ``cache_dir`` once numba is imported."""


def read_manifest(shipped: Path) -> Manifest | None:
    """The shipped cache's manifest, or None when there is none or it cannot be read."""
    try:
        data = json.loads((shipped / MANIFEST).read_text())
        return Manifest(**data)
    except (OSError, ValueError, TypeError):
        return None


def host_features() -> frozenset[str]:
    """The CPU features of this host, as LLVM names them (imports llvmlite, not numba)."""
    from llvmlite import binding

    return frozenset(name for name, on in binding.get_host_cpu_features().items() if on)


def shipped_usable(
    manifest: Manifest | None, environ: Mapping[str, str], features: frozenset[str]
) -> bool:
    """Whether a shipped cache with ``manifest`` can serve this process."""
    if manifest is None or manifest.format != FORMAT or manifest.cpu not in LEVELS:
        return False
    if environ.get(CPU_ENV, manifest.cpu) != manifest.cpu:
        return False
    try:
        here = Manifest.here(manifest.cpu)
    except metadata.PackageNotFoundError:
        return False
    return here == manifest and set(LEVELS[manifest.cpu]) <= features


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) if path.exists() else os.access(path.parent, os.W_OK)


def plan(
    environ: Mapping[str, str],
    shipped: Path | None = None,
    features: frozenset[str] | None = None,
) -> CacheSetup:
    """Where the cache goes for a process with ``environ``, and whether ``shipped`` (by default
    the package's ``_numba_cache``) seeds it; ``features`` defaults to this host's."""
    shipped = SHIPPED if shipped is None else shipped
    explicit = environ.get(CACHE_ENV, "").strip() or None
    tmp_dir = str(Path(tempfile.gettempdir()) / DEFAULT_CACHE_NAME)
    manifest = read_manifest(shipped)
    if manifest is not None:
        if features is None:
            features = host_features()
        if shipped_usable(manifest, environ, features):
            return CacheSetup(cache_dir=explicit or tmp_dir, cpu=manifest.cpu, seed=shipped)
    if explicit:
        return CacheSetup(cache_dir=explicit)
    if _writable(Path(__file__).resolve().parent / "__pycache__"):
        return CacheSetup(cache_dir=None)
    return CacheSetup(cache_dir=tmp_dir)


def configure(environ: MutableMapping[str, str] = os.environ) -> CacheSetup:
    """Choose the cache and set numba's variables in ``environ``; call before numba is imported."""
    setup = plan(environ)
    if setup.cache_dir is not None:
        environ[CACHE_ENV] = setup.cache_dir
    if setup.cpu is not None:
        environ[CPU_ENV] = setup.cpu
        environ[FEATURES_ENV] = ""  # the level's own features, not this host's
    return setup


def _cache_subdir(source_dir: Path) -> str:
    """The folder numba uses under ``NUMBA_CACHE_DIR`` for sources in ``source_dir``."""
    from numba.core.caching import _CacheLocator

    return _CacheLocator.get_suitable_cache_subpath(str(source_dir / "module.py"))


def seed(setup: CacheSetup) -> int:
    """Copy the shipped entries missing from the cache folder; the number copied.

    Entries already there are kept (numba rewrites an index whose source changed). Each file is
    copied under a temporary name and renamed, and the code files before the indexes that name
    them, so a process starting beside this one never reads half an entry. A folder that cannot
    be written stops the seeding with a warning: the kernels then compile on first use.
    """
    if setup.seed is None or setup.cache_dir is None:
        return 0
    copied = 0
    try:
        for folder in sorted(p for p in setup.seed.iterdir() if p.is_dir()):
            source_dir = PACKAGE / folder.name.replace(".", os.sep)
            target = Path(setup.cache_dir) / _cache_subdir(source_dir)
            target.mkdir(parents=True, exist_ok=True)
            entries = sorted(folder.iterdir(), key=lambda e: (e.suffix == ".nbi", e.name))
            for entry in entries:
                destination = target / entry.name
                if destination.exists():
                    continue
                partial = destination.with_name(f".{entry.name}.{os.getpid()}.part")
                shutil.copyfile(entry, partial)
                os.replace(partial, destination)
                copied += 1
    except OSError as exc:
        warnings.warn(f"the shipped kernel cache was not copied ({exc})", RuntimeWarning, 2)
    return copied


# ---------------------------------------------------------------------------------------------
# Building a shipped cache


def warm() -> None:
    """Compile every kernel a prover invocation uses, by proving small block runs."""
    import stark
    from cairovm import programs
    from cairovm.block import block_program_input
    from cairovm.calls import FACTORIAL, FIBONACCI

    from . import get_kernels

    if get_kernels().name != "numba":
        raise CacheBuildError("the compiled kernels are not in use (is numba installed?)")
    txs = [(0x11, FIBONACCI, 30), (0x22, FACTORIAL, 12)]
    program_input = block_program_input(1, 0xB10C, txs)
    for preset in WARM_PRESETS:
        result = stark.prove_program(programs.load("block"), program_input, preset=preset)
        stark.verify(result.proof)


def _collect(cache_dir: Path, target: Path) -> int:
    """Move the entries numba wrote for this package's sources into ``target``, by folder."""
    folders = {
        _cache_subdir(d): ".".join(d.relative_to(PACKAGE).parts) or "."
        for d in [PACKAGE, *PACKAGE.rglob("*")]
        if d.is_dir() and d.name != "__pycache__"
    }
    count = 0
    for sub in sorted(p for p in cache_dir.iterdir() if p.is_dir()):
        name = folders.get(sub.name)
        if name is None or name == ".":
            continue  # not stark's own code
        files = sorted(f for f in sub.iterdir() if f.suffix in (".nbi", ".nbc"))
        (target / name).mkdir(parents=True, exist_ok=True)
        for f in files:
            shutil.copyfile(f, target / name / f.name)
        count += len(files)
    return count


def build(target: Path, cpu: str = DEFAULT_LEVEL) -> Manifest:
    """Compile the kernels for ``cpu`` into a fresh cache and write it to ``target``."""
    if cpu not in LEVELS:
        raise CacheBuildError(f"unknown CPU level {cpu!r} (known: {', '.join(LEVELS)})")
    missing = sorted(set(LEVELS[cpu]) - host_features())
    if missing:
        raise CacheBuildError(f"this CPU cannot run {cpu} code (missing {', '.join(missing)})")
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as scratch:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
        env.update({CACHE_ENV: scratch, CPU_ENV: cpu, FEATURES_ENV: "", "STARK_KERNELS": "numba"})
        env["PYTHONPATH"] = os.pathsep.join(
            [str(PACKAGE.parent), *filter(None, [env.get("PYTHONPATH")])]
        )
        done = subprocess.run(
            [sys.executable, "-c", "from stark.kernels.cache import warm; warm()"],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise CacheBuildError(f"warming the kernels failed:\n{done.stderr.strip()}")
        staging = target.with_name(target.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        if _collect(Path(scratch), staging) == 0:
            shutil.rmtree(staging)
            raise CacheBuildError("numba cached nothing for the kernels")
    manifest = Manifest.here(cpu)
    (staging / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(staging, target)
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m stark.kernels.cache build [DIR] [--cpu LEVEL]``."""
    parser = argparse.ArgumentParser(prog="python -m stark.kernels.cache")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help="compile the kernels into a cache to ship")
    make.add_argument(
        "target",
        type=Path,
        nargs="?",
        default=SHIPPED,
        help="the folder to write, replaced (default: this package's _numba_cache)",
    )
    make.add_argument("--cpu", default=DEFAULT_LEVEL, choices=sorted(LEVELS))
    args = parser.parse_args(argv)
    try:
        manifest = build(args.target, args.cpu)
    except CacheBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    size = sum(f.stat().st_size for f in args.target.rglob("*") if f.is_file())
    print(f"{args.target}: kernels compiled for {manifest.cpu}, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
