"""The node's compiled Poseidon equals starknet-py's on every input length and edge values."""

from __future__ import annotations

import random

import pytest

from cairovm.felt import PRIME
from nodes import poseidon

EDGES = [0, 1, 2, PRIME - 1, PRIME - 2, 1 << 251, (1 << 128) - 1]


def test_the_compiled_hash_is_in_use() -> None:
    assert poseidon.compiled_available()  # make setup installs numba (the fast extra)


@pytest.mark.parametrize("length", range(10))
def test_equals_starknet_py(length: int) -> None:
    rng = random.Random(length)
    for _ in range(8):
        values = [
            rng.choice(EDGES) if rng.random() < 0.3 else rng.randrange(PRIME) for _ in range(length)
        ]
        assert poseidon.poseidon_hash_many(values) == poseidon.starknet_py_hash_many(values)


def test_a_changed_input_changes_the_hash() -> None:
    base = poseidon.poseidon_hash_many([1, 2, 3])
    assert poseidon.poseidon_hash_many([1, 2, 4]) != base
    assert poseidon.poseidon_hash_many([1, 2]) != poseidon.poseidon_hash_many([1, 2, 0])


def test_round_constants_are_the_permutations_91_by_3() -> None:
    constants = poseidon.round_constants()
    assert len(constants) == poseidon.FULL_ROUNDS + poseidon.PARTIAL_ROUNDS == 91
    assert all(len(row) == 3 and all(0 <= c < PRIME for c in row) for row in constants)
    assert len({c for row in constants for c in row}) == 273


def test_install_keeps_starknet_pys_transaction_hashes(monkeypatch) -> None:
    import starknet_py.hash.transaction as transaction_hash

    from nodes.client import make_invoke
    from nodes.committee import chain_id_felt
    from nodes.transactions import InvokeTransaction

    chain = chain_id_felt("SN_STARKSTACK")
    txs = [
        InvokeTransaction.from_rpc(make_invoke(version=3, sender=5, nonce=i, selector=i % 2, n=9))
        for i in range(4)
    ]
    before = [tx.hash(chain) for tx in txs]
    original = transaction_hash.poseidon_hash_many
    monkeypatch.setattr(transaction_hash, "poseidon_hash_many", original)  # restored after
    poseidon.install()
    assert transaction_hash.poseidon_hash_many is not original
    assert [tx.hash(chain) for tx in txs] == before
