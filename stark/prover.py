"""The STARK prover for any AIR: the protocol of :mod:`stark.protocol`, step by step.

Round 1 commits the main trace's low-degree extension; round 2 the auxiliary columns built from
the interaction challenges; round 3 the composition polynomial (the constraints divided by their
zerofiers, combined with random coefficients, split into degree-<n parts); round 4 sends the
out-of-domain values; round 5 runs FRI on the DEEP composition; round 6 grinds and opens the
queried rows.  Heavy arithmetic goes through :mod:`stark.kernels`: the trace, its extensions and
the DEEP and FRI layers are kernel matrices from the first commitment to the openings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .air import Air, composition_parts
from .errors import ProverError
from .field import P, root_of_unity
from .fri import fri_shape
from .fri_prover import commit as fri_commit
from .fri_prover import open_layers
from .kernels import Kernels, Matrix, get_kernels
from .options import COSET_OFFSET, ProofOptions
from .proof import Opening, StarkProof
from .protocol import (
    draw_constraint_coefficients,
    draw_deep_coefficients,
    draw_interaction_challenges,
    draw_ood_point,
    draw_queries,
)
from .transcript import Transcript

AuxBuilder = Callable[[Sequence[int]], list[list[int]]]


@dataclass
class _Committed:
    coefficients: Matrix
    lde: Matrix
    tree: Any  # root and open(), as stark.merkle.MerkleTree


def _commit_columns(columns: Matrix, log_n: int, blowup_log: int, kernels: Kernels) -> _Committed:
    coefficients = kernels.interpolate(columns)
    lde = kernels.evaluate(coefficients, log_n + blowup_log, COSET_OFFSET)
    return _Committed(coefficients, lde, kernels.merkle_tree(lde))


def _open(committed: _Committed, leaves: list[int], kernels: Kernels) -> Opening:
    rows = kernels.open_rows(committed.lde, leaves)
    width = len(rows[0]) if rows else 0
    return Opening(width=width, rows=rows, nodes=tuple(committed.tree.open(leaves)))


def violated_constraints(air: Air, ctx: object, columns: list[list[int]]) -> list[tuple[str, int]]:
    """Every (constraint name, row) the trace (all columns, main then auxiliary) breaks."""
    from .kernels.python import PythonKernels

    return PythonKernels().violated_constraints(air, ctx, [columns])


def check_trace(air: Air, ctx: object, trace: Sequence[Matrix], kernels: Kernels) -> None:
    """Raise ProverError naming the first constraint and row the trace breaks."""
    broken = kernels.violated_constraints(air, ctx, trace)
    if broken:
        name, row = broken[0]
        raise ProverError(f"the trace breaks constraint {name!r} at row {row}")


def prove_stark(
    air: Air,
    options: ProofOptions,
    main_columns: list[list[int]],
    build_aux: AuxBuilder | None,
    t: Transcript,
    *,
    kernels: Kernels | None = None,
    allow_unsatisfied: bool = False,
) -> StarkProof:
    """Prove that the trace satisfies ``air`` (public input already absorbed into ``t``).

    ``allow_unsatisfied`` lets a trace that breaks the constraints through, producing a proof
    the verifier must reject; it exists for soundness tests.  Raises ProverError otherwise.
    """
    kernels = kernels or get_kernels()
    log_n = air.log_n
    n = 1 << log_n
    parts = composition_parts(air)
    if parts > options.blowup:
        raise ProverError(f"blowup {options.blowup} is too small for composition degree {parts}·n")
    if len(main_columns) != air.main_width or any(len(c) != n for c in main_columns):
        raise ProverError("main trace does not have the AIR's shape")
    shape = fri_shape(log_n, options)
    log_domain = shape.log_domain

    # round 1: main trace
    main_matrix = kernels.matrix(main_columns)
    main = _commit_columns(main_matrix, log_n, options.blowup_log, kernels)
    challenges = draw_interaction_challenges(t, main.tree.root, air.num_challenges)
    # round 2: auxiliary trace
    committed = [main]
    if air.aux_width:
        if build_aux is None:
            raise ProverError("the AIR has auxiliary columns but no builder was given")
        aux_columns = build_aux(challenges)
        if len(aux_columns) != air.aux_width or any(len(c) != n for c in aux_columns):
            raise ProverError("auxiliary trace does not have the AIR's shape")
        aux_matrix = kernels.matrix(aux_columns)
        del aux_columns
        committed.append(_commit_columns(aux_matrix, log_n, options.blowup_log, kernels))
    aux_root = committed[1].tree.root if air.aux_width else None
    coefficients = draw_constraint_coefficients(t, aux_root, len(air.constraints))

    # round 3: composition polynomial
    ctx = air.context(challenges)
    if not allow_unsatisfied:
        check_trace(air, ctx, [main_matrix] + ([aux_matrix] if air.aux_width else []), kernels)
    ldes = [c.lde for c in committed]
    # the composition has degree < parts·n: its values on a sub-coset of that size determine it
    log_eval = log_n + (parts - 1).bit_length()
    comp_values = kernels.composition_values(air, ctx, ldes, coefficients, log_eval)
    comp_coeffs = kernels.columns(kernels.interpolate(comp_values, offset=COSET_OFFSET))[0]
    del comp_values
    if any(comp_coeffs[parts * n :]) and not allow_unsatisfied:
        raise ProverError("the trace does not satisfy the constraints")
    part_coeffs = kernels.matrix([comp_coeffs[j : parts * n : parts] for j in range(parts)])
    part_lde = kernels.evaluate(part_coeffs, log_domain, COSET_OFFSET)
    composition = _Committed(part_coeffs, part_lde, kernels.merkle_tree(part_lde))
    z = draw_ood_point(t, composition.tree.root, log_n, log_domain, parts)

    # round 4: out-of-domain values
    zg = z * root_of_unity(log_n) % P
    trace_ood = [v for c in committed for v in kernels.evaluate_at(c.coefficients, [z, zg])]
    ood_current = tuple(v[0] for v in trace_ood)
    ood_next = tuple(v[1] for v in trace_ood)
    z_parts = pow(z, parts, P)
    ood_composition = tuple(v[0] for v in kernels.evaluate_at(part_coeffs, [z_parts]))
    gammas = draw_deep_coefficients(t, ood_current, ood_next, ood_composition)

    # round 5: DEEP composition and FRI
    f0 = kernels.deep_composition(
        ldes,
        part_lde,
        gammas,
        ood_current,
        ood_next,
        ood_composition,
        (z, zg, z_parts),
        log_domain,
    )
    fri = fri_commit(f0, shape, t, kernels, allow_high_degree=allow_unsatisfied)

    # round 6: grinding and queries
    nonce = kernels.grind(t, options.grinding_bits)
    queries = draw_queries(t, nonce, log_domain - 1, options.num_queries)
    leaves = sorted(set(queries))
    return StarkProof(
        trace_roots=tuple(c.tree.root for c in committed),
        composition_root=composition.tree.root,
        ood_current=ood_current,
        ood_next=ood_next,
        ood_composition=ood_composition,
        fri_roots=tuple(tree.root for tree in fri.trees),
        fri_last_layer=tuple(fri.last_layer),
        pow_nonce=nonce,
        trace_openings=tuple(_open(c, leaves, kernels) for c in committed),
        composition_opening=_open(composition, leaves, kernels),
        fri_openings=tuple(open_layers(fri, shape, queries, kernels)),
    )
