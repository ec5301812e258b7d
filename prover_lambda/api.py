"""What the REST API answers, computed from storage (no web framework here).

``chalice_app.app`` routes ``GET /status`` to :func:`status` and ``GET /blocks/{n}/proof`` to
:func:`block_proof`; both read only what the handlers wrote.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from prover_lambda.errors import ObjectNotFound, StorageError
from prover_lambda.index import read_index
from prover_lambda.layout import summary_key
from prover_lambda.storage import Storage


def status(storage: Storage) -> dict[str, Any]:
    """Heights, counts per status and the index's age."""
    index, _ = read_index(storage)
    counts = Counter(entry.get("status") for entry in index["blocks"].values())
    return {
        "latest_block": index["latest_block"],
        "proven_height": index["proven_height"],
        "updated_at": index["updated_at"],
        "blocks": {
            "pending": counts["pending"],
            "proven": counts["proven"],
            "failed": counts["failed"],
        },
    }


def block_proof(storage: Storage, number: int) -> dict[str, Any]:
    """Block ``number``'s proof summary.

    Raises:
        ObjectNotFound: the block is not proven (yet).
        StorageError: the summary is unreadable.
    """
    key = summary_key(number)
    data = storage.get(key).data
    try:
        summary: dict[str, Any] = json.loads(data)
    except json.JSONDecodeError as exc:
        raise StorageError(key, f"not JSON: {exc}") from exc
    return summary


__all__ = ["ObjectNotFound", "block_proof", "status"]
