"""Group commit: one thread owns SQLite's write connection and batches queued writes.

Writers on the event loop enqueue a job (a list of statements) and, when the write must be
durable, await its future. The thread takes every job queued at that moment, runs them in
one transaction (each inside its own savepoint, so a failing job fails alone), commits with
synchronous=FULL if any of them asked for durability (one fsync for the whole group), and
then settles their futures. Jobs are applied in the order they were queued, and the WAL is
synced as a whole, so a durable write also makes every earlier write durable.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nodes.errors import StoreError

log = logging.getLogger(__name__)

Statement = tuple[str, Any]  # params: a tuple for execute, a list of tuples for executemany
Done = Callable[[BaseException | None], None]
MAX_GROUP = 256


@dataclass
class _Job:
    statements: Sequence[Statement]
    durable: bool
    done: Done | None


class GroupWriter:
    """The single writer of one SQLite database file."""

    def __init__(self, path: str, schema: str) -> None:
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(schema)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        self._durable = True
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
        self._thread.start()

    def submit(self, statements: Sequence[Statement], durable: bool = True) -> asyncio.Future[None]:
        """Queue a write; the future resolves once it is committed (and synced if durable)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()

        def done(error: BaseException | None) -> None:
            loop.call_soon_threadsafe(_settle, future, error)

        self._queue.put(_Job(statements, durable, done))
        return future

    def submit_nowait(self, statements: Sequence[Statement]) -> None:
        """Queue a write nobody waits for (synced with the next durable write)."""
        self._queue.put(_Job(statements, False, None))

    def write_now(self, statements: Sequence[Statement] = ()) -> None:
        """Blocking durable write (also: wait for everything queued before it).

        Raises:
            StoreError: the write failed.
        """
        future: concurrent.futures.Future[None] = concurrent.futures.Future()

        def done(error: BaseException | None) -> None:
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error)

        self._queue.put(_Job(statements, True, done))
        future.result()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)
        self._db.close()

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            jobs = [job]
            stop = False
            while len(jobs) < MAX_GROUP:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                jobs.append(nxt)
            self._commit(jobs)
            if stop:
                return

    def _commit(self, jobs: list[_Job]) -> None:
        durable = any(j.durable for j in jobs)
        results: list[BaseException | None] = []
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
            if job.done is not None:
                job.done(error)
            elif error is not None:
                log.error("unawaited store write failed: %s", error)

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


def _settle(future: asyncio.Future[None], error: BaseException | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
