"""``index.json``: heights and per-block status for the explorer, updated with conditional writes.

Every update reads the index with its ETag, applies a change and writes it back with
``If-Match`` (``If-None-Match: *`` when it does not exist yet); a lost race re-reads and
re-applies, so concurrent updates from several watchers and indexers lose nothing. Each entry
also records when the block was first seen (``stored_at``) and, if its proof job had to be sent
again, when (``resent_at``; see :mod:`prover_lambda.reconcile`). Status only
moves forward: ``pending`` -> ``failed`` -> ``proven``; a proven block is never downgraded.
``proven_height`` is the highest block h such that every block from the lowest known one up to
h is proven (``null`` while none is).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from typing import Any

from prover_lambda.errors import ConditionFailed, ObjectNotFound, StorageError
from prover_lambda.layout import INDEX_KEY
from prover_lambda.records import now_iso
from prover_lambda.storage import Storage

PENDING, FAILED, PROVEN = "pending", "failed", "proven"
_RANK = {PENDING: 0, FAILED: 1, PROVEN: 2}
MAX_ATTEMPTS = 50

Change = Callable[[dict[str, Any]], None]


def empty_index() -> dict[str, Any]:
    """The index before any block is known."""
    return {"latest_block": None, "proven_height": None, "updated_at": now_iso(), "blocks": {}}


def _entry(index: dict[str, Any], number: int) -> dict[str, Any]:
    return index["blocks"].setdefault(
        str(number),
        {
            "status": PENDING,
            "block_hash": None,
            "tx_count": None,
            "steps": None,
            "prove_seconds": None,
            "proof_bytes": None,
            "proven_at": None,
            "error": None,
            "stored_at": now_iso(),
        },
    )


def _see(index: dict[str, Any], number: int) -> None:
    latest = index.get("latest_block")
    index["latest_block"] = number if latest is None else max(latest, number)


def mark_pending(number: int, block_hash: str | None, tx_count: int | None) -> Change:
    """A change recording that block ``number`` is stored and waits for its proof."""

    def change(index: dict[str, Any]) -> None:
        _see(index, number)
        entry = _entry(index, number)
        entry["block_hash"] = entry["block_hash"] or block_hash
        if entry["tx_count"] is None:
            entry["tx_count"] = tx_count

    return change


def mark_resent(numbers: list[int], at: str) -> Change:
    """A change recording that jobs for the still-pending blocks ``numbers`` were sent again."""

    def change(index: dict[str, Any]) -> None:
        for number in numbers:
            entry = index["blocks"].get(str(number))
            if entry is not None and entry["status"] == PENDING:
                entry["resent_at"] = at

    return change


def mark_failed(number: int, reason: str) -> Change:
    """A change recording that proving block ``number`` failed with ``reason``."""

    def change(index: dict[str, Any]) -> None:
        _see(index, number)
        entry = _entry(index, number)
        if _RANK[entry["status"]] <= _RANK[FAILED]:
            entry["status"] = FAILED
            entry["error"] = reason

    return change


def mark_proven(summary: dict[str, Any]) -> Change:
    """A change recording a block's summary (``proofs/<n>.json``)."""
    number = int(summary["block_number"])

    def change(index: dict[str, Any]) -> None:
        _see(index, number)
        entry = _entry(index, number)
        entry.update(
            status=PROVEN,
            block_hash=summary.get("block_hash"),
            tx_count=summary.get("tx_count", entry["tx_count"]),
            steps=summary.get("steps"),
            prove_seconds=summary.get("prove_seconds"),
            proof_bytes=summary.get("proof_bytes"),
            proven_at=summary.get("proven_at"),
            error=None,
        )

    return change


def proven_height(index: dict[str, Any]) -> int | None:
    """The highest block below which (from the lowest known block) every block is proven."""
    numbers = sorted(int(k) for k in index["blocks"])
    height = None
    expected = numbers[0] if numbers else 0
    for number in numbers:
        if number != expected or index["blocks"][str(number)]["status"] != PROVEN:
            break
        height = number
        expected += 1
    return height


def read_index(storage: Storage) -> tuple[dict[str, Any], str | None]:
    """The current index and its ETag (``None`` when there is no index yet)."""
    try:
        stored = storage.get(INDEX_KEY)
    except ObjectNotFound:
        return empty_index(), None
    try:
        index = json.loads(stored.data)
    except json.JSONDecodeError as exc:
        raise StorageError(INDEX_KEY, f"index is not JSON: {exc}") from exc
    return index, stored.etag


def update_index(storage: Storage, *changes: Change) -> dict[str, Any]:
    """Apply ``changes`` to the index atomically; retry when another writer got there first.

    Raises:
        StorageError: the storage failed, or the index stayed contended for MAX_ATTEMPTS tries.
    """
    for attempt in range(MAX_ATTEMPTS):
        index, etag = read_index(storage)
        for change in changes:
            change(index)
        index["proven_height"] = proven_height(index)
        index["updated_at"] = now_iso()
        data = json.dumps(index, indent=1, sort_keys=True).encode()
        try:
            if etag is None:
                storage.put(INDEX_KEY, data, create_only=True)
            else:
                storage.put(INDEX_KEY, data, if_match=etag)
            return index
        except ConditionFailed:
            time.sleep(random.uniform(0, 0.02 * (attempt + 1)))
    raise StorageError(INDEX_KEY, f"index still contended after {MAX_ATTEMPTS} attempts")
