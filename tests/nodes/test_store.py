"""The SQLite store: what is written durably survives reopening; chain writes are atomic."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from nodes.blocks import ChainBlock
from nodes.crypto import Signer
from nodes.errors import StoreError
from nodes.execution import Executor
from nodes.store import Store
from nodes.transactions import InvokeTransaction
from tests.nodes.test_messages import make_block


def _tx(nonce: int) -> InvokeTransaction:
    return InvokeTransaction(
        version=1, sender_address=0x123, calldata=(0, 10), signature=(), nonce=nonce, max_fee=5
    )


def test_chain_commit_survives_reopen(tmp_path: Path, signers: list[Signer]) -> None:
    path = tmp_path / "s.sqlite3"
    txs = [(1000 + i, _tx(i)) for i in range(3)]
    receipts = [Executor().execute(h, tx) for h, tx in txs]
    genesis = ChainBlock.genesis(7)
    block = ChainBlock.build(
        number=1, parent_hash=genesis.hash, timestamp=9, sequencer_address=1, receipts=receipts
    )
    consensus_block = make_block(signers[0], round=1)

    async def write() -> None:
        store = Store(path)
        store.write_genesis(genesis)
        await store.put_batch(b"\x01" * 32, b"[]", own=True)
        store.put_block(consensus_block)
        await store.commit_chain(
            block=block, txs=txs, receipts=receipts, batches=[b"\x01" * 32], executed_round=4
        )
        store.close()

    asyncio.run(write())
    store = Store(path)
    assert store.latest_block() == block
    assert store.block_by_hash(block.hash) == block
    assert store.block_by_number(0) == genesis
    assert store.executed_round() == 4
    assert store.batch_committed(b"\x01" * 32)
    assert store.uncommitted_own_batches() == []
    assert store.get_block(consensus_block.digest()) == consensus_block
    number, index, tx_json, receipt = store.transaction(1001)  # type: ignore[misc]
    assert (number, index, receipt) == (1, 1, receipts[1])
    assert InvokeTransaction.from_rpc(tx_json) == txs[1][1]
    assert store.committed_among([1000, 1002, 5]) == {1000, 1002}
    assert [r for _, r in store.block_transactions(1)] == receipts
    assert store.transaction(2**300) is None and store.block_by_number(-1) is None
    store.close()


def test_failed_chain_write_changes_nothing(store: Store) -> None:
    genesis = ChainBlock.genesis(0)
    store.write_genesis(genesis)

    async def clash() -> None:
        # a second block 0 violates the primary key: the whole write must roll back
        await store.commit_chain(block=genesis, txs=[], receipts=[], batches=[], executed_round=9)

    with pytest.raises(StoreError):
        asyncio.run(clash())
    assert store.executed_round() == 0


def test_uncommitted_own_batches_are_listed(store: Store) -> None:
    async def write() -> None:
        await store.put_batch(b"\x01" * 32, b"[1]", own=True)
        await store.put_batch(b"\x02" * 32, b"[2]", own=False)

    asyncio.run(write())
    assert store.uncommitted_own_batches() == [(b"\x01" * 32, b"[1]")]
    assert store.has_batch(b"\x02" * 32) and store.get_batch(b"\x02" * 32) == b"[2]"
