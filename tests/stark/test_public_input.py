"""The public statement: its checks, its public memory, the program hash."""

from __future__ import annotations

import dataclasses
import json

import pytest

from stark.cairo_prover import load_run_files
from stark.cairo_trace import CairoTraceBuilder
from stark.errors import InvalidProof
from stark.field import P
from stark.public_input import (
    CairoPublicInput,
    check_public_input,
    program_hash,
    public_memory,
)

from .conftest import fixture_files


@pytest.fixture(scope="module")
def statement() -> CairoPublicInput:
    run, layout = load_run_files(*fixture_files("range_check_mid"))
    return CairoTraceBuilder(run, layout).public_input


@pytest.mark.parametrize("name", ["fib_output", "range_check_mid"])
def test_public_memory_is_cairo_runs(name):
    """The verifier derives exactly the public memory cairo-run lists."""
    trace, memory, public = fixture_files(name)
    run, layout = load_run_files(trace, memory, public)
    pub = CairoTraceBuilder(run, layout).public_input
    listed = json.loads(public.read_text())["public_memory"]
    assert public_memory(pub) == sorted((c["address"], int(c["value"], 16)) for c in listed)


def test_statement_is_valid(statement):
    check_public_input(statement)
    assert statement.builtins == ("output", "range_check")


@pytest.mark.parametrize(
    "changes,reason",
    [
        ({"pc_init": 2}, "initial pc"),
        ({"fp_init": 1000}, "initial ap and fp"),
        ({"fp_final": 1000}, "final fp"),
        ({"pc_final": 7}, "final pc"),
        ({"builtins": ("range_check", "output")}, "builtins"),
        ({"layout": "plain"}, "builtins"),
        ({"log_n": 2}, "trace length"),
        ({"log_n": 31}, "trace length"),
        ({"memory_fillers": 0}, "memory filler"),
        ({"rc_fillers": 65}, "range-check filler"),
        ({"rc_min": 5, "rc_max": 4}, "range-check bounds"),
        ({"rc_max": 1 << 16}, "range-check bounds"),
        ({"bytecode": (1, 2, 3)}, "prologue"),
        ({"output_begin": 3}, "output segment"),
        ({"ap_final": 2}, "final ap"),
    ],
)
def test_statement_shape_checked(statement, changes, reason):
    with pytest.raises(InvalidProof, match=reason):
        check_public_input(dataclasses.replace(statement, **changes))


def test_range_check_segment_bounded_by_trace(statement):
    too_long = dataclasses.replace(statement, rc_stop=statement.rc_begin + statement.steps + 1)
    with pytest.raises(InvalidProof, match="range-check segment"):
        check_public_input(too_long)
    with pytest.raises(InvalidProof, match="range-check segment"):
        check_public_input(dataclasses.replace(statement, rc_stop=statement.rc_begin - 1))


def test_colliding_public_cells(statement):
    clash = dataclasses.replace(statement, output_begin=statement.pc_init)
    with pytest.raises(InvalidProof, match="two public memory cells"):
        public_memory(clash)


def test_program_hash():
    h = program_hash([1, 2, 3])
    assert h.startswith("0x") and len(h) == 66
    assert h != program_hash([1, 2, 4]) and h != program_hash([1, 2])
    assert program_hash((1, 2, 3)) == h
    with pytest.raises(ValueError):
        program_hash([P])
