"""FRI, prover side: the commit phase (fold, commit, send the last layer) and the openings.

Mirrors :mod:`stark.fri`, whose shape, domain points and folding rule it uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import ProverError
from .field import P, root_of_unity
from .fri import INV_TWO, FriShape
from .kernels import Kernels
from .merkle import MerkleTree
from .options import COSET_OFFSET
from .proof import Opening
from .protocol import absorb_last_layer, draw_fri_challenge
from .transcript import Transcript


@dataclass
class FriCommitment:
    layers: list[list[int]]  # f_1 … f_{L−1}: the committed layers
    trees: list[MerkleTree]
    last_layer: list[int]


def fold(values: Sequence[int], layer: int, log_domain: int, beta: int) -> list[int]:
    """f_{k+1} on D_{k+1} from f_k on D_k (natural order)."""
    size = len(values)
    half = size >> 1
    log_size = log_domain - layer
    offset_inv = pow(pow(COSET_OFFSET, 1 << layer, P), -1, P)
    w_inv = pow(root_of_unity(log_size), -1, P)
    # (f(x) + f(−x))/2 + β (f(x) − f(−x)) / (2x), with 1/(2x) running over the half domain
    x_inv = offset_inv * INV_TWO % P
    beta_half = beta
    out = [0] * half
    lo = values[:half]
    hi = values[half:]
    for i in range(half):
        a = lo[i]
        b = hi[i]
        out[i] = ((a + b) * INV_TWO + beta_half * (a - b) % P * x_inv) % P
        x_inv = x_inv * w_inv % P
    return out


def commit(
    f0: list[int],
    shape: FriShape,
    t: Transcript,
    kernels: Kernels,
    allow_high_degree: bool = False,
) -> FriCommitment:
    layers: list[list[int]] = []
    trees: list[MerkleTree] = []
    current = f0
    for k in range(shape.num_folds):
        root = trees[-1].root if k >= 1 else None
        beta = draw_fri_challenge(t, root)
        current = fold(current, k, shape.log_domain, beta)
        if k + 1 < shape.num_folds:
            tree = MerkleTree(kernels.hash_leaves([current]))
            layers.append(current)
            trees.append(tree)
    offset = pow(COSET_OFFSET, 1 << shape.num_folds, P)
    coefficients = kernels.interpolate([current], offset=offset)[0]
    keep = 1 << shape.last_layer_log
    if any(coefficients[keep:]) and not allow_high_degree:
        raise ProverError("FRI: the folded function is not of low degree (inconsistent trace)")
    last_layer = coefficients[:keep]
    absorb_last_layer(t, last_layer)
    return FriCommitment(layers=layers, trees=trees, last_layer=last_layer)


def open_layers(
    commitment: FriCommitment, shape: FriShape, queries: Sequence[int]
) -> list[Opening]:
    openings = []
    positions = sorted(set(queries))
    for k in range(1, shape.num_folds):
        half = 1 << (shape.log_domain - k - 1)
        values = commitment.layers[k - 1]
        leaves = sorted({p % half for p in positions})
        rows = tuple((values[leaf], values[leaf + half]) for leaf in leaves)
        nodes = tuple(commitment.trees[k - 1].open(leaves))
        openings.append(Opening(width=2, rows=rows, nodes=nodes))
        positions = leaves
    return openings
