"""Shared runs and proofs for the STARK tests (session-scoped: proving takes seconds)."""

from __future__ import annotations

import pytest

from cairovm.block import block_program_input
from cairovm.programs import load
from stark.cairo_prover import ProofResult, prove_run, run_program_for_proof
from stark.cairo_trace import CairoRun

BLOCK_TXS = [
    {"hash": "0x1234", "selector": 0, "n": 10},
    {"hash": "0x99", "selector": 1, "n": 5},
]


def block_input(number: int = 3, txs=None) -> dict:
    return block_program_input(number, "0xabc", BLOCK_TXS if txs is None else txs)


@pytest.fixture(scope="session")
def fib_run() -> CairoRun:
    """fibonacci(10) run by the VM in proof mode (layout small, output builtin)."""
    return run_program_for_proof(load("fibonacci"), {"n": 10})


@pytest.fixture(scope="session")
def fact_run() -> CairoRun:
    return run_program_for_proof(load("factorial"), {"n": 6})


@pytest.fixture(scope="session")
def block_run() -> CairoRun:
    """The block program on two transactions."""
    return run_program_for_proof(load("block"), block_input())


@pytest.fixture(scope="session")
def fib_fast(fib_run) -> ProofResult:
    return prove_run(fib_run, preset="fast")


@pytest.fixture(scope="session")
def block_fast(block_run) -> ProofResult:
    return prove_run(block_run, preset="fast")


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"


def fixture_files(name: str) -> tuple:
    """(trace, memory, public input) paths of a cairo-run fixture (see fixtures/make_fixtures.sh)."""
    base = FIXTURES / name
    return (
        base.with_suffix(".trace"),
        base.with_suffix(".memory"),
        base.with_suffix(".public.json"),
    )


@pytest.fixture(scope="session")
def rc_mid_run() -> CairoRun:
    """range_check_mid.cairo run by the VM: a tiny trace using the range_check builtin."""
    return run_program_for_proof(FIXTURES / "range_check_mid.json")


@pytest.fixture(scope="session")
def rc_mid_fast(rc_mid_run) -> ProofResult:
    return prove_run(rc_mid_run, preset="fast")
