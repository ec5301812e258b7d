"""The verifier wheel: the browser's half of ``stark`` and of this package, as ``py3-none-any``.

Which modules go in is not a hand-kept list: :func:`module_closure` follows the module-level
imports from :data:`ROOTS` through the repository, the way Python would import them (imports
inside functions are lazy, as ``stark``'s prover is, and stay out). Any import that is neither in
the repository nor in the standard library stops the build: the browser has no numpy.

The wheel is written directly (a wheel is a zip with ``METADATA``, ``WHEEL`` and ``RECORD``), with
fixed timestamps, so the same sources always give the same bytes. ``pyodide-build`` is not used:
it fetches a cross-build environment from outside the package registries, which this build
cannot reach, and a pure-Python wheel needs nothing it adds.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from verifier_wasm.errors import BuildError

#: The repository root (the folder holding ``stark/`` and ``verifier_wasm/``).
REPO_ROOT = Path(__file__).resolve().parent.parent
#: Where the browser's code starts: everything it imports at module level comes along.
ROOTS = ("verifier_wasm.entry",)
#: The repository's top-level packages that may go into the wheel.
PACKAGES = ("stark", "verifier_wasm")
DIST_NAME = "starkstack_verifier"
VERSION = "0.1.0"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class BuiltWheel:
    """A written wheel: its path, its modules and its size."""

    path: Path
    modules: tuple[str, ...]
    size: int


def module_path(name: str, root: Path = REPO_ROOT) -> Path | None:
    """The source file of repository module ``name`` (a package's ``__init__.py``), or None."""
    base = root.joinpath(*name.split("."))
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(tree: ast.Module, name: str, is_package: bool) -> list[str]:
    """Absolute names a module imports when it is imported (not inside functions or classes)."""
    found: list[str] = []
    package = name if is_package else name.rpartition(".")[0]

    def visit(stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            if isinstance(stmt, ast.Import):
                found.extend(alias.name for alias in stmt.names)
            elif isinstance(stmt, ast.ImportFrom):
                if stmt.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - stmt.level + 1])
                    module = f"{base}.{stmt.module}" if stmt.module else base
                else:
                    module = stmt.module or ""
                found.append(module)
                found.extend(f"{module}.{alias.name}" for alias in stmt.names)
            elif isinstance(stmt, ast.If) and not _is_type_checking(stmt.test):
                visit(stmt.body)
                visit(stmt.orelse)
            elif isinstance(stmt, ast.Try):
                visit(stmt.body)
                for handler in stmt.handlers:
                    visit(handler.body)
                visit(stmt.orelse)
                visit(stmt.finalbody)

    visit(tree.body)
    return found


def module_closure(roots: tuple[str, ...] = ROOTS, root: Path = REPO_ROOT) -> tuple[str, ...]:
    """Every repository module the browser imports, starting from ``roots``, sorted.

    Raises:
        BuildError: a root is missing, or a module imports something outside the standard
            library and the repository's packages.
    """
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_path(name, root)
        if path is None:
            top = name.partition(".")[0]
            if top in PACKAGES and name in roots:
                raise BuildError(f"the browser's entry module {name} does not exist")
            continue  # a name imported from a module (``from x import f``), not a module
        seen.add(name)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for imported in _module_level_imports(tree, name, path.name == "__init__.py"):
            top = imported.partition(".")[0]
            if top in PACKAGES:
                todo.append(imported)
            elif top and top != "__future__" and top not in sys.stdlib_module_names:
                raise BuildError(f"{name} imports {imported}, which the browser does not have")
    return tuple(sorted(seen))


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


def _metadata(modules: tuple[str, ...]) -> str:
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST_NAME}\n"
        f"Version: {VERSION}\n"
        "Summary: The STARK verifier of starkstack and its block binding, for Pyodide.\n"
        "Requires-Python: >=3.11\n"
        "License: Apache-2.0\n\n"
        "Modules: " + ", ".join(modules) + "\n"
    )


def build_wheel(out_dir: Path, root: Path = REPO_ROOT) -> BuiltWheel:
    """Write ``starkstack_verifier-<version>-py3-none-any.whl`` into ``out_dir``.

    Raises:
        BuildError: see :func:`module_closure`.
    """
    modules = module_closure(root=root)
    files: list[tuple[str, bytes]] = []
    for name in modules:
        path = module_path(name, root)
        assert path is not None  # module_closure only keeps existing modules
        files.append((path.relative_to(root).as_posix(), path.read_bytes()))
    dist_info = f"{DIST_NAME}-{VERSION}.dist-info"
    files.append((f"{dist_info}/METADATA", _metadata(modules).encode()))
    wheel_meta = "Wheel-Version: 1.0\nGenerator: verifier_wasm\nRoot-Is-Purelib: true\n"
    files.append((f"{dist_info}/WHEEL", (wheel_meta + "Tag: py3-none-any\n").encode()))
    files.append((f"{dist_info}/top_level.txt", "".join(p + "\n" for p in PACKAGES).encode()))
    record = "".join(f"{arc},{_record_hash(data)},{len(data)}\n" for arc, data in files)
    files.append((f"{dist_info}/RECORD", (record + f"{dist_info}/RECORD,,\n").encode()))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{DIST_NAME}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for arc, data in files:
            info = zipfile.ZipInfo(arc, date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return BuiltWheel(path=path, modules=modules, size=path.stat().st_size)
