"""A Merkle tree whose levels are digest arrays: built by the compiled hasher, opened like
:class:`stark.merkle.MerkleTree` (same canonical multi-opening order, same nodes)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .leaves import leaf_digests, merkle_levels


class ArrayMerkleTree:
    """Levels of a tree over 2^d leaf digests, leaves first: (2^d, 32) … (1, 32) uint8."""

    def __init__(self, leaves: np.ndarray) -> None:
        self.levels = merkle_levels(np.ascontiguousarray(leaves, dtype=np.uint8))

    @classmethod
    def of_matrix(cls, columns: np.ndarray, cosets: int = 1) -> ArrayMerkleTree:
        """The tree committing to a (width, N, 4) Montgomery matrix (leaf i: rows i, i + N/2),
        stored naturally or coset-major."""
        return cls(leaf_digests(columns, cosets))

    @property
    def root(self) -> bytes:
        return self.levels[-1][0].tobytes()

    @property
    def depth(self) -> int:
        return len(self.levels) - 1

    def leaf(self, index: int) -> bytes:
        return self.levels[0][index].tobytes()

    def open(self, indices: Sequence[int]) -> list[bytes]:
        """The sibling nodes of a multi-opening of ``indices`` (sorted, distinct), in order."""
        nodes: list[bytes] = []
        known = list(indices)
        for level in range(self.depth):
            digests = self.levels[level]
            parents: list[int] = []
            i = 0
            while i < len(known):
                idx = known[i]
                if i + 1 < len(known) and known[i + 1] == idx ^ 1:
                    i += 2
                else:
                    nodes.append(digests[idx ^ 1].tobytes())
                    i += 1
                parents.append(idx >> 1)
            known = parents
        return nodes
