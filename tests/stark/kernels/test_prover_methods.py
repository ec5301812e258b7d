"""The prover-pipeline methods of the compiled kernels against the plain-Python reference, and
whole proofs: both kernels must write the same bytes."""

from __future__ import annotations

import random

import pytest

import stark
import stark.kernels as kernels_module
from stark.cairo_air import CairoAir
from stark.cairo_prover import Tampering, prove_builder, prove_run
from stark.cairo_trace import CairoTraceBuilder
from stark.config import load_config
from stark.field import P, root_of_unity
from stark.kernels.numba_kernels import NumbaKernels
from stark.kernels.python import PythonKernels
from stark.options import COSET_OFFSET, preset
from stark.transcript import Transcript

from .conftest import field_column


@pytest.fixture(scope="module")
def cairo_case(block_run):
    """A Cairo AIR with range-check columns, its trace, challenges and coefficients."""
    builder = CairoTraceBuilder(block_run)
    air = CairoAir(builder.public_input)
    rng = random.Random(11)
    challenges = [rng.randrange(P) for _ in range(air.num_challenges)]
    main = builder.main_columns()
    aux = builder.aux_columns(main, challenges)
    coefficients = [rng.randrange(P) for _ in air.constraints]
    return air, air.context(challenges), main, aux, coefficients


def test_open_rows_and_trees_on_coset_major_extensions(numba_kernels, python_kernels, rng):
    columns = [field_column(rng, 32) for _ in range(3)]
    nk, pk = numba_kernels, python_kernels
    lde_n = nk.evaluate(nk.interpolate(columns), 8, COSET_OFFSET)  # blowup 8, stored by coset
    lde_p = pk.evaluate(pk.interpolate(columns), 8, COSET_OFFSET)
    assert nk.columns(lde_n) == lde_p
    leaves = [0, 1, 7, 8, 63, 100, 127]
    assert nk.open_rows(lde_n, leaves) == pk.open_rows(lde_p, leaves)
    tree_n, tree_p = nk.merkle_tree(lde_n), pk.merkle_tree(lde_p)
    assert tree_n.root == tree_p.root
    assert tree_n.open(leaves) == tree_p.open(leaves)
    assert nk.hash_leaves(lde_n) == pk.hash_leaves(lde_p)


def test_evaluate_at(numba_kernels, python_kernels, rng):
    columns = [field_column(rng, 64) for _ in range(4)]
    points = [rng.randrange(P), 3, 0]
    coefficients = python_kernels.interpolate(columns)
    expected = python_kernels.evaluate_at(coefficients, points)
    assert numba_kernels.evaluate_at(numba_kernels.interpolate(columns), points) == expected
    assert numba_kernels.evaluate_at(coefficients, points) == expected  # natural order
    odd = [c[:37] for c in coefficients]  # not a power of two
    assert numba_kernels.evaluate_at(odd, points) == python_kernels.evaluate_at(odd, points)


@pytest.mark.parametrize("blowup_log", [1, 2, 3])
def test_composition_values(numba_kernels, python_kernels, cairo_case, blowup_log):
    air, ctx, main, aux, coefficients = cairo_case
    nk, pk = numba_kernels, python_kernels
    log_domain = air.log_n + blowup_log
    ldes_n = [nk.evaluate(nk.interpolate(m), log_domain, COSET_OFFSET) for m in (main, aux)]
    ldes_p = [pk.evaluate(pk.interpolate(m), log_domain, COSET_OFFSET) for m in (main, aux)]
    got = nk.composition_values(air, ctx, ldes_n, coefficients, air.log_n)
    assert nk.columns(got) == pk.composition_values(air, ctx, ldes_p, coefficients, air.log_n)


def test_violated_constraints(numba_kernels, python_kernels, cairo_case):
    air, ctx, main, aux, _ = cairo_case
    assert numba_kernels.violated_constraints(air, ctx, [main, aux]) == []
    broken_main = [list(c) for c in main]
    broken_main[19][5] += 1  # pc at row 5
    broken_main[0][0] = 3  # a flag prefix at row 0
    broken_aux = [list(c) for c in aux]
    broken_aux[-1][-1] = 7
    expected = python_kernels.violated_constraints(air, ctx, [broken_main, broken_aux])
    assert len(expected) > 3
    assert numba_kernels.violated_constraints(air, ctx, [broken_main, broken_aux]) == expected


