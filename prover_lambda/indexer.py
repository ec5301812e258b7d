"""The indexer (SQS: S3 events of ``proofs/`` and ``failures/``): keeps ``index.json`` current.

A summary ``proofs/<n>.json`` marks block n proven with its timings and sizes; a failure
record ``failures/<n>.json`` marks it failed with the reason (never over a proven block). Other
keys under ``proofs/`` (proofs, range part records) are ignored. All changes of one message go
into one conditional update of the index.
"""

from __future__ import annotations

import json
from typing import Any

from prover_lambda import index as index_mod
from prover_lambda.errors import ObjectNotFound, ProverLambdaError, StorageError
from prover_lambda.events import decode, sqs_messages
from prover_lambda.layout import KeyKind, parse_key
from prover_lambda.observability import MetricUnit, logger, metrics, tracer
from prover_lambda.services import services
from prover_lambda.storage import Storage


def change_for(storage: Storage, key: str) -> index_mod.Change | None:
    """The index change an S3 object implies, or ``None`` for keys the index ignores."""
    parsed = parse_key(key)
    if parsed is None or parsed.kind not in (KeyKind.SUMMARY, KeyKind.FAILURE):
        return None
    try:
        record = json.loads(storage.get(key).data)
    except ObjectNotFound:
        return None
    except json.JSONDecodeError as exc:
        raise StorageError(key, f"not JSON: {exc}") from exc
    if parsed.kind is KeyKind.SUMMARY:
        return index_mod.mark_proven(record)
    return index_mod.mark_failed(int(record["block_number"]), str(record.get("reason")))


def index_keys(storage: Storage, keys: list[str]) -> dict[str, Any] | None:
    """Apply the changes of ``keys`` to the index; the new index, or ``None`` if none applied."""
    changes = [c for c in (change_for(storage, k) for k in keys) if c is not None]
    if not changes:
        return None
    return index_mod.update_index(storage, *changes)


@tracer.capture_lambda_handler
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point."""
    svc = services()
    keys: list[str] = []
    for message in sqs_messages(event):
        try:
            keys.extend(decode(message).keys)
        except ProverLambdaError as exc:
            logger.error(
                "unreadable message", extra={"message_id": message.message_id, "reason": str(exc)}
            )
            raise
    index = index_keys(svc.storage, keys)
    metrics.add_metric(name="IndexUpdates", unit=MetricUnit.Count, value=int(index is not None))
    if index is None:
        return {"indexed": []}
    logger.info(
        "index updated",
        extra={
            "keys": keys,
            "latest_block": index["latest_block"],
            "proven_height": index["proven_height"],
        },
    )
    return {
        "indexed": keys,
        "latest_block": index["latest_block"],
        "proven_height": index["proven_height"],
    }
