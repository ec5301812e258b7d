"""A proof convinces only of its own statement: changed claims and stated sizes are rejected."""

from __future__ import annotations

import dataclasses

import pytest

import stark
from cairovm.block import expected_output
from stark.cairo_prover import prove_run, run_program_for_proof
from stark.errors import InvalidProof
from stark.field import P
from stark.proof import Opening, decode_proof, encode_proof

from .conftest import BLOCK_TXS, block_input


def _reencode(proof_bytes: bytes, *, options=None, stark_changes=None, **public_changes) -> bytes:
    proof = decode_proof(proof_bytes)
    if public_changes:
        proof = dataclasses.replace(
            proof, public_input=dataclasses.replace(proof.public_input, **public_changes)
        )
    if options is not None:
        proof = dataclasses.replace(proof, options=options)
    if stark_changes:
        proof = dataclasses.replace(proof, stark=dataclasses.replace(proof.stark, **stark_changes))
    return encode_proof(proof)


def _rejected(data: bytes, match: str | None = None) -> str:
    with pytest.raises(InvalidProof, match=match) as info:
        stark.verify(data)
    return info.value.reason


def test_reencoding_unchanged_proof_verifies(fib_fast):
    assert _reencode(fib_fast.proof) == fib_fast.proof


def test_other_output(fib_fast):
    _rejected(_reencode(fib_fast.proof, output=(10, 56)))
    _rejected(_reencode(fib_fast.proof, output=(10,)))
    _rejected(_reencode(fib_fast.proof, output=(10, 55, 0)))


def test_other_program(fib_fast):
    pub = decode_proof(fib_fast.proof).public_input
    changed = list(pub.bytecode)
    changed[10] = (changed[10] + 1) % P
    _rejected(_reencode(fib_fast.proof, bytecode=tuple(changed)))


@pytest.mark.parametrize(
    "register", ["pc_init", "ap_init", "fp_init", "pc_final", "ap_final", "fp_final"]
)
@pytest.mark.parametrize("delta", [1, -1])
def test_other_registers(fib_fast, register, delta):
    pub = decode_proof(fib_fast.proof).public_input
    _rejected(_reencode(fib_fast.proof, **{register: getattr(pub, register) + delta}))


def test_same_registers_moved_together_still_rejected(fib_fast):
    """Shifting the whole execution segment keeps the statement's shape but not its proof."""
    pub = decode_proof(fib_fast.proof).public_input
    shifted = {
        name: getattr(pub, name) + 1
        for name in ("ap_init", "fp_init", "ap_final", "fp_final", "output_begin")
    }
    _rejected(_reencode(fib_fast.proof, **shifted), match="out-of-domain")


@pytest.mark.parametrize("field_name", ["rc_min", "rc_max"])
@pytest.mark.parametrize("delta", [1, -1])
def test_other_range_check_bounds(fib_fast, field_name, delta):
    pub = decode_proof(fib_fast.proof).public_input
    _rejected(_reencode(fib_fast.proof, **{field_name: getattr(pub, field_name) + delta}))


def test_range_check_bounds_outside_16_bits(fib_fast):
    _rejected(_reencode(fib_fast.proof, rc_max=1 << 16), match="range-check bounds")


def test_other_range_check_segment(rc_mid_fast):
    pub = decode_proof(rc_mid_fast.proof).public_input
    _rejected(_reencode(rc_mid_fast.proof, rc_stop=pub.rc_stop - 1))
    _rejected(_reencode(rc_mid_fast.proof, rc_begin=pub.rc_begin + 1))


def test_builtins_cannot_be_dropped(rc_mid_fast):
    _rejected(_reencode(rc_mid_fast.proof, builtins=("output",), rc_begin=0, rc_stop=0))


@pytest.mark.parametrize("delta", [1, -1])
def test_other_trace_length(fib_fast, delta):
    pub = decode_proof(fib_fast.proof).public_input
    reason = _rejected(_reencode(fib_fast.proof, log_n=pub.log_n + delta))
    assert "proof states" in reason or "out-of-domain" in reason


