"""Seals incoming transactions into batches: at `batch_size` transactions or `max_delay`
after the first one, whichever comes first."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from nodes.transactions import Felt, InvokeTransaction

Entry = tuple[Felt, InvokeTransaction]
SealFn = Callable[[list[Entry], list[asyncio.Future[None]]], Awaitable[None]]


class BatchMaker:
    """Accumulates transactions and hands each full (or timed-out) batch to `seal`."""

    def __init__(self, batch_size: int, max_delay_ms: int, seal: SealFn) -> None:
        self._size = batch_size
        self._delay = max_delay_ms / 1000
        self._seal = seal
        self._txs: list[Entry] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._txs)

    def add(self, tx_hash: Felt, tx: InvokeTransaction) -> asyncio.Future[None]:
        """Queue a transaction; the future resolves once its batch is stored durably."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._txs.append((tx_hash, tx))
        self._waiters.append(future)
        if len(self._txs) >= self._size:
            self.flush()
        elif self._timer is None:
            self._timer = loop.call_later(self._delay, self.flush)
        return future

    def flush(self) -> None:
        """Seal whatever is pending now."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._txs:
            return
        txs, waiters = self._txs, self._waiters
        self._txs, self._waiters = [], []
        task = asyncio.create_task(self._seal(txs, waiters))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
