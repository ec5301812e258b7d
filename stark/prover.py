"""The STARK prover for any AIR: the protocol of :mod:`stark.protocol`, step by step.

Round 1 commits the main trace's low-degree extension; round 2 the auxiliary columns built from
the interaction challenges; round 3 the composition polynomial (the constraints divided by their
zerofiers, combined with random coefficients, split into degree-<n parts); round 4 sends the
out-of-domain values; round 5 runs FRI on the DEEP composition; round 6 grinds and opens the
queried rows.  Heavy arithmetic goes through :mod:`stark.kernels`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .air import DOMAINS, Air, Domain, composition_parts
from .errors import ProverError
from .field import P, root_of_unity
from .fri import fri_shape
from .fri_prover import commit as fri_commit
from .fri_prover import open_layers
from .kernels import Kernels, combine, get_kernels
from .merkle import MerkleTree
from .options import COSET_OFFSET, ProofOptions
from .polynomial import evaluate
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
    coefficients: list[list[int]]
    lde: list[list[int]]
    tree: MerkleTree


def _commit_columns(columns: list[list[int]], blowup_log: int, kernels: Kernels) -> _Committed:
    coefficients = kernels.interpolate(columns)
    log_size = (len(columns[0]).bit_length() - 1) + blowup_log
    lde = kernels.evaluate(coefficients, log_size, COSET_OFFSET)
    return _Committed(coefficients, lde, MerkleTree(kernels.hash_leaves(lde)))


def _open(committed: _Committed, leaves: list[int]) -> Opening:
    half = len(committed.lde[0]) >> 1
    cols = committed.lde
    rows = tuple(tuple([c[q] for c in cols] + [c[q + half] for c in cols]) for q in leaves)
    return Opening(width=2 * len(cols), rows=rows, nodes=tuple(committed.tree.open(leaves)))


def _zerofier_inverses(log_n: int, log_domain: int, kernels: Kernels) -> dict[Domain, list[int]]:
    """1/Z_D(x) at every x of the evaluation coset, for each constraint domain D."""
    n = 1 << log_n
    size = 1 << log_domain
    blowup = size // n
    w = root_of_unity(log_domain)
    xs = [0] * size
    x = COSET_OFFSET
    for i in range(size):
        xs[i] = x
        x = x * w % P
    last = pow(root_of_unity(log_n), n - 1, P)
    # x^n takes only `blowup` distinct values on the coset
    offset_n = pow(COSET_OFFSET, n, P)
    w_b = root_of_unity(log_domain - log_n)
    vanish_inv_small = kernels.batch_inverse(
        [(offset_n * pow(w_b, j, P) - 1) % P for j in range(blowup)]
    )
    vanish_inv = [vanish_inv_small[i % blowup] for i in range(size)]
    first_inv = kernels.batch_inverse([(x - 1) % P for x in xs])
    last_inv = kernels.batch_inverse([(x - last) % P for x in xs])
    transition = [(x - last) * v % P for x, v in zip(xs, vanish_inv, strict=True)]
    return {
        Domain.ALL: vanish_inv,
        Domain.TRANSITION: transition,
        Domain.FIRST: first_inv,
        Domain.LAST: last_inv,
    }


def _composition_evaluations(
    air: Air,
    ctx: object,
    rows: list[tuple[int, ...]],
    coefficients: Sequence[int],
    log_domain: int,
    kernels: Kernels,
) -> list[int]:
    size = 1 << log_domain
    step = size >> air.log_n  # the next trace row is `blowup` points further on
    inverses = _zerofier_inverses(air.log_n, log_domain, kernels)
    groups = []
    for d in DOMAINS:
        idx = [i for i, c in enumerate(air.constraints) if c.domain is d]
        if idx:
            groups.append((idx, [coefficients[i] for i in idx], inverses[d]))
    evaluate_at = air.evaluate
    out = [0] * size
    for i in range(size):
        numerators = evaluate_at(ctx, rows[i], rows[(i + step) % size])
        acc = 0
        for idx, coeffs, inv in groups:
            s = 0
            for j, c in zip(idx, coeffs, strict=True):
                s += c * numerators[j]
            acc += s % P * inv[i]
        out[i] = acc % P
    return out


def violated_constraints(air: Air, ctx: object, columns: list[list[int]]) -> list[tuple[str, int]]:
    """Every (constraint name, row) the trace breaks, in row order."""
    n = air.trace_length
    rows = list(zip(*columns, strict=True))
    found = []
    for i in range(n):
        values = air.evaluate(ctx, rows[i], rows[(i + 1) % n])
        for constraint, value in zip(air.constraints, values, strict=True):
            d = constraint.domain
            applies = (
                d is Domain.ALL
                or (d is Domain.TRANSITION and i < n - 1)
                or (d is Domain.FIRST and i == 0)
                or (d is Domain.LAST and i == n - 1)
            )
            if applies and value % P:
                found.append((constraint.name, i))
    return found


def check_trace(air: Air, ctx: object, columns: list[list[int]]) -> None:
    """Raise ProverError naming the first constraint and row the trace breaks."""
    broken = violated_constraints(air, ctx, columns)
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
    size = 1 << log_domain

    # round 1: main trace
    main = _commit_columns(main_columns, options.blowup_log, kernels)
    challenges = draw_interaction_challenges(t, main.tree.root, air.num_challenges)
    # round 2: auxiliary trace
    committed = [main]
    if air.aux_width:
        if build_aux is None:
            raise ProverError("the AIR has auxiliary columns but no builder was given")
        aux_columns = build_aux(challenges)
        if len(aux_columns) != air.aux_width or any(len(c) != n for c in aux_columns):
            raise ProverError("auxiliary trace does not have the AIR's shape")
        committed.append(_commit_columns(aux_columns, options.blowup_log, kernels))
    aux_root = committed[1].tree.root if air.aux_width else None
    coefficients = draw_constraint_coefficients(t, aux_root, len(air.constraints))

    # round 3: composition polynomial
    ctx = air.context(challenges)
    if not allow_unsatisfied:
        check_trace(air, ctx, main_columns + (aux_columns if air.aux_width else []))
    all_lde = [col for c in committed for col in c.lde]
    # the composition has degree < parts·n: its values on a sub-coset of that size determine it
    log_eval = log_n + (parts - 1).bit_length()
    stride = 1 << (log_domain - log_eval)
    rows = list(zip(*[col[::stride] for col in all_lde], strict=True))
    comp_values = _composition_evaluations(air, ctx, rows, coefficients, log_eval, kernels)
    del rows
    comp_coeffs = kernels.interpolate([comp_values], offset=COSET_OFFSET)[0]
    if any(comp_coeffs[parts * n :]) and not allow_unsatisfied:
        raise ProverError("the trace does not satisfy the constraints")
    part_coeffs = [comp_coeffs[j : parts * n : parts] for j in range(parts)]
    part_lde = kernels.evaluate(part_coeffs, log_domain, COSET_OFFSET)
    composition = _Committed(part_coeffs, part_lde, MerkleTree(kernels.hash_leaves(part_lde)))
    z = draw_ood_point(t, composition.tree.root, log_n, log_domain, parts)

    # round 4: out-of-domain values
    zg = z * root_of_unity(log_n) % P
    all_coeffs = [col for c in committed for col in c.coefficients]
    ood_current = tuple(evaluate(c, z) for c in all_coeffs)
    ood_next = tuple(evaluate(c, zg) for c in all_coeffs)
    z_parts = pow(z, parts, P)
    ood_composition = tuple(evaluate(c, z_parts) for c in part_coeffs)
    gammas = draw_deep_coefficients(t, ood_current, ood_next, ood_composition)

    # round 5: DEEP composition and FRI
    width = air.width
    g_cur, g_next, g_comp = gammas[:width], gammas[width : 2 * width], gammas[2 * width :]
    const_cur = sum(map(operator.mul, g_cur, ood_current)) % P
    const_next = sum(map(operator.mul, g_next, ood_next)) % P
    const_comp = sum(map(operator.mul, g_comp, ood_composition)) % P
    w = root_of_unity(log_domain)
    xs = [0] * size
    x = COSET_OFFSET
    for i in range(size):
        xs[i] = x
        x = x * w % P
    inv_z = kernels.batch_inverse([(x - z) % P for x in xs])
    inv_zg = kernels.batch_inverse([(x - zg) % P for x in xs])
    inv_zp = kernels.batch_inverse([(x - z_parts) % P for x in xs])
    s_cur = combine(kernels, all_lde, g_cur)
    s_next = combine(kernels, all_lde, g_next)
    s_comp = combine(kernels, part_lde, g_comp)
    f0 = [
        ((a - const_cur) * iz + (b - const_next) * izg + (c - const_comp) * izp) % P
        for a, b, c, iz, izg, izp in zip(s_cur, s_next, s_comp, inv_z, inv_zg, inv_zp, strict=True)
    ]
    del s_cur, s_next, s_comp
    fri = fri_commit(f0, shape, t, kernels, allow_high_degree=allow_unsatisfied)

    # round 6: grinding and queries
    nonce = t.grind(options.grinding_bits)
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
        trace_openings=tuple(_open(c, leaves) for c in committed),
        composition_opening=_open(composition, leaves),
        fri_openings=tuple(open_layers(fri, shape, queries)),
    )
