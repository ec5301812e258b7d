"""Repairs what a lost event would leave behind, from the watcher's schedule.

S3 notifications and queues deliver at least once, almost always; a notification configured
after a block was written, or an event lost on the way, would leave a block stored but never
proven, or proven but never indexed. Each watcher run looks at the index's blocks still
``pending`` since longer than ``WATCHER_RESEND_AFTER_S`` (since they were stored, or since their
job was last sent again): one whose summary or failure record exists is indexed from it; one
with neither gets its block job sent again to the prover's queue. The prover being idempotent,
a job sent again for a block whose proof was merely slow costs work, never a second proof.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from prover_lambda import index as index_mod
from prover_lambda.indexer import change_for
from prover_lambda.jobs import JobQueue, RangeJob
from prover_lambda.layout import block_key, failure_key, summary_key
from prover_lambda.storage import Storage


@dataclass(frozen=True)
class ReconcileReport:
    """Blocks indexed from records found, and blocks whose job was sent again."""

    indexed: tuple[int, ...]
    resent: tuple[int, ...]


def _age_s(stamp: str | None, now: datetime) -> float:
    if not stamp:
        return float("inf")
    try:
        then = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return float("inf")
    return (now - then).total_seconds()


def stale_pending(index: dict, now: datetime, after_s: float) -> list[int]:
    """Pending blocks untouched for more than ``after_s`` seconds, oldest number first."""
    stale = []
    for key, entry in index["blocks"].items():
        if entry.get("status") != index_mod.PENDING:
            continue
        if _age_s(entry.get("resent_at") or entry.get("stored_at"), now) > after_s:
            stale.append(int(key))
    return sorted(stale)


def reconcile(
    storage: Storage,
    jobs: JobQueue | None,
    *,
    after_s: float,
    now: datetime | None = None,
    limit: int = 20,
) -> ReconcileReport:
    """Index or re-send up to ``limit`` stale pending blocks (see the module's description).

    Raises:
        StorageError, QueueError: the bucket or the queue failed.
    """
    now = now or datetime.now(UTC)
    index, _ = index_mod.read_index(storage)
    changes: list[index_mod.Change] = []
    indexed: list[int] = []
    resent: list[int] = []
    for number in stale_pending(index, now, after_s)[:limit]:
        change = change_for(storage, summary_key(number)) or change_for(
            storage, failure_key(number)
        )
        if change is not None:
            changes.append(change)
            indexed.append(number)
        elif jobs is not None and storage.exists(block_key(number)):
            jobs.send(RangeJob(number))
            resent.append(number)
    if resent:
        stamp = now.isoformat(timespec="seconds").replace("+00:00", "Z")
        changes.append(index_mod.mark_resent(resent, stamp))
    if changes:
        index_mod.update_index(storage, *changes)
    return ReconcileReport(tuple(indexed), tuple(resent))
