"""FRI, prover side: the commit phase (fold, commit, send the last layer) and the openings.

Mirrors :mod:`stark.fri`, whose shape and folding rule it uses; the layers are kernel matrices
(one column) and the folding runs in the kernels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ProverError
from .field import P
from .fri import FriShape
from .kernels import Kernels, Matrix
from .options import COSET_OFFSET
from .proof import Opening
from .protocol import absorb_last_layer, draw_fri_challenge
from .transcript import Transcript


@dataclass
class FriCommitment:
    layers: list[Matrix]  # f_1 … f_{L−1}: the committed layers
    trees: list[Any]  # their Merkle trees (root, open)
    last_layer: list[int]


def commit(
    f0: Matrix,
    shape: FriShape,
    t: Transcript,
    kernels: Kernels,
    allow_high_degree: bool = False,
) -> FriCommitment:
    """Fold f₀ (a one-column matrix) down to the last layer, committing every layer between."""
    layers: list[Matrix] = []
    trees: list[Any] = []
    current = f0
    for k in range(shape.num_folds):
        root = trees[-1].root if k >= 1 else None
        beta = draw_fri_challenge(t, root)
        current = kernels.fold(current, k, shape.log_domain, beta)
        if k + 1 < shape.num_folds:
            layers.append(current)
            trees.append(kernels.merkle_tree(current))
    offset = pow(COSET_OFFSET, 1 << shape.num_folds, P)
    coefficients = kernels.columns(kernels.interpolate(current, offset=offset))[0]
    keep = 1 << shape.last_layer_log
    if any(coefficients[keep:]) and not allow_high_degree:
        raise ProverError("FRI: the folded function is not of low degree (inconsistent trace)")
    last_layer = coefficients[:keep]
    absorb_last_layer(t, last_layer)
    return FriCommitment(layers=layers, trees=trees, last_layer=last_layer)


def open_layers(
    commitment: FriCommitment, shape: FriShape, queries: Sequence[int], kernels: Kernels
) -> list[Opening]:
    openings = []
    positions = sorted(set(queries))
    for k in range(1, shape.num_folds):
        half = 1 << (shape.log_domain - k - 1)
        leaves = sorted({p % half for p in positions})
        rows = kernels.open_rows(commitment.layers[k - 1], leaves)
        nodes = tuple(commitment.trees[k - 1].open(leaves))
        openings.append(Opening(width=2, rows=rows, nodes=nodes))
        positions = leaves
    return openings