@pytest.mark.parametrize("delta", [1, -1])
def test_other_filler_columns(fib_fast, delta):
    pub = decode_proof(fib_fast.proof).public_input
    if pub.rc_fillers + delta >= 0:
        _rejected(_reencode(fib_fast.proof, rc_fillers=pub.rc_fillers + delta))
    _rejected(_reencode(fib_fast.proof, memory_fillers=pub.memory_fillers + delta))


@pytest.mark.parametrize("change", ["more", "fewer"])
def test_fri_layer_count(fib_fast, change):
    s = decode_proof(fib_fast.proof).stark
    roots = (*s.fri_roots, s.fri_roots[0]) if change == "more" else s.fri_roots[:-1]
    openings = (*s.fri_openings, s.fri_openings[0]) if change == "more" else s.fri_openings[:-1]
    _rejected(_reencode(fib_fast.proof, stark_changes={"fri_roots": roots}), "FRI layers")
    _rejected(
        _reencode(fib_fast.proof, stark_changes={"fri_roots": roots, "fri_openings": openings}),
        "FRI layers",
    )


def test_zero_fri_layers_claimed(fib_fast):
    _rejected(
        _reencode(fib_fast.proof, stark_changes={"fri_roots": (), "fri_openings": ()}),
        "FRI layers",
    )


@pytest.mark.parametrize("change", ["more", "fewer"])
def test_last_layer_size(fib_fast, change):
    s = decode_proof(fib_fast.proof).stark
    last = (*s.fri_last_layer, 0) if change == "more" else s.fri_last_layer[:-1]
    _rejected(_reencode(fib_fast.proof, stark_changes={"fri_last_layer": last}), "last-layer")


@pytest.mark.parametrize("delta", [1, -1])
def test_query_count_in_options(fib_fast, delta):
    options = decode_proof(fib_fast.proof).options
    changed = dataclasses.replace(options, num_queries=options.num_queries + delta)
    _rejected(_reencode(fib_fast.proof, options=changed))


def test_fewer_opened_queries(fib_fast):
    s = decode_proof(fib_fast.proof).stark
    main = s.trace_openings[0]
    fewer = Opening(width=main.width, rows=main.rows[:-1], nodes=main.nodes)
    _rejected(
        _reencode(fib_fast.proof, stark_changes={"trace_openings": (fewer, *s.trace_openings[1:])}),
        "opened main trace leaves",
    )


def test_more_opened_queries(fib_fast):
    s = decode_proof(fib_fast.proof).stark
    main = s.trace_openings[0]
    more = Opening(width=main.width, rows=(*main.rows, main.rows[0]), nodes=main.nodes)
    _rejected(
        _reencode(fib_fast.proof, stark_changes={"trace_openings": (more, *s.trace_openings[1:])}),
        "opened main trace leaves",
    )


def test_weaker_grinding_claimed(fib_fast):
    options = decode_proof(fib_fast.proof).options
    _rejected(_reencode(fib_fast.proof, options=dataclasses.replace(options, grinding_bits=0)))


def test_block_proof_binds_its_own_transactions(block_fast):
    other_txs = [*BLOCK_TXS[:1], {"hash": "0x99", "selector": 1, "n": 6}]
    claim = stark.verify(block_fast.proof)
    assert claim.output == expected_output(3, "0xabc", BLOCK_TXS)
    assert claim.output != expected_output(3, "0xabc", other_txs)
    forged = _reencode(block_fast.proof, output=tuple(expected_output(3, "0xabc", other_txs)))
    _rejected(forged)


def test_block_proof_for_another_input_is_another_statement():
    other = prove_run(
        run_program_for_proof(
            __import__("cairovm.programs", fromlist=["load"]).load("block"),
            block_input(4, [{"hash": "0x5", "selector": 0, "n": 3}]),
        ),
        preset="fast",
    )
    claim = stark.verify(other.proof)
    assert claim.output == expected_output(4, "0xabc", [{"hash": "0x5", "selector": 0, "n": 3}])
    assert claim.output != expected_output(3, "0xabc", BLOCK_TXS)
