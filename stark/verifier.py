"""The STARK verifier for any AIR: checks a proof against an AIR, options and a transcript.

It follows :mod:`stark.protocol` step by step, derives every size from the AIR and the options
(never from the proof), checks the constraints once at the out-of-domain point, computes the DEEP
composition at the queried points from the opened trace and composition rows, and runs FRI's
query phase.  Its cost grows with log(trace length) and the number of queries: it never builds an
evaluation domain.  Pure standard library.
"""

from __future__ import annotations

from .air import Air, composition_at, composition_parts
from .errors import InvalidProof
from .field import Felt, P, batch_inverse, root_of_unity
from .fri import domain_point, fri_shape, verify_queries
from .merkle import hash_leaf, verify_multi
from .options import ProofOptions
from .proof import Opening, StarkProof
from .protocol import (
    absorb_last_layer,
    draw_constraint_coefficients,
    draw_deep_coefficients,
    draw_fri_challenge,
    draw_interaction_challenges,
    draw_ood_point,
    draw_queries,
)
from .transcript import Transcript


def _expect(actual: int, expected: int, what: str) -> None:
    if actual != expected:
        raise InvalidProof(f"proof states {actual} {what}, the statement requires {expected}")


def _check_opening(
    opening: Opening, root: bytes, width: int, depth: int, leaves: list[int], what: str
) -> dict[int, tuple[Felt, ...]]:
    _expect(opening.width, 2 * width, f"values per {what} leaf")
    _expect(len(opening.rows), len(leaves), f"opened {what} leaves")
    verify_multi(root, depth, leaves, [hash_leaf(r) for r in opening.rows], opening.nodes, what)
    return dict(zip(leaves, opening.rows, strict=True))


def verify_stark(air: Air, options: ProofOptions, proof: StarkProof, t: Transcript) -> None:
    """Raise InvalidProof unless ``proof`` convinces of ``air`` (public input already absorbed)."""
    log_n = air.log_n
    parts = composition_parts(air)
    shape = fri_shape(log_n, options)
    log_domain = shape.log_domain
    width = air.width
    has_aux = air.aux_width > 0

    # sizes first: every one of them follows from the AIR and the options
    _expect(len(proof.trace_roots), 2 if has_aux else 1, "trace commitments")
    _expect(len(proof.trace_openings), len(proof.trace_roots), "trace openings")
    _expect(len(proof.ood_current), width, "out-of-domain trace values")
    _expect(len(proof.ood_next), width, "out-of-domain next-row values")
    _expect(len(proof.ood_composition), parts, "composition parts")
    _expect(len(proof.fri_roots), shape.committed_layers, "FRI layers")
    _expect(len(proof.fri_openings), shape.committed_layers, "FRI layer openings")
    _expect(len(proof.fri_last_layer), 1 << shape.last_layer_log, "last-layer coefficients")

    # 1-2. trace commitments and the challenges they fix
    challenges = draw_interaction_challenges(t, proof.trace_roots[0], air.num_challenges)
    coefficients = draw_constraint_coefficients(
        t, proof.trace_roots[1] if has_aux else None, len(air.constraints)
    )
    # 3. composition commitment, then the out-of-domain point
    z = draw_ood_point(t, proof.composition_root, log_n, log_domain, parts)
    # 4. the constraints at z must match the committed composition
    try:
        ctx = air.context(challenges)
        c_z = composition_at(air, ctx, proof.ood_current, proof.ood_next, coefficients, z)
    except ZeroDivisionError as exc:
        raise InvalidProof("a challenge hit a pole of the constraints") from exc
    h_z = 0
    z_power = 1
    for value in proof.ood_composition:
        h_z = (h_z + z_power * value) % P
        z_power = z_power * z % P
    if c_z != h_z:
        raise InvalidProof("out-of-domain check failed: the trace does not satisfy the constraints")
    gammas = draw_deep_coefficients(t, proof.ood_current, proof.ood_next, proof.ood_composition)

    # 5. FRI commit phase replay
    betas = []
    for k in range(shape.num_folds):
        root = proof.fri_roots[k - 1] if k >= 1 else None
        betas.append(draw_fri_challenge(t, root))
    absorb_last_layer(t, proof.fri_last_layer)

    # 6. grinding, then the queries
    if not t.check_pow(proof.pow_nonce, options.grinding_bits):
        raise InvalidProof("proof-of-work nonce does not meet the grinding target")
    queries = draw_queries(t, proof.pow_nonce, log_domain - 1, options.num_queries)
    leaves = sorted(set(queries))
    depth = log_domain - 1

    widths = [air.main_width, air.aux_width] if has_aux else [air.main_width]
    names = ["main trace", "auxiliary trace"]
    trace_rows = [
        _check_opening(op, root, w, depth, leaves, name)
        for op, root, w, name in zip(
            proof.trace_openings, proof.trace_roots, widths, names, strict=False
        )
    ]
    comp_rows = _check_opening(
        proof.composition_opening, proof.composition_root, parts, depth, leaves, "composition"
    )

    # DEEP composition at x_q and −x_q for every query
    g = root_of_unity(log_n)
    zg = z * g % P
    z_parts = pow(z, parts, P)
    xs = []
    for q in leaves:
        x = domain_point(log_domain, 0, q)
        xs.extend((x, P - x))
    denominators = []
    for x in xs:
        denominators.extend(((x - z) % P, (x - zg) % P, (x - z_parts) % P))
    try:
        inverses = batch_inverse(denominators)
    except ZeroDivisionError as exc:
        raise InvalidProof("a query point coincides with the out-of-domain point") from exc
    g_cur = gammas[:width]
    g_next = gammas[width : 2 * width]
    g_comp = gammas[2 * width :]
    const_cur = sum(a * b for a, b in zip(g_cur, proof.ood_current, strict=True)) % P
    const_next = sum(a * b for a, b in zip(g_next, proof.ood_next, strict=True)) % P
    const_comp = sum(a * b for a, b in zip(g_comp, proof.ood_composition, strict=True)) % P
    first_layer: dict[int, tuple[Felt, Felt]] = {}
    for i, q in enumerate(leaves):
        pair = []
        for half in (0, 1):
            values: list[Felt] = []
            for rows, w in zip(trace_rows, widths, strict=True):
                row = rows[q]
                values.extend(row[half * w : (half + 1) * w])
            comp = comp_rows[q][half * parts : (half + 1) * parts]
            inv_z, inv_zg, inv_zp = inverses[6 * i + 3 * half : 6 * i + 3 * half + 3]
            s_cur = sum(a * b for a, b in zip(g_cur, values, strict=True))
            s_next = sum(a * b for a, b in zip(g_next, values, strict=True))
            s_comp = sum(a * b for a, b in zip(g_comp, comp, strict=True))
            pair.append(
                (
                    (s_cur - const_cur) * inv_z
                    + (s_next - const_next) * inv_zg
                    + (s_comp - const_comp) * inv_zp
                )
                % P
            )
        first_layer[q] = (pair[0], pair[1])

    verify_queries(
        shape,
        queries,
        first_layer,
        betas,
        proof.fri_roots,
        proof.fri_openings,
        proof.fri_last_layer,
    )
