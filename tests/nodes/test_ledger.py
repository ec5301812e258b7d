"""The ledger turns committed consensus blocks into the same chain on every node."""

from __future__ import annotations

import asyncio
from pathlib import Path

from nodes.committee import ChainParams
from nodes.consensus.messages import QC, Block
from nodes.crypto import Signer
from nodes.ledger import Ledger
from nodes.mempool.messages import Batch
from nodes.store import Store
from nodes.transactions import InvokeTransaction
from nodes.workers import execute_block


def _tx(nonce: int, calldata: tuple[int, ...] = (0, 7)) -> InvokeTransaction:
    return InvokeTransaction(
        version=3, sender_address=0x42, calldata=calldata, signature=(), nonce=nonce
    )


async def _execute(*args: object) -> object:
    return execute_block(*args)  # type: ignore[arg-type]


def _block(signer: Signer, round: int, ts_ms: int, payload: tuple[bytes, ...]) -> Block:
    return Block.make(
        qc=QC.genesis(),
        tc=None,
        author=signer.name,
        round=round,
        payload=payload,
        timestamp_ms=ts_ms,
        sign=signer.sign,
    )


def _chain(
    tmp: Path, name: str, signers: list[Signer], batches: list[Batch], blocks: list[Block]
) -> list[tuple[int, int, int, tuple[int, ...]]]:
    async def run() -> list[tuple[int, int, int, tuple[int, ...]]]:
        store = Store(tmp / f"{name}.sqlite3")
        for b in batches:
            await store.put_batch(b.digest(), b.body, own=False)
        known = {b.digest(): b for b in batches}
        ledger = Ledger(
            store,
            ChainParams(empty_block_interval_ms=2000, genesis_timestamp=100),
            known.get,
            _execute,
        )
        ledger.start()
        ledger.enqueue(blocks)
        while ledger.executed_round < blocks[-1].round:
            await asyncio.sleep(0.01)
        await ledger.stop()
        out = []
        number = 0
        while (block := store.block_by_number(number)) is not None:
            out.append((block.number, block.hash, block.timestamp, block.tx_hashes))
            number += 1
        store.close()
        return out

    return asyncio.run(run())


def test_same_blocks_from_the_same_commits(tmp_path: Path, signers: list[Signer]) -> None:
    a = Batch.make(signers[0].name, [(1, _tx(1)), (2, _tx(2, (5, 1)))])
    b = Batch.make(signers[1].name, [(2, _tx(2, (5, 1))), (3, _tx(3))])  # tx 2 again
    c = Batch.make(signers[2].name, [(4, _tx(4, (1, 10)))])
    blocks = [
        _block(signers[1], 1, 100_500, (a.digest(),)),
        _block(signers[2], 2, 101_000, ()),  # empty, < 2 s after the last block: no block
        _block(signers[3], 3, 101_200, (b.digest(), a.digest())),  # a again: skipped
        _block(signers[0], 4, 103_600, ()),  # empty, >= 2 s: an empty chain block
        _block(signers[1], 5, 103_700, (c.digest(),)),
    ]
    one = _chain(tmp_path, "one", signers, [a, b, c], blocks)
    two = _chain(tmp_path, "two", signers, [c, b, a], blocks)
    assert one == two
    assert [(n, ts, txs) for n, _, ts, txs in one] == [
        (0, 100, ()),
        (1, 100, (1, 2)),
        (2, 101, (3,)),
        (3, 103, ()),
        (4, 103, (4,)),
    ]
    assert len({h for _, h, _, _ in one}) == 5
