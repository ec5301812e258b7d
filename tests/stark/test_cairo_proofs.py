"""Honest proofs of Cairo runs verify and state what the run did."""

from __future__ import annotations

import pytest

import stark
from cairovm import load_program, run_program
from cairovm.block import expected_output
from cairovm.programs import load, program_path
from stark.cairo_prover import load_run_files, prove_run, run_program_for_proof
from stark.cairo_trace import CairoTraceBuilder
from stark.errors import ProverError, UnsupportedBuiltin

from .conftest import BLOCK_TXS, FIXTURES, fixture_files


def test_fibonacci_fast(fib_fast):
    claim = stark.verify(fib_fast.proof)
    assert claim.output == [10, 55] == fib_fast.output
    assert claim.program_hash == stark.program_hash(list(load("fibonacci").data))
    assert claim.preset == "fast" and claim.insecure
    assert claim.steps == fib_fast.steps


def test_block_fast(block_fast):
    claim = stark.verify(block_fast.proof, expected_program_hash=block_fast.program_hash)
    assert claim.output == expected_output(3, "0xabc", BLOCK_TXS)


@pytest.mark.slow
def test_block_secure(block_run):
    result = prove_run(block_run, preset="secure")
    claim = stark.verify(result.proof, expected_program_hash=result.program_hash)
    assert claim.output == expected_output(3, "0xabc", BLOCK_TXS)
    assert claim.security_bits >= 100 and not claim.insecure


def test_fibonacci_secure(fib_run):
    claim = stark.verify(prove_run(fib_run, preset="secure").proof)
    assert claim.output == [10, 55] and claim.preset == "secure"


def test_run_outside_proof_mode_refused():
    run = run_program(load("fibonacci"), layout="small", proof_mode=False, program_input={"n": 2})
    with pytest.raises(ProverError):
        stark.prove_run(run, preset="fast")


def test_factorial_fast(fact_run):
    result = prove_run(fact_run, preset="fast")
    assert stark.verify(result.proof).output == [6, 720]


def test_secure_round_trip(fact_run):
    result = prove_run(fact_run, preset="secure")
    claim = stark.verify(result.proof)
    assert claim.preset == "secure" and not claim.insecure
    assert claim.security_bits >= 100
    assert claim.output == [6, 720]


def test_range_check_program_both_presets(rc_mid_run, rc_mid_fast):
    assert stark.verify(rc_mid_fast.proof).output == [7, 8]
    secure = prove_run(rc_mid_run, preset="secure")
    claim = stark.verify(secure.proof)
    assert claim.output == [7, 8] and claim.security_bits >= 100


def test_range_check_on_small_values():
    """Small values leave about 2^15 holes in the 16-bit range: filler columns take them."""
    run = run_program_for_proof(FIXTURES / "range_check_small.json")
    builder = CairoTraceBuilder(run)
    assert builder.rc_min == 0 and builder.public_input.rc_fillers > 0
    result = prove_run(run, preset="fast")
    assert stark.verify(result.proof).output == [42]


def test_range_check_layout_has_builtin_columns(rc_mid_run, fib_run):
    assert CairoTraceBuilder(rc_mid_run).layout.rc_builtin
    assert not CairoTraceBuilder(fib_run).layout.rc_builtin


def test_prove_program_from_path():
    result = stark.prove_program(str(program_path("fibonacci")), {"n": 3}, preset="fast")
    assert stark.verify(result.proof).output == [3, 2]


def test_prove_run_accepts_a_vm_result():
    result = run_program(load("fibonacci"), layout="small", proof_mode=True, program_input={"n": 4})
    proof = stark.prove_run(result, preset="fast")
    assert stark.verify(proof.proof).output == [4, 3]


def test_plain_layout():
    result = stark.prove_program(FIXTURES / "no_builtins.json", layout="plain", preset="fast")
    claim = stark.verify(result.proof)
    assert claim.output == []


def test_expected_program_checked(fib_fast):
    other = stark.program_hash(list(load("factorial").data))
    with pytest.raises(stark.InvalidProof, match="program"):
        stark.verify(fib_fast.proof, expected_program_hash=other)
    assert not stark.is_valid(fib_fast.proof, other)
    assert stark.is_valid(fib_fast.proof, fib_fast.program_hash.upper().replace("0X", "0x"))


@pytest.mark.parametrize("preset", ["fast", "secure"])
@pytest.mark.parametrize("name,output", [("fib_output", [144]), ("range_check_mid", [7, 8])])
def test_cairo_lang_files(name, output, preset):
    run, layout = load_run_files(*fixture_files(name))
    result = prove_run(run, layout, preset)
    claim = stark.verify(result.proof)
    assert claim.output == output
    program = load_program(FIXTURES / f"{name}.json")
    assert claim.program_hash == stark.program_hash(list(program.data))


@pytest.mark.parametrize("name", ["fib_output", "range_check_mid"])
def test_cairo_lang_and_vm_state_the_same(name):
    """The VM's run of the same program gives the statement cairo-run's files give."""
    run, layout = load_run_files(*fixture_files(name))
    from_files = CairoTraceBuilder(run, layout).public_input
    from_vm = CairoTraceBuilder(run_program_for_proof(FIXTURES / f"{name}.json")).public_input
    assert from_files == from_vm


def test_cairo_lang_run_with_pedersen_refused():
    run, layout = load_run_files(*fixture_files("uses_pedersen"))
    with pytest.raises(UnsupportedBuiltin, match="pedersen"):
        prove_run(run, layout, "fast")


def test_vm_refuses_pedersen_too():
    with pytest.raises(ProverError):
        stark.prove_program(FIXTURES / "uses_pedersen.json", preset="fast")


def test_unknown_preset_refused(fib_run):
    with pytest.raises(stark.StarkError):
        prove_run(fib_run, preset="turbo")


def test_longer_trace_than_needed(fib_run):
    """Padding the run with more final-state steps proves the same statement at another size."""
    from stark.cairo_prover import prove_builder
    from stark.cairo_trace import with_trace_length
    from stark.options import PRESETS

    builder = CairoTraceBuilder(fib_run)
    longer = with_trace_length(builder, builder.public_input.log_n + 1)
    claim = stark.verify(prove_builder(longer, PRESETS["fast"]))
    assert claim.steps == 2 * builder.trace_length
    assert claim.output == [10, 55]
    with pytest.raises(ProverError):
        with_trace_length(builder, builder.public_input.log_n - 1)


def test_minimum_security_required(fib_fast):
    with pytest.raises(stark.InvalidProof, match="bits of security"):
        stark.verify(fib_fast.proof, min_security_bits=100)
    assert stark.verify(fib_fast.proof, min_security_bits=9).security_bits == 9
