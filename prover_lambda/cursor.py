"""The watcher's durable cursor: the next block number to fetch, kept in the bucket.

The cursor is advanced with a conditional write and never moves backwards: when two watchers
race, the loser re-reads and keeps the larger value. It only ever passes block n after
``blocks/<n>.json`` exists, so no block is skipped; blocks themselves are created with
``If-None-Match: *``, so none is written twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from prover_lambda.errors import ConditionFailed, ObjectNotFound, StorageError
from prover_lambda.layout import CURSOR_KEY
from prover_lambda.records import now_iso
from prover_lambda.storage import Storage

MAX_ATTEMPTS = 20


@dataclass(frozen=True)
class Cursor:
    """The next block to fetch and the ETag it was read with (``None``: not stored yet)."""

    next_block: int
    etag: str | None


def read_cursor(storage: Storage, start_block: int) -> Cursor:
    """The stored cursor, or ``start_block`` when there is none."""
    try:
        stored = storage.get(CURSOR_KEY)
    except ObjectNotFound:
        return Cursor(start_block, None)
    try:
        next_block = int(json.loads(stored.data)["next_block"])
    except (ValueError, KeyError, TypeError) as exc:
        raise StorageError(CURSOR_KEY, f"unreadable cursor: {exc}") from exc
    return Cursor(max(next_block, start_block), stored.etag)


def advance_cursor(storage: Storage, cursor: Cursor, next_block: int, start_block: int) -> Cursor:
    """Move the cursor to at least ``next_block``; return the cursor as stored afterwards.

    Raises:
        StorageError: the storage failed or the cursor stayed contended.
    """
    for _ in range(MAX_ATTEMPTS):
        if cursor.next_block >= next_block and cursor.etag is not None:
            return cursor
        target = max(cursor.next_block, next_block)
        data = json.dumps({"next_block": target, "updated_at": now_iso()}).encode()
        try:
            if cursor.etag is None:
                etag = storage.put(CURSOR_KEY, data, create_only=True)
            else:
                etag = storage.put(CURSOR_KEY, data, if_match=cursor.etag)
            return Cursor(target, etag)
        except ConditionFailed:
            cursor = read_cursor(storage, start_block)
    raise StorageError(CURSOR_KEY, f"cursor still contended after {MAX_ATTEMPTS} attempts")
