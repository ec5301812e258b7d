"""Turns the committed consensus sequence into the numbered chain, deterministically.

For each committed consensus block, in commit order: the transactions of its batches (in
payload order, skipping batches and transaction hashes already in the chain) are executed;
if there are any, they form the next chain block; if there are none, an empty chain block is
still made when the consensus block's timestamp is at least `empty_block_interval_ms` past
the last chain block's, so time stays visible. A chain block's timestamp (seconds) is the
consensus block's, never less than its parent's; its sequencer address is the proposer's key.
Because all of this depends only on committed consensus blocks and the committee's chain
parameters, every honest node builds the same blocks with the same hashes.

Block, transactions, receipts and the consensus round are written in one durable SQLite
transaction; on restart the consensus core resumes committing after that round.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from nodes.blocks import ChainBlock, sequencer_felt
from nodes.committee import ChainParams
from nodes.consensus.messages import Block, Round
from nodes.crypto import Digest
from nodes.errors import MalformedMessage, StoreError
from nodes.execution import Receipt
from nodes.mempool.messages import Batch
from nodes.store import Store
from nodes.transactions import Felt, InvokeTransaction

log = logging.getLogger(__name__)

Listener = Callable[[ChainBlock | None, Block, list[Felt]], None]
# (transactions, parent chain block, timestamp, sequencer) -> (receipts, new chain block)
ExecuteFn = Callable[
    [list[tuple[Felt, InvokeTransaction]], ChainBlock, int, Felt],
    Awaitable[tuple[list[Receipt], ChainBlock]],
]


class Ledger:
    """Executes committed blocks in order and appends the chain."""

    def __init__(
        self,
        store: Store,
        chain: ChainParams,
        batches: Callable[[Digest], Batch | None],
        execute: ExecuteFn,
    ) -> None:
        self._store = store
        self._batches = batches
        self._execute = execute
        self._chain = chain
        head = store.latest_block()
        if head is None:
            head = ChainBlock.genesis(chain.genesis_timestamp)
            store.write_genesis(head)
        self.head: ChainBlock = head
        self.executed_round: Round = store.executed_round()
        self._queue: asyncio.Queue[Block] = asyncio.Queue()
        self._listeners: list[Listener] = []
        self._task: asyncio.Task[None] | None = None

    def subscribe(self, listener: Listener) -> None:
        """Called after each committed consensus block: (new chain block or None, block,
        committed transaction hashes)."""
        self._listeners.append(listener)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def enqueue(self, blocks: list[Block]) -> None:
        for block in blocks:
            self._queue.put_nowait(block)

    @property
    def backlog(self) -> int:
        return self._queue.qsize()

    async def _run(self) -> None:
        while True:
            block = await self._queue.get()
            while True:
                try:
                    await self._apply(block)
                    break
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("executing block of round %d failed; retrying", block.round)
                    await asyncio.sleep(1)

    def _transactions(self, block: Block) -> list[tuple[Felt, InvokeTransaction]]:
        txs: list[tuple[Felt, InvokeTransaction]] = []
        seen: set[Felt] = set()
        for digest in block.payload:
            if self._store.batch_committed(digest):
                continue
            try:
                batch = self._batches(digest)
            except MalformedMessage as exc:
                raise StoreError(f"stored batch {digest.hex()} is corrupt") from exc
            if batch is None:
                raise StoreError(f"batch {digest.hex()} of a committed block is not stored")
            for tx_hash, tx in batch.txs:
                if tx_hash not in seen:
                    seen.add(tx_hash)
                    txs.append((tx_hash, tx))
        done = self._store.committed_among([h for h, _ in txs])
        if done:
            txs = [(h, tx) for h, tx in txs if h not in done]
        return txs

    async def _apply(self, block: Block) -> None:
        if block.round <= self.executed_round:
            return
        txs = self._transactions(block)
        head = self.head
        timestamp = max(block.timestamp_ms // 1000, head.timestamp)
        due = block.timestamp_ms - head.timestamp * 1000 >= self._chain.empty_block_interval_ms
        new: ChainBlock | None = None
        receipts: list[Receipt] = []
        if txs or due:
            receipts, new = await self._execute(txs, head, timestamp, sequencer_felt(block.author))
        await self._store.commit_chain(
            block=new, txs=txs, receipts=receipts, batches=block.payload, executed_round=block.round
        )
        self.executed_round = block.round
        if new is not None:
            self.head = new
        hashes = [h for h, _ in txs]
        for listener in self._listeners:
            listener(new, block, hashes)
