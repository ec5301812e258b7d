"""The generic prover and verifier on a toy AIR: honest proofs verify, false claims do not."""

from __future__ import annotations

import dataclasses

import pytest

from stark.air import composition_parts
from stark.errors import InvalidProof, ProverError
from stark.options import PRESETS, ProofOptions
from stark.prover import prove_stark
from stark.transcript import Transcript
from stark.verifier import verify_stark

from .toy_air import ToyAir, toy_aux, toy_trace

FAST = PRESETS["fast"]


def _prove(log_n, options=FAST, claim=None, main=None, allow=False):
    if main is None:
        main, honest = toy_trace(log_n)
        claim = honest if claim is None else claim
    air = ToyAir(log_n, claim)
    proof = prove_stark(
        air,
        options,
        main,
        lambda ch: toy_aux(main, ch[0]),
        Transcript(b"toy"),
        allow_unsatisfied=allow,
    )
    return air, proof


@pytest.mark.parametrize("log_n", [3, 5, 8])
def test_honest_round_trip(log_n):
    air, proof = _prove(log_n)
    assert composition_parts(air) == 2
    verify_stark(air, FAST, proof, Transcript(b"toy"))


def test_honest_secure_round_trip():
    air, proof = _prove(5, PRESETS["secure"])
    verify_stark(air, PRESETS["secure"], proof, Transcript(b"toy"))


def test_last_layer_larger_than_trace():
    opts = ProofOptions(blowup_log=2, num_queries=3, grinding_bits=0, fri_last_layer_log=6)
    air, proof = _prove(4, opts)
    assert proof.fri_roots == ()
    verify_stark(air, opts, proof, Transcript(b"toy"))


def test_wrong_claim_rejected():
    air, proof = _prove(5)
    with pytest.raises(InvalidProof, match="out-of-domain"):
        verify_stark(ToyAir(5, air.claimed + 1), FAST, proof, Transcript(b"toy"))


def test_other_transcript_rejected():
    air, proof = _prove(5)
    with pytest.raises(InvalidProof):
        verify_stark(air, FAST, proof, Transcript(b"other"))


def test_honest_prover_refuses_bad_trace():
    main, claim = toy_trace(5)
    main[1][7] += 1
    with pytest.raises(ProverError):
        _prove(5, main=main, claim=claim)


def test_forced_proof_of_bad_trace_rejected():
    main, claim = toy_trace(5)
    main[1][7] += 1
    air, proof = _prove(5, main=main, claim=claim, allow=True)
    with pytest.raises(InvalidProof):
        verify_stark(air, FAST, proof, Transcript(b"toy"))


@pytest.mark.parametrize(
    "field_name",
    ["ood_current", "ood_composition", "fri_last_layer", "fri_roots", "trace_roots"],
)
def test_wrong_sizes_rejected(field_name):
    air, proof = _prove(6)
    value = getattr(proof, field_name)
    for changed in (value[:-1], (*value, value[0])):
        bad = dataclasses.replace(proof, **{field_name: changed})
        with pytest.raises(InvalidProof, match="proof states"):
            verify_stark(air, FAST, bad, Transcript(b"toy"))


def test_other_options_rejected():
    air, proof = _prove(6)
    more = dataclasses.replace(FAST, num_queries=FAST.num_queries + 1)
    with pytest.raises(InvalidProof):
        verify_stark(air, more, proof, Transcript(b"toy"))
