"""FRI, verifier side: the shape of the protocol and the query phase.

The committed function f₀ (the DEEP composition, degree < n) lives on the coset
D₀ = h·⟨ω_N⟩ with N = blowup·n.  Each round folds by two,
f_{k+1}(x²) = (f_k(x) + f_k(−x))/2 + β_k·(f_k(x) − f_k(−x))/(2x), halving domain and degree, until
the degree bound is the last-layer size; that polynomial is sent as coefficients.  Layer k ≥ 1 is
committed with leaf i holding (f_k(D_k[i]), f_k(D_k[i + |D_k|/2])): the two points one fold
combines.  Layer 0 is never committed: the verifier computes it from the trace openings.
A query is an index q < N/2: layer 0 is opened at the pair q; layer k at position p_k, where
p₁ = q and p_{k+1} = p_k mod |D_k|/2.  Pure standard library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import InvalidProof
from .field import Felt, P, batch_inverse, root_of_unity
from .merkle import hash_leaf, verify_multi
from .options import COSET_OFFSET, ProofOptions
from .polynomial import evaluate
from .proof import Opening

INV_TWO = pow(2, -1, P)


@dataclass(frozen=True)
class FriShape:
    """Sizes of a FRI instance, all derived from the trace length and the options."""

    log_domain: int  # log2 N of layer 0
    num_folds: int  # L
    last_layer_log: int  # the last layer is sent as 2^last_layer_log coefficients

    @property
    def committed_layers(self) -> int:
        return max(self.num_folds - 1, 0)


def fri_shape(log_n: int, options: ProofOptions) -> FriShape:
    last = min(options.fri_last_layer_log, log_n)
    return FriShape(
        log_domain=log_n + options.blowup_log,
        num_folds=log_n - last,
        last_layer_log=last,
    )


def domain_point(log_domain: int, layer: int, position: int) -> Felt:
    """D_layer[position] = h^(2^layer) · ω_{N/2^layer}^position."""
    offset = pow(COSET_OFFSET, 1 << layer, P)
    return offset * pow(root_of_unity(log_domain - layer), position, P) % P


def fold_pair(f_x: Felt, f_neg_x: Felt, beta: Felt, x_inv: Felt) -> Felt:
    """f_{k+1}(x²) from f_k(x), f_k(−x), the round challenge and 1/x."""
    return ((f_x + f_neg_x) + beta * (f_x - f_neg_x) % P * x_inv) * INV_TWO % P


def verify_queries(
    shape: FriShape,
    queries: Sequence[int],
    first_layer: dict[int, tuple[Felt, Felt]],
    betas: Sequence[Felt],
    roots: Sequence[bytes],
    openings: Sequence[Opening],
    last_layer: Sequence[Felt],
) -> None:
    """Check the query phase; ``first_layer[q]`` holds (f₀(D₀[q]), f₀(−D₀[q])).

    Raises InvalidProof naming the layer whose check failed.
    """
    unique = sorted(set(queries))
    log_domain = shape.log_domain
    if shape.num_folds == 0:
        for q in unique:
            x = domain_point(log_domain, 0, q)
            a, b = first_layer[q]
            if a != evaluate(last_layer, x) or b != evaluate(last_layer, -x % P):
                raise InvalidProof("FRI: the function is not the sent low-degree polynomial")
        return
    # fold layer 0 into layer 1 at position q
    xs_inv = batch_inverse([domain_point(log_domain, 0, q) for q in unique])
    values: dict[int, Felt] = {}
    for q, x_inv in zip(unique, xs_inv, strict=True):
        a, b = first_layer[q]
        values[q] = fold_pair(a, b, betas[0], x_inv)
    for k in range(1, shape.num_folds):
        half = 1 << (log_domain - k - 1)
        positions = sorted(values)
        leaves = sorted({p % half for p in positions})
        opening = openings[k - 1]
        what = f"FRI layer {k}"
        if opening.width != 2:
            raise InvalidProof(f"{what}: opened leaves are {opening.width} wide, 2 expected")
        if len(opening.rows) != len(leaves):
            raise InvalidProof(
                f"{what}: {len(opening.rows)} leaves opened, the queries need {len(leaves)}"
            )
        verify_multi(
            roots[k - 1],
            log_domain - k - 1,
            leaves,
            [hash_leaf(row) for row in opening.rows],
            opening.nodes,
            what,
        )
        rows = dict(zip(leaves, opening.rows, strict=True))
        for p in positions:
            if rows[p % half][p // half] != values[p]:
                raise InvalidProof(f"{what}: folded value does not match the committed layer")
        xs_inv = batch_inverse([domain_point(log_domain, k, leaf) for leaf in leaves])
        values = {
            leaf: fold_pair(rows[leaf][0], rows[leaf][1], betas[k], x_inv)
            for leaf, x_inv in zip(leaves, xs_inv, strict=True)
        }
    for p, value in values.items():
        x = domain_point(log_domain, shape.num_folds, p)
        if value != evaluate(last_layer, x):
            raise InvalidProof("FRI: the last layer does not match the sent polynomial")
