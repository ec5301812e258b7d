"""Merkle trees and batched multi-openings."""

from __future__ import annotations

import itertools

import pytest

from stark.errors import InvalidProof
from stark.merkle import MerkleTree, hash_leaf, hash_node, verify_multi


def _tree(n):
    rows = [(i, i * i, 7) for i in range(n)]
    return rows, MerkleTree([hash_leaf(r) for r in rows])


def test_leaf_and_node_hashes_are_separated():
    a = hash_leaf([1])
    assert hash_node(a, a) != hash_leaf([1, 1])
    assert len(a) == 32


def test_every_subset_of_a_small_tree_opens():
    rows, tree = _tree(8)
    for r in range(1, 9):
        for subset in itertools.combinations(range(8), r):
            nodes = tree.open(list(subset))
            digests = [hash_leaf(rows[i]) for i in subset]
            verify_multi(tree.root, 3, list(subset), digests, nodes, "t")


def test_siblings_sent_once():
    _, tree = _tree(16)
    # leaves 0 and 1 are siblings: only 3 nodes above them are needed
    assert len(tree.open([0, 1])) == 3
    assert len(tree.open([0])) == 4
    assert len(tree.open(list(range(16)))) == 0


def test_single_leaf_tree():
    rows, tree = _tree(1)
    verify_multi(tree.root, 0, [0], [hash_leaf(rows[0])], [], "t")


@pytest.mark.parametrize("mutate", ["value", "extra", "missing", "order", "node"])
def test_tampered_openings_rejected(mutate):
    rows, tree = _tree(16)
    indices = [2, 5, 11]
    nodes = tree.open(indices)
    digests = [hash_leaf(rows[i]) for i in indices]
    if mutate == "value":
        digests[1] = hash_leaf((5, 26, 7))
    elif mutate == "extra":
        nodes = [*nodes, nodes[0]]
    elif mutate == "missing":
        nodes = nodes[:-1]
    elif mutate == "order":
        nodes = [nodes[1], nodes[0], *nodes[2:]]
    else:
        nodes = [bytes(32), *nodes[1:]]
    with pytest.raises(InvalidProof):
        verify_multi(tree.root, 4, indices, digests, nodes, "t")


def test_unsorted_indices_rejected():
    rows, tree = _tree(8)
    nodes = tree.open([1, 3])
    with pytest.raises(InvalidProof):
        verify_multi(tree.root, 3, [3, 1], [hash_leaf(rows[3]), hash_leaf(rows[1])], nodes, "t")


def test_non_power_of_two_rejected():
    with pytest.raises(ValueError):
        MerkleTree([b"x" * 32] * 3)
