"""Four node processes: they agree block by block, and starknet-py reads them without errors."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from starknet_py.net.client_models import (
    InvokeTransactionV1,
    InvokeTransactionV3,
    ResourceBounds,
    ResourceBoundsMapping,
    TransactionExecutionStatus,
    TransactionStatus,
)
from starknet_py.net.full_node_client import FullNodeClient
from starknet_py.net.models.transaction import InvokeV1, InvokeV3

from nodes.committee import chain_id_felt
from nodes.local import LocalCommittee
from tests.nodes.conftest import FAST_ENV
from tests.nodes.helpers import block_hashes, invokes, submit, wait_committed

pytestmark = pytest.mark.slow
CHAIN = chain_id_felt("SN_STARKSTACK")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalCommittee, list[str]]]:
    """A committee that has committed transactions sent to every node."""
    committee = LocalCommittee(
        tmp_path_factory.mktemp("committee"), env=FAST_ENV, empty_block_interval_ms=1000
    )
    committee.start_all()
    try:
        committee.wait_ready()
        sender = random.getrandbits(64)
        hashes: list[str] = []
        for i in range(4):
            hashes += submit(
                committee.url(i),
                invokes(sender, 40, start_nonce=40 * i, version=1 if i == 3 else 3),
            )
        # reverted ones too: unknown selector, n above the cap, wrong calldata length
        bad = invokes(sender, 3, start_nonce=1000)
        bad[0]["calldata"] = ["0x7", "0x1"]
        bad[1]["calldata"] = ["0x0", hex(10_001)]
        bad[2]["calldata"] = ["0x1"]
        hashes += submit(committee.url(0), bad)
        wait_committed(committee.url(0), hashes)
        yield committee, hashes
    finally:
        committee.stop()


def _recompute(tx: object) -> int:
    """starknet-py's own hash of a transaction it read from the node."""
    if isinstance(tx, InvokeTransactionV3):
        model = InvokeV3(
            version=3,
            signature=tx.signature,
            nonce=tx.nonce,
            tip=tx.tip,
            resource_bounds=tx.resource_bounds,
            calldata=tx.calldata,
            sender_address=tx.sender_address,
            account_deployment_data=tx.account_deployment_data,
        )
        return model.calculate_hash(CHAIN)
    assert isinstance(tx, InvokeTransactionV1)
    return InvokeV1(
        version=1,
        signature=tx.signature,
        nonce=tx.nonce,
        max_fee=tx.max_fee,
        calldata=tx.calldata,
        sender_address=tx.sender_address,
    ).calculate_hash(CHAIN)


def test_every_node_has_the_same_blocks(running: tuple[LocalCommittee, list[str]]) -> None:
    committee, hashes = running
    top = committee.height(0)
    for i in range(4):
        committee.wait_height(i, top)
    reference = block_hashes(committee.url(0), top)
    assert len(set(reference)) == top + 1
    for i in range(1, 4):
        assert block_hashes(committee.url(i), top) == reference
    for i in range(4):
        wait_committed(committee.url(i), hashes, timeout=30)


def test_empty_blocks_keep_time_visible(running: tuple[LocalCommittee, list[str]]) -> None:
    committee, _ = running
    before = committee.height(0)
    committee.wait_height(0, before + 2, timeout=30)


def test_starknet_py_reads_blocks_transactions_receipts(
    running: tuple[LocalCommittee, list[str]],
) -> None:
    committee, hashes = running
    client = FullNodeClient(node_url=committee.url(1))

    async def read() -> None:
        assert await client.spec_version() == "0.10.2"
        assert int(await client.get_chain_id(), 16) == CHAIN
        head = await client.get_block_hash_and_number()
        assert head.block_number == await client.get_block_number()
        assert await client.get_syncing_status() is False
        pending = await client.get_block()  # starknet-py's default block id: pre_confirmed
        assert pending.block_number > head.block_number - 1 and pending.transactions == []
        assert (await client.get_block_with_receipts()).transactions == []
        latest = await client.get_block_with_tx_hashes(block_number="latest")
        assert latest.block_number >= head.block_number
        seen = 0
        for number in range(head.block_number + 1):
            block = await client.get_block_with_txs(block_number=number)
            with_hashes = await client.get_block_with_tx_hashes(block_number=number)
            with_receipts = await client.get_block_with_receipts(block_hash=block.block_hash)
            assert block.block_hash == with_hashes.block_hash == with_receipts.block_hash
            if number:
                parent = await client.get_block_with_tx_hashes(block_number=number - 1)
                assert block.parent_hash == parent.block_hash
            assert await client.get_block_transaction_count(block_number=number) == len(
                block.transactions
            )
            for index, tx in enumerate(block.transactions):
                assert tx.hash == with_hashes.transactions[index]
                by_index = await client.get_transaction_by_block_id(index, block_number=number)
                assert by_index.hash == tx.hash
                seen += 1
        assert seen >= len(hashes)
        reverted = 0
        for tx_hash in hashes:
            tx = await client.get_transaction(tx_hash)
            receipt = await client.get_transaction_receipt(tx_hash)
            status = await client.get_transaction_status(tx_hash)
            assert status.finality_status == TransactionStatus.ACCEPTED_ON_L2
            assert receipt.block_number >= 1 and receipt.transaction_hash == int(tx_hash, 16)
            if receipt.execution_status == TransactionExecutionStatus.REVERTED:
                reverted += 1
                assert receipt.revert_reason and not receipt.events
                continue
            # the computed hash equals starknet-py's for the transaction it read back
            assert _recompute(tx) == int(tx_hash, 16)
            (event,) = receipt.events
            assert event.data[0] == tx.calldata[1]
        assert reverted == 3

    asyncio.run(read())


def test_starknet_py_sends_and_hashes_alike(running: tuple[LocalCommittee, list[str]]) -> None:
    committee, _ = running
    client = FullNodeClient(node_url=committee.url(2))
    tx = InvokeV3(
        version=3,
        signature=[1],
        nonce=5,
        tip=0,
        calldata=[0, 12],
        sender_address=random.getrandbits(64),
        resource_bounds=ResourceBoundsMapping(
            l1_gas=ResourceBounds(1, 2),
            l2_gas=ResourceBounds(3, 4),
            l1_data_gas=ResourceBounds(5, 6),
        ),
    )

    async def send() -> None:
        sent = await client.send_transaction(tx)
        assert sent.transaction_hash == tx.calculate_hash(CHAIN)
        await client.wait_for_tx(sent.transaction_hash, check_interval=0.2, retries=150)
        receipt = await client.get_transaction_receipt(sent.transaction_hash)
        assert receipt.events[0].data == [12, 144]

    asyncio.run(send())
    v1 = InvokeV1(
        version=1, signature=[], nonce=3, max_fee=99, calldata=[1, 6], sender_address=0xBEEF
    )
    (tx_hash,) = submit(
        committee.url(0),
        [
            {
                "type": "INVOKE",
                "version": "0x1",
                "sender_address": hex(0xBEEF),
                "calldata": ["0x1", "0x6"],
                "max_fee": hex(99),
                "signature": [],
                "nonce": "0x3",
            }
        ],
    )
    assert int(tx_hash, 16) == v1.calculate_hash(CHAIN)
    assert Path(committee.folder / "committee.json").exists()
