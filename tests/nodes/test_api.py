"""The package's public surface and its place in the import graph."""

from __future__ import annotations

import ast
from pathlib import Path

import nodes

PACKAGE = Path(nodes.__file__).parent


def test_public_api_is_locked() -> None:
    assert sorted(nodes.__all__) == ["Committee", "KeyPair", "NodeConfig", "NodeError"]
    for name in nodes.__all__:
        assert getattr(nodes, name) is not None


# The field arithmetic the compiled Poseidon (nodes/poseidon_kernel.py) shares with the prover.
STARK_ARITHMETIC = ("stark.field", "stark.kernels.jit", "stark.kernels.montgomery")


def test_nodes_never_imports_the_prover_chain() -> None:
    """The sequencer uses cairovm to execute and stark's field arithmetic to hash; it knows
    nothing of proofs or AWS."""
    forbidden = ("stark", "prover_lambda", "chalice_app", "verifier_wasm", "boto3", "stack")
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                if module in STARK_ARITHMETIC:
                    continue
                assert module.split(".")[0] not in forbidden, f"{path.name} imports {module}"
