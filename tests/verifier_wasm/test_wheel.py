"""The verifier wheel: which modules go in, and that it is a wheel pip installs."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from verifier_wasm.errors import BuildError
from verifier_wasm.wheel import build_wheel, module_closure

TREE = {
    "stark/__init__.py": (
        "from stark.verifier import verify\n"
        "def __getattr__(name):\n"
        "    from stark import prover\n"
        "    return getattr(prover, name)\n"
    ),
    "stark/verifier.py": "import hashlib\nfrom .field import mul\ndef verify(b):\n    return b\n",
    "stark/field.py": "from __future__ import annotations\nP = 7\ndef mul(a, b):\n    return a*b % P\n",
    "stark/prover.py": "import numpy\n",
    "stark/cli.py": "import argparse\n",
    "verifier_wasm/__init__.py": "",
    "verifier_wasm/entry.py": (
        "import json\nimport stark\nfrom verifier_wasm import binding\n"
        "def answer():\n    return json.dumps(binding.check(b'ok'))\n"
    ),
    "verifier_wasm/binding.py": (
        "from typing import TYPE_CHECKING\nfrom stark import verify\n"
        "if TYPE_CHECKING:\n    import numpy\n"
        "try:\n    import tomllib\nexcept ImportError:\n    tomllib = None\n"
        "def check(b):\n    return verify(b).decode()\n"
    ),
    "verifier_wasm/bundle.py": "import boto3\n",
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for rel, text in TREE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_closure_follows_module_level_imports_only(tree: Path) -> None:
    assert module_closure(root=tree) == (
        "stark",
        "stark.field",
        "stark.verifier",
        "verifier_wasm",
        "verifier_wasm.binding",
        "verifier_wasm.entry",
    )


def test_a_non_stdlib_import_stops_the_build(tree: Path) -> None:
    (tree / "stark/field.py").write_text("import numpy as np\n")
    with pytest.raises(BuildError, match=r"stark\.field imports numpy"):
        module_closure(root=tree)


def test_a_missing_entry_module_stops_the_build(tree: Path) -> None:
    (tree / "verifier_wasm/entry.py").unlink()
    with pytest.raises(BuildError, match=r"entry module verifier_wasm\.entry does not exist"):
        module_closure(root=tree)


def test_wheel_is_valid_reproducible_and_installs(tree: Path, tmp_path: Path) -> None:
    built = build_wheel(tmp_path / "a", root=tree)
    again = build_wheel(tmp_path / "b", root=tree)
    assert built.path.name == "starkstack_verifier-0.1.0-py3-none-any.whl"
    assert built.path.read_bytes() == again.path.read_bytes()
    with zipfile.ZipFile(built.path) as archive:
        names = set(archive.namelist())
        assert "stark/prover.py" not in names and "verifier_wasm/bundle.py" not in names
        record = archive.read("starkstack_verifier-0.1.0.dist-info/RECORD").decode()
        for line in record.splitlines():
            name, digest, size = line.split(",")
            if not digest:
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == f"sha256={expected.decode()}" and int(size) == len(data)
        assert names == {line.split(",")[0] for line in record.splitlines()}
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
         "--target", str(target), str(built.path)],
        check=True,
    )  # fmt: skip
    # -S: no site-packages, so only the wheel's files (and the standard library) are importable.
    code = f"import sys; sys.path.insert(0, {str(target)!r}); import verifier_wasm.entry as e; "
    out = subprocess.run(
        [sys.executable, "-S", "-c", code + "print(e.answer())"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == '"ok"'