def test_deep_composition(numba_kernels, python_kernels, rng):
    nk, pk = numba_kernels, python_kernels
    main = [field_column(rng, 16) for _ in range(3)]
    aux = [[rng.randrange(P) for _ in range(16)]]
    parts = [[rng.randrange(P) for _ in range(16)] for _ in range(2)]
    gammas = [rng.randrange(P) for _ in range(2 * 4 + 2)]
    ood = [[rng.randrange(P) for _ in range(4)], [rng.randrange(P) for _ in range(4)]]
    ood_comp = [rng.randrange(P) for _ in range(2)]
    z = rng.randrange(P)
    points = (z, z * root_of_unity(4) % P, pow(z, 2, P))

    def run(k):
        ldes = [k.evaluate(k.interpolate(m), 7, COSET_OFFSET) for m in (main, aux)]
        part_lde = k.evaluate(k.interpolate(parts), 7, COSET_OFFSET)
        f0 = k.deep_composition(ldes, part_lde, gammas, ood[0], ood[1], ood_comp, points, 7)
        return k.columns(f0)

    assert run(nk) == run(pk)


def test_fold_and_grind(numba_kernels, python_kernels, rng):
    values = [field_column(rng, 64)]
    beta = rng.randrange(P)
    got = numba_kernels.fold(values, 1, 7, beta)
    assert numba_kernels.columns(got) == python_kernels.fold(values, 1, 7, beta)
    t = Transcript(b"kernels grind")
    assert numba_kernels.grind(t, 10) == python_kernels.grind(t, 10)


def test_combine(numba_kernels, python_kernels, rng):
    columns = [field_column(rng, 40) for _ in range(3)]
    weights = [rng.randrange(P) for _ in range(3)]
    assert numba_kernels.combine(columns, weights) == python_kernels.combine(columns, weights)
    with pytest.raises(ValueError, match="coefficient"):
        numba_kernels.combine(columns, weights[:2])


@pytest.mark.parametrize("run_name", ["fib_run", "block_run"])
def test_both_kernels_write_the_same_proof(request, run_name):
    """The compiled path changes nothing in the proof: same bytes, verified."""
    run = request.getfixturevalue(run_name)
    proofs = []
    for kernels in (PythonKernels(), NumbaKernels()):
        previous = kernels_module._KERNELS
        kernels_module._KERNELS = kernels
        try:
            proofs.append(prove_run(run, preset="fast").proof)
        finally:
            kernels_module._KERNELS = previous
    assert proofs[0] == proofs[1]
    assert stark.verify(proofs[0]).steps > 0


def test_both_kernels_write_the_same_rejected_proof(block_run):
    """With a trace that breaks a constraint (allowed through for soundness tests)."""

    def tamper(columns):
        columns[19][3] = (columns[19][3] + 1) % P

    proofs = []
    for kernels in (PythonKernels(), NumbaKernels()):
        previous = kernels_module._KERNELS
        kernels_module._KERNELS = kernels
        try:
            builder = CairoTraceBuilder(block_run)
            proofs.append(prove_builder(builder, preset("fast"), Tampering(main=tamper)))
        finally:
            kernels_module._KERNELS = previous
    assert proofs[0] == proofs[1]
    with pytest.raises(stark.InvalidProof):
        stark.verify(proofs[0])


@pytest.mark.parametrize(
    ("setting", "expected"), [("python", "python"), ("numba", "numba"), ("auto", "numba")]
)
def test_kernels_chosen_by_environment(monkeypatch, setting, expected):
    monkeypatch.setenv("STARK_KERNELS", setting)
    monkeypatch.setattr(kernels_module, "_KERNELS", None)
    load_config.cache_clear()
    try:
        assert kernels_module.get_kernels().name == expected
    finally:
        load_config.cache_clear()


def test_auto_falls_back_without_numba(monkeypatch):
    monkeypatch.setenv("STARK_KERNELS", "auto")
    monkeypatch.setattr(kernels_module, "_KERNELS", None)
    monkeypatch.setattr(kernels_module, "numba_available", lambda: False)
    load_config.cache_clear()
    try:
        assert kernels_module.get_kernels().name == "python"
    finally:
        load_config.cache_clear()


def test_unknown_kernels_refused(monkeypatch):
    monkeypatch.setenv("STARK_KERNELS", "gpu")
    monkeypatch.setattr(kernels_module, "_KERNELS", None)
    load_config.cache_clear()
    try:
        with pytest.raises(ValueError, match="unknown STARK_KERNELS"):
            kernels_module.get_kernels()
    finally:
        load_config.cache_clear()


def test_numba_requested_but_missing(monkeypatch):
    monkeypatch.setenv("STARK_KERNELS", "numba")
    monkeypatch.setattr(kernels_module, "_KERNELS", None)
    monkeypatch.setattr(kernels_module, "numba_available", lambda: False)
    load_config.cache_clear()
    try:
        with pytest.raises(ValueError, match="not installed"):
            kernels_module.get_kernels()
    finally:
        load_config.cache_clear()
