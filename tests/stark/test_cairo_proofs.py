"""Honest proofs of Cairo runs verify and state what the run did."""

from __future__ import annotations

import pytest

import stark
from cairovm.block import expected_output
from cairovm.programs import load, program_path
from stark.cairo_prover import prove_run

from .conftest import BLOCK_TXS


def test_fibonacci_fast(fib_fast):
    claim = stark.verify(fib_fast.proof)
    assert claim.output == [10, 55] == fib_fast.output
    assert claim.program_hash == stark.program_hash(list(load("fibonacci").data))
    assert claim.preset == "fast" and claim.insecure
    assert claim.steps == fib_fast.steps


def test_block_with_range_checks_fast(block_fast):
    claim = stark.verify(block_fast.proof, expected_program_hash=block_fast.program_hash)
    assert claim.output == expected_output(3, "0xabc", BLOCK_TXS)


def test_factorial_fast(fact_run):
    result = prove_run(fact_run, preset="fast")
    assert stark.verify(result.proof).output == [6, 720]


def test_secure_round_trip(fact_run):
    result = prove_run(fact_run, preset="secure")
    claim = stark.verify(result.proof)
    assert claim.preset == "secure" and not claim.insecure
    assert claim.security_bits >= 100
    assert claim.output == [6, 720]


def test_prove_program_from_path():
    result = stark.prove_program(str(program_path("fibonacci")), {"n": 3}, preset="fast")
    assert stark.verify(result.proof).output == [3, 2]


def test_expected_program_checked(fib_fast):
    other = stark.program_hash(list(load("factorial").data))
    with pytest.raises(stark.InvalidProof, match="program"):
        stark.verify(fib_fast.proof, expected_program_hash=other)
    assert not stark.is_valid(fib_fast.proof, other)
