"""The worker pool: hashes (with short Poseidon hashes memoised) equal starknet-py's, and a
block executed there equals one executed here."""

from __future__ import annotations

import asyncio

from starknet_py.net.client_models import ResourceBounds, ResourceBoundsMapping
from starknet_py.net.client_utils import _create_broadcasted_txn
from starknet_py.net.models.transaction import InvokeV3

from nodes.blocks import ChainBlock
from nodes.client import make_invoke
from nodes.committee import chain_id_felt
from nodes.execution import Executor
from nodes.transactions import InvokeTransaction
from nodes.workers import Workers, execute_block

CHAIN = chain_id_felt("SN_STARKSTACK")


def test_worker_hashes_and_blocks_match() -> None:
    bounds = ResourceBoundsMapping(
        l1_gas=ResourceBounds(1, 2), l2_gas=ResourceBounds(3, 4), l1_data_gas=ResourceBounds(5, 6)
    )
    theirs = [
        InvokeV3(
            version=3,
            signature=[],
            nonce=i,
            tip=0,
            resource_bounds=bounds,
            calldata=[i % 2, 7],
            sender_address=0x51,
        )
        for i in range(6)
    ]
    ours = [InvokeTransaction.from_rpc(_create_broadcasted_txn(t)) for t in theirs]
    ours.append(
        InvokeTransaction.from_rpc(make_invoke(version=1, sender=3, nonce=1, selector=0, n=4))
    )

    async def run() -> None:
        workers = Workers(CHAIN)
        await workers.start()
        try:
            one_by_one = await asyncio.gather(*(workers.hash(tx) for tx in ours))
            together = await workers.hashes(ours)
            assert list(one_by_one) == together == [tx.hash(CHAIN) for tx in ours]
            assert together[:6] == [t.calculate_hash(CHAIN) for t in theirs]
            txs = list(zip(together, ours, strict=True))
            head = ChainBlock.genesis(5)
            remote = await workers.run(execute_block, txs, head, 9, 77)
            receipts = [Executor().execute(h, tx) for h, tx in txs]
            local = ChainBlock.build(
                number=1,
                parent_hash=head.hash,
                timestamp=9,
                sequencer_address=77,
                receipts=receipts,
            )
            assert remote == (receipts, local)
        finally:
            workers.close()

    asyncio.run(run())
