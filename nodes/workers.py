"""CPU-heavy work off the event loop, in worker processes: transaction hashes in one pool,
executing and hashing blocks in another.

Why processes and not threads: starknet-py's Pedersen (INVOKE v1), and its Poseidon where numba
is missing, run as many short C calls (ctypes), each releasing and re-taking the GIL. A thread
doing that while the event loop is busy waits up to the interpreter's switch interval (5 ms)
for every re-take, so one INVOKE v3 hash (13 permutations) could take 65 ms instead of 1 ms. A
worker process has its own GIL, and keeps hashing off the event loop's core either way.

Requests made in the same event-loop turn are sent to a worker as one job.

In a worker, starknet-py's transaction hashes use the node's compiled Poseidon, with short inputs
memoised (:func:`nodes.poseidon.install`). The formulas are starknet-py's own, unchanged, and the
tests compare the node's hashes with starknet-py's.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from nodes import poseidon
from nodes.blocks import ChainBlock
from nodes.execution import Executor, Receipt
from nodes.transactions import Felt, InvokeTransaction

_EXECUTOR: Executor | None = None


def _warm_up(parent: int) -> None:
    """Runs once in each worker: exit with the node, import the heavy modules (starknet-py,
    the VM, the compiled hash) before the first job, and hash with the node's Poseidon."""
    global _EXECUTOR
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _EXECUTOR = Executor()
    poseidon.install()
    poseidon.poseidon_hash_many([1, 2])  # loads (or compiles) the kernel now


def _exit_with(parent: int) -> None:
    """A node killed with SIGKILL cannot stop its workers: they notice and exit."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _hash_all(txs: list[InvokeTransaction], chain_id: int) -> list[Felt]:
    return [tx.hash(chain_id) for tx in txs]


def execute_block(
    txs: list[tuple[Felt, InvokeTransaction]], head: ChainBlock, timestamp: int, sequencer: Felt
) -> tuple[list[Receipt], ChainBlock]:
    """Execute `txs` and build the chain block after `head` holding them."""
    executor = _EXECUTOR or Executor()
    receipts = [executor.execute(h, tx) for h, tx in txs]
    block = ChainBlock.build(
        number=head.number + 1,
        parent_hash=head.hash,
        timestamp=timestamp,
        sequencer_address=sequencer,
        receipts=receipts,
    )
    return receipts, block


class Workers:
    """Two small process pools: one for transaction hashes (with request batching), one for
    executing blocks, so that a slow Cairo call never delays an RPC answer or a batch check."""

    def __init__(self, chain_id: int, processes: int = 1) -> None:
        self._chain_id = chain_id
        self._processes = processes
        self._hash_pool: ProcessPoolExecutor | None = None
        self._exec_pool: ProcessPoolExecutor | None = None
        self._pending: list[tuple[InvokeTransaction, asyncio.Future[Felt]]] = []

    async def start(self) -> None:
        def pool(processes: int) -> ProcessPoolExecutor:
            return ProcessPoolExecutor(
                max_workers=processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm_up,
                initargs=(os.getpid(),),
            )

        self._hash_pool = pool(self._processes)
        self._exec_pool = pool(1)
        loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(loop.run_in_executor(self._hash_pool, _noop) for _ in range(self._processes)),
            loop.run_in_executor(self._exec_pool, _noop),
        )

    def close(self) -> None:
        for pool in (self._hash_pool, self._exec_pool):
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)

    async def run(self, fn: Any, *args: Any) -> Any:
        """Run a module-level function in the execution worker."""
        assert self._exec_pool is not None, "Workers.start() first"
        return await asyncio.get_running_loop().run_in_executor(self._exec_pool, fn, *args)

    async def hash(self, tx: InvokeTransaction) -> Felt:
        """The Starknet hash of `tx` (batched with other requests of this loop turn)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Felt] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)
        self._pending.append((tx, future))
        return await future

    async def hashes(self, txs: list[InvokeTransaction]) -> list[Felt]:
        assert self._hash_pool is not None, "Workers.start() first"
        return await asyncio.get_running_loop().run_in_executor(
            self._hash_pool, _hash_all, txs, self._chain_id
        )

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        assert self._hash_pool is not None, "Workers.start() first"
        task = asyncio.get_running_loop().run_in_executor(
            self._hash_pool, _hash_all, [tx for tx, _ in batch], self._chain_id
        )

        def settle(done: asyncio.Future[list[Felt]]) -> None:
            error = done.exception()
            for i, (_, future) in enumerate(batch):
                if future.done():
                    continue
                if error is not None:
                    future.set_exception(error)
                else:
                    future.set_result(done.result()[i])

        task.add_done_callback(settle)


def _noop() -> None:
    return None
