"""The watcher (scheduled): copies new blocks from the nodes into ``blocks/<n>.json``.

Each run reads the durable cursor, asks a node for the latest block number, fetches up to
``WATCHER_MAX_BLOCKS`` blocks from the cursor on (falling over between ``NODE_RPC_URLS``),
creates each block object only if it does not exist, marks the new blocks pending in the index,
and only then advances the cursor. A watcher killed at any point, or two watchers at once,
leave every block written exactly once and none skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prover_lambda import index as index_mod
from prover_lambda.blocks import encode_block
from prover_lambda.config import Config
from prover_lambda.cursor import advance_cursor, read_cursor
from prover_lambda.errors import ConditionFailed, RpcError
from prover_lambda.layout import block_key
from prover_lambda.observability import MetricUnit, logger, metrics, tracer
from prover_lambda.reconcile import reconcile
from prover_lambda.rpc import BLOCK_NOT_FOUND, NO_BLOCKS, NodeClient
from prover_lambda.services import services
from prover_lambda.storage import Storage


@dataclass(frozen=True)
class WatchReport:
    """What one watcher run did."""

    latest: int
    written: tuple[int, ...]
    already_stored: tuple[int, ...]
    next_block: int


def _pending(result: dict[str, Any], number: int) -> index_mod.Change:
    txs = result.get("transactions")
    block_hash = result.get("block_hash")
    return index_mod.mark_pending(
        number,
        block_hash if isinstance(block_hash, str) else None,
        len(txs) if isinstance(txs, list) else None,
    )


def watch(config: Config, storage: Storage, nodes: NodeClient) -> WatchReport:
    """One watcher run.

    Raises:
        NodesUnavailable: no node answered.
        RpcError: a node refused a call.
        StorageError: the storage failed.
    """
    cursor = read_cursor(storage, config.watcher_start_block)
    try:
        latest = nodes.block_number()
    except RpcError as exc:
        if exc.code != NO_BLOCKS:
            raise
        return WatchReport(-1, (), (), cursor.next_block)
    end = min(latest, cursor.next_block + config.watcher_max_blocks - 1)
    written: list[int] = []
    stored: list[int] = []
    changes: list[index_mod.Change] = []
    for number in range(cursor.next_block, end + 1):
        if storage.exists(block_key(number)):
            stored.append(number)
            changes.append(index_mod.mark_pending(number, None, None))
            continue
        try:
            result = nodes.block_with_receipts(number)
        except RpcError as exc:
            if exc.code != BLOCK_NOT_FOUND:
                raise
            # the node that answered lags behind the one that gave `latest`: next run
            logger.info("block not served yet", extra={"block_number": number})
            end = number - 1
            break
        try:
            storage.put(block_key(number), encode_block(result), create_only=True)
        except ConditionFailed:
            stored.append(number)
            changes.append(_pending(result, number))
            continue
        written.append(number)
        changes.append(_pending(result, number))
        logger.info("block stored", extra={"block_number": number, "key": block_key(number)})
    if changes:
        index_mod.update_index(storage, *changes)
    next_block = cursor.next_block
    if end >= cursor.next_block:
        next_block = advance_cursor(storage, cursor, end + 1, config.watcher_start_block).next_block
    return WatchReport(latest, tuple(written), tuple(stored), next_block)


@tracer.capture_lambda_handler
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point (a schedule event; its content is not used)."""
    svc = services()
    report = watch(svc.config, svc.storage, svc.nodes)
    metrics.add_metric(name="BlocksStored", unit=MetricUnit.Count, value=len(report.written))
    if svc.config.resend_after_s > 0:
        repaired = reconcile(svc.storage, svc.jobs, after_s=svc.config.resend_after_s)
        if repaired.indexed or repaired.resent:
            metrics.add_metric(name="JobsResent", unit=MetricUnit.Count, value=len(repaired.resent))
            logger.warning(
                "stale pending blocks repaired",
                extra={"indexed": list(repaired.indexed), "resent": list(repaired.resent)},
            )
    logger.info(
        "watcher run",
        extra={
            "latest": report.latest,
            "written": list(report.written),
            "already_stored": list(report.already_stored),
            "next_block": report.next_block,
        },
    )
    return {
        "latest": report.latest,
        "written": list(report.written),
        "next_block": report.next_block,
    }
