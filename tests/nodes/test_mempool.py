"""Mempool checks of peers' batches: wrong hashes are refused, a quorum's acks stand in for a
check, and the first checkers of each author are the authorities that follow it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from nodes.committee import Committee
from nodes.crypto import Signer
from nodes.errors import InvalidMessage
from nodes.mempool.core import Mempool
from nodes.mempool.messages import Batch, BatchAck
from nodes.store import Store
from nodes.transactions import InvokeTransaction

CHAIN = 7


class _Network:
    def __init__(self) -> None:
        self.sent: list[Any] = []

    def broadcast(self, message: Any) -> None:
        self.sent.append(message)

    def send(self, to: bytes, message: Any) -> None:
        self.sent.append(message)


def _mempool(signer: Signer, committee: Committee, store: Store, counter: list[int]) -> Mempool:
    async def hashes(txs: list[InvokeTransaction]) -> list[int]:
        counter[0] += len(txs)
        return [tx.hash(CHAIN) for tx in txs]

    return Mempool(
        signer=signer,
        committee=committee,
        store=store,
        network=_Network(),  # type: ignore[arg-type]
        batch_size=10,
        max_batch_delay_ms=10,
        retry_ms=200,
        chain_id=CHAIN,
        verify_peer_hashes=True,
        hashes=hashes,
    )


def _tx(nonce: int) -> InvokeTransaction:
    return InvokeTransaction(
        version=1, sender_address=5, calldata=(0, 3), signature=(), nonce=nonce
    )


def test_designated_checkers_follow_the_author(
    committee: Committee, signers: list[Signer], store: Store
) -> None:
    names = committee.names()
    by_name = {s.name: s for s in signers}
    author = names[1]
    checkers = {n for n in names if _mempool(by_name[n], committee, store, [0])._designated(author)}
    assert checkers == {names[2], names[3]}


def test_wrong_hash_is_refused_and_right_one_acked(
    committee: Committee, signers: list[Signer], store: Store
) -> None:
    names = committee.names()
    by_name = {s.name: s for s in signers}
    checker = by_name[names[1]]  # designated for batches of names[0]
    counter = [0]
    pool = _mempool(checker, committee, store, counter)
    good = Batch.make(names[0], [(_tx(1).hash(CHAIN), _tx(1))])
    bad = Batch.make(names[0], [(_tx(1).hash(CHAIN), _tx(2))])  # tx 2 under tx 1's hash

    async def run() -> None:
        with pytest.raises(InvalidMessage):
            await pool.handle_batch(bad)
        assert not store.has_batch(bad.digest())
        await pool.handle_batch(good)
        assert store.has_batch(good.digest())

    asyncio.run(run())
    assert counter[0] == 2
    assert any(isinstance(m, BatchAck) and m.batch == good.digest() for m in pool._network.sent)


def test_quorum_acks_stand_in_for_a_check(
    committee: Committee, signers: list[Signer], store: Store
) -> None:
    names = committee.names()
    by_name = {s.name: s for s in signers}
    counter = [0]
    pool = _mempool(by_name[names[3]], committee, store, counter)  # not designated for [0]
    batch = Batch.make(names[0], [(_tx(1).hash(CHAIN), _tx(1))])

    async def run() -> None:
        task = asyncio.create_task(pool.handle_batch(batch))
        await asyncio.sleep(0.05)
        assert not store.has_batch(batch.digest())  # waiting for the first checkers
        for name in names[:3]:
            pool.handle_ack(BatchAck.make(batch.digest(), name, by_name[name].sign))
        await task

    asyncio.run(run())
    assert store.has_batch(batch.digest()) and counter[0] == 0
