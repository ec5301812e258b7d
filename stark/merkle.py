"""Merkle commitments with blake2s-256 and batched multi-openings.

A committed matrix is hashed leaf by leaf; a leaf is a row of field elements serialised as 32-byte
big-endian words.  Leaves and inner nodes use different blake2s personalisations, so a leaf can
never be read as a node.  A multi-opening of a sorted set of leaves sends each sibling the
verifier cannot compute exactly once, level by level from the leaves up, in increasing index order
within a level: that order is the canonical one, and the verifier consumes the nodes in it and
rejects any left over.  Pure standard library.
"""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import blake2s
from itertools import pairwise

from .errors import InvalidProof
from .field import Felt

DIGEST_BYTES = 32
LEAF_PERSON = b"stkleaf"
NODE_PERSON = b"stknode"


def leaf_bytes(values: Sequence[Felt]) -> bytes:
    return b"".join(v.to_bytes(32, "big") for v in values)


def hash_leaf(values: Sequence[Felt]) -> bytes:
    """Digest of one leaf: the row's elements, 32-byte big-endian each."""
    return blake2s(leaf_bytes(values), digest_size=DIGEST_BYTES, person=LEAF_PERSON).digest()


def hash_node(left: bytes, right: bytes) -> bytes:
    return blake2s(left + right, digest_size=DIGEST_BYTES, person=NODE_PERSON).digest()


class MerkleTree:
    """All layers of a tree over a power-of-two number of leaf digests (prover side)."""

    def __init__(self, leaf_digests: list[bytes]) -> None:
        n = len(leaf_digests)
        if n == 0 or n & (n - 1):
            raise ValueError("a Merkle tree needs a power-of-two number of leaves")
        layers = [leaf_digests]
        current = leaf_digests
        while len(current) > 1:
            current = [hash_node(current[i], current[i + 1]) for i in range(0, len(current), 2)]
            layers.append(current)
        self.layers = layers

    @property
    def root(self) -> bytes:
        return self.layers[-1][0]

    @property
    def depth(self) -> int:
        return len(self.layers) - 1

    def open(self, indices: Sequence[int]) -> list[bytes]:
        """The sibling nodes of a multi-opening of ``indices`` (sorted, distinct), in order."""
        nodes: list[bytes] = []
        known = list(indices)
        for level in range(self.depth):
            layer = self.layers[level]
            parents: list[int] = []
            i = 0
            while i < len(known):
                idx = known[i]
                sibling = idx ^ 1
                if i + 1 < len(known) and known[i + 1] == sibling:
                    i += 2
                else:
                    nodes.append(layer[sibling])
                    i += 1
                parents.append(idx >> 1)
            known = parents
        return nodes


def verify_multi(
    root: bytes,
    depth: int,
    indices: Sequence[int],
    leaf_digests: Sequence[bytes],
    nodes: Sequence[bytes],
    what: str,
) -> None:
    """Check a multi-opening of the sorted distinct ``indices`` against ``root``.

    Raises InvalidProof naming ``what`` if the nodes are too few, too many, or do not hash to
    the root.
    """
    if len(indices) != len(leaf_digests):
        raise InvalidProof(f"{what}: {len(leaf_digests)} leaves opened, {len(indices)} expected")
    for a, b in pairwise(indices):
        if a >= b:
            raise InvalidProof(f"{what}: opening indices not sorted and distinct")
    if indices and not 0 <= indices[-1] < (1 << depth):
        raise InvalidProof(f"{what}: leaf index outside the tree")
    known = list(zip(indices, leaf_digests, strict=True))
    position = 0
    for _ in range(depth):
        parents: list[tuple[int, bytes]] = []
        i = 0
        while i < len(known):
            idx, digest = known[i]
            if i + 1 < len(known) and known[i + 1][0] == idx ^ 1:
                sibling = known[i + 1][1]
                i += 2
            else:
                if position >= len(nodes):
                    raise InvalidProof(f"{what}: Merkle opening has too few nodes")
                sibling = nodes[position]
                position += 1
                i += 1
            pair = (digest, sibling) if idx % 2 == 0 else (sibling, digest)
            parents.append((idx >> 1, hash_node(*pair)))
        known = parents
    if position != len(nodes):
        raise InvalidProof(f"{what}: Merkle opening has {len(nodes) - position} unused nodes")
    if not known or known[0][1] != root:
        raise InvalidProof(f"{what}: Merkle opening does not match the committed root")
