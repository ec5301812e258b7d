"""Every changed byte of a proof is a rejected proof, and only canonical encodings decode."""

from __future__ import annotations

import itertools
import random

import pytest

import stark
from stark.cairo_prover import prove_run, run_program_for_proof
from stark.errors import InvalidProof
from stark.field import P
from stark.options import ProofOptions
from stark.proof import MAGIC, decode_proof, encode_proof, section_offsets

from .conftest import FIXTURES

TINY_OPTIONS = ProofOptions(blowup_log=1, num_queries=2, grinding_bits=8, fri_last_layer_log=1)


@pytest.fixture(scope="module")
def tiny_proof() -> bytes:
    """The smallest proof we make: an 8-step program, two queries."""
    run = run_program_for_proof(FIXTURES / "tiny_output.json")
    proof = prove_run(run, preset=TINY_OPTIONS).proof
    assert stark.verify(proof).output == [5]
    return proof


def _mutations(data: bytes, position: int):
    for mask in (0x01, 0x80, 0xFF):
        changed = bytearray(data)
        changed[position] ^= mask
        yield bytes(changed)


def _assert_all_rejected(data: bytes, positions) -> None:
    accepted = []
    for position in positions:
        for changed in _mutations(data, position):
            try:
                stark.verify(changed)
            except InvalidProof:
                continue
            accepted.append(position)
    assert not accepted, f"changed bytes accepted at {accepted[:10]}"


def test_sections_cover_the_proof(fib_fast):
    sections = section_offsets(decode_proof(fib_fast.proof))
    assert sections[0][1] == 0 and sections[-1][2] == len(fib_fast.proof)
    for (_, _, end), (_, start, _) in itertools.pairwise(sections):
        assert end == start


@pytest.mark.parametrize("which", ["fib", "block"])
def test_sampled_bytes_of_every_section(fib_fast, block_fast, which):
    proof = (fib_fast if which == "fib" else block_fast).proof
    rng = random.Random(7)
    positions = set()
    for _, start, end in section_offsets(decode_proof(proof)):
        span = range(start, end)
        positions.update({start, end - 1})
        positions.update(rng.sample(span, min(len(span), 12)))
    _assert_all_rejected(proof, sorted(positions))


def test_every_byte_of_a_small_proof(tiny_proof):
    """Exhaustive: every byte of a whole proof, flipped (one mask per byte)."""
    accepted = []
    for position in range(len(tiny_proof)):
        changed = bytearray(tiny_proof)
        changed[position] ^= 0x5A
        try:
            stark.verify(bytes(changed))
        except InvalidProof:
            continue
        accepted.append(position)
    assert not accepted


def test_truncated(fib_fast):
    proof = fib_fast.proof
    for length in [0, 3, len(MAGIC) + 1, 40, len(proof) // 2, len(proof) - 32, len(proof) - 1]:
        with pytest.raises(InvalidProof):
            stark.verify(proof[:length])


@pytest.mark.parametrize("extra", [b"\x00", b"\x00" * 32, b"garbage"])
def test_over_long(fib_fast, extra):
    with pytest.raises(InvalidProof, match="trailing"):
        stark.verify(fib_fast.proof + extra)


def test_round_trip_is_identity(block_fast):
    assert encode_proof(decode_proof(block_fast.proof)) == block_fast.proof


def test_non_reduced_field_element(fib_fast):
    proof = decode_proof(fib_fast.proof)
    sections = dict((name, (start, end)) for name, start, end in section_offsets(proof))
    start, _ = sections["out-of-domain values"]
    value_at = start + 4  # after the u32 count
    data = bytearray(fib_fast.proof)
    original = int.from_bytes(data[value_at : value_at + 32], "big")
    data[value_at : value_at + 32] = (original + P).to_bytes(32, "big")  # same value mod p
    with pytest.raises(InvalidProof, match="reduced"):
        stark.verify(bytes(data))


def test_not_a_proof():
    for data in [b"", b"hello", MAGIC + b"\x00\x02"]:
        with pytest.raises(InvalidProof):
            stark.verify(data)
    with pytest.raises(InvalidProof):
        stark.verify("a string")  # type: ignore[arg-type]
