"""Group commit on the event loop: writes queued during one loop turn share one transaction.

A writer enqueues a job (a list of statements) and, when the write must be durable, awaits
its future. The first job of a loop turn schedules a flush for the end of that turn; the flush
runs every queued job in one transaction (each inside its own savepoint, so a failing job fails
alone), commits with synchronous=FULL if any job asked for durability (one fsync for the
group, synchronous=NORMAL otherwise), and settles the futures. Jobs are applied in queue order
and the WAL is synced as a whole, so a durable write also makes every earlier write durable.

The writes run on the loop's thread on purpose: sqlite releases the GIL around each step, and a
writer thread would wait for the GIL again after every row while the loop is busy.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nodes.errors import StoreError

log = logging.getLogger(__name__)

Statement = tuple[str, Any]  # params: a tuple for execute, a list of tuples for executemany


@dataclass
class _Job:
    statements: Sequence[Statement]
    durable: bool
    future: asyncio.Future[None] | None


class GroupWriter:
    """Batches the writes of one SQLite connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._durable = True
        self._db.execute("PRAGMA synchronous=FULL")
        self._jobs: list[_Job] = []

    def submit(self, statements: Sequence[Statement], durable: bool = True) -> asyncio.Future[None]:
        """Queue a write; the future resolves once it is committed (and synced if durable)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._queue(loop, _Job(statements, durable, future))
        return future

    def submit_nowait(self, statements: Sequence[Statement]) -> None:
        """Queue a write nobody waits for (synced with the next durable write)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.write_now(statements, durable=False)
            return
        self._queue(loop, _Job(statements, False, None))

    def write_now(self, statements: Sequence[Statement] = (), durable: bool = True) -> None:
        """Commit everything queued plus `statements`, now (blocking).

        Raises:
            StoreError: the write failed.
        """
        job = _Job(statements, durable, None)
        self._jobs.append(job)
        errors = self._flush()
        if errors.get(id(job)) is not None:
            raise errors[id(job)]  # type: ignore[misc]

    def _queue(self, loop: asyncio.AbstractEventLoop, job: _Job) -> None:
        if not self._jobs:
            loop.call_soon(self._flush)
        self._jobs.append(job)

    def _flush(self) -> dict[int, BaseException | None]:
        jobs, self._jobs = self._jobs, []
        if not jobs:
            return {}
        durable = any(j.durable for j in jobs)
        results: list[BaseException | None]
        try:
            if durable != self._durable:
                self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
                self._durable = durable
            self._db.execute("BEGIN IMMEDIATE")
            results = [self._run_job(job) for job in jobs]
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            results = [StoreError(f"write failed: {exc}")] * len(jobs)
        for job, error in zip(jobs, results, strict=True):
            if job.future is not None:
                if job.future.done():
                    continue
                if error is None:
                    job.future.set_result(None)
                else:
                    job.future.set_exception(error)
            elif error is not None and job.statements:
                log.error("unawaited store write failed: %s", error)
        return {id(job): error for job, error in zip(jobs, results, strict=True)}

    def _run_job(self, job: _Job) -> BaseException | None:
        self._db.execute("SAVEPOINT job")
        try:
            for sql, params in job.statements:
                if isinstance(params, list):
                    self._db.executemany(sql, params)
                else:
                    self._db.execute(sql, params)
        except sqlite3.Error as exc:
            self._db.execute("ROLLBACK TO job")
            self._db.execute("RELEASE job")
            return StoreError(f"write failed: {exc}")
        self._db.execute("RELEASE job")
        return None
