"""The library API the sequencer and the prover use: results without touching files."""

from __future__ import annotations

import pytest

from cairovm import CallError, run_program
from cairovm.block import BlockCall, block_program_input, expected_output
from cairovm.calls import MAX_N, execute_call
from cairovm.files import decode_memory, decode_trace, encode_memory, encode_trace
from cairovm.programs import load
from tests.reference import fact, fib


@pytest.mark.parametrize("n", [0, 1, 2, 10, 300])
def test_calls(n: int) -> None:
    assert execute_call(0, n).result == fib(n)
    assert execute_call(1, n).result == fact(n)
    assert execute_call(0, n).steps > 0


@pytest.mark.parametrize(
    ("selector", "n"), [(2, 1), (0, -1), (0, MAX_N[0] + 1), (1, MAX_N[1] + 1), (True, 1), (0, "3")]
)
def test_call_errors(selector, n) -> None:
    with pytest.raises(CallError):
        execute_call(selector, n)


def test_proof_mode_run_result() -> None:
    res = run_program(load("fibonacci"), layout="small", proof_mode=True, program_input={"n": 12})
    assert res.output == [12, fib(12)]
    assert res.steps == len(res.trace) and res.steps & (res.steps - 1) == 0
    assert res.original_steps < res.steps
    first, last = res.trace[0], res.trace[-1]
    assert first.ap == first.fp and res.public_input["n_steps"] == res.steps
    assert res.public_input["memory_segments"]["program"] == {
        "begin_addr": first.pc,
        "stop_ptr": last.pc,
    }
    public = {e["address"]: int(e["value"], 16) for e in res.public_input["public_memory"]}
    assert all(res.memory[a] == v for a, v in public.items())
    out = res.public_input["memory_segments"]["output"]
    assert [res.memory[a] for a in range(out["begin_addr"], out["stop_ptr"])] == res.output
    assert decode_trace(encode_trace(res.trace)) == res.trace
    assert decode_memory(encode_memory(res.memory)) == res.memory


def test_block_program_matches_expected_output() -> None:
    txs = [
        BlockCall(0xABC, 0, 25),
        BlockCall(0xDEF, 1, 30),
        {"hash": "0x123", "selector": 0, "n": 0},
    ]
    program_input = block_program_input(9, "0x5eed", txs)
    res = run_program(load("block"), layout="small", proof_mode=True, program_input=program_input)
    assert res.output == expected_output(9, 0x5EED, txs)
    assert res.output[:3] == [9, 0x5EED, 3]
    assert res.output[3:7] == [0xABC, 0, 25, fib(25)]
    assert res.output[7:11] == [0xDEF, 1, 30, fact(30)]
    assert "range_check" in res.private_input()


def test_empty_block() -> None:
    res = run_program(
        load("block"), layout="small", proof_mode=True, program_input=block_program_input(1, 0, [])
    )
    assert res.output == [1, 0, 0]
