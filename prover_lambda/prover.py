"""The prover (SQS: S3 events of ``blocks/<n>.json`` and range jobs): proves blocks, once.

For a block job it runs the block program on the block's succeeded transactions; if the run
fits ``PROVER_MAX_STEPS`` it proves it, stores ``proofs/<n>.proof`` and then the summary
``proofs/<n>.json``. If not, it cuts the transactions in two halves and sends each to its own
queue as a range job; a range job does the same for its range, so every proof fits the budget
(a single transaction over the budget is proven alone). A range stores its proof, then its part
record; the invocation that finds the part records tiling the whole block writes the summary.

Idempotent: a job for a block whose summary exists does nothing; a proof that is already
stored is verified and reused instead of being proven again (a prover killed after storing it),
and every write is create-only, so a block is never proven into two different objects.
Failures are logged with the block number and reason and written to ``failures/<n>.json``;
the message then fails, so the queue retries it and finally moves it to its dead-letter queue.
"""

from __future__ import annotations

import contextlib
import json
from enum import Enum
from typing import Any

from prover_lambda import proving
from prover_lambda.blocks import Block, parse_block
from prover_lambda.errors import (
    BlockError,
    ConditionFailed,
    CorruptBlock,
    JobFailed,
    ObjectNotFound,
    ProverLambdaError,
    RecordError,
)
from prover_lambda.events import QueueMessage, decode, sqs_messages
from prover_lambda.jobs import RangeJob
from prover_lambda.layout import (
    KeyKind,
    block_key,
    failure_key,
    parse_key,
    proof_key,
    range_part_key,
    range_prefix,
    range_proof_key,
    summary_key,
)
from prover_lambda.observability import MetricUnit, logger, metrics, tracer
from prover_lambda.records import Part, hex_list, now_iso, summarize
from prover_lambda.services import Services, services
from prover_lambda.storage import Storage


class Outcome(Enum):
    """What one job did."""

    PROVEN = "proven"  # the block's summary was written by this job
    ALREADY_PROVEN = "already_proven"  # the summary existed: nothing done
    SPLIT = "split"  # over budget: two range jobs were sent
    PART = "part"  # a range was proven; other ranges are still missing


def _load_block(storage: Storage, number: int) -> Block:
    try:
        stored = storage.get(block_key(number))
    except ObjectNotFound as exc:
        raise CorruptBlock(number, f"{block_key(number)} does not exist") from exc
    return parse_block(stored.data, number)


def _part_from_proof(storage: Storage, block: Block, key: str, first: int, last: int) -> Part:
    """The part record of a proof already stored under ``key``, after verifying it."""
    stored = storage.get(key)
    expected = proving.expected_output(block, block.txs[first : last + 1])
    checked = proving.check_proof(block.number, stored.data, expected)
    seconds = stored.metadata.get("prove-seconds")
    return _part(
        block.number,
        key,
        first,
        last,
        checked,
        prove_seconds=float(seconds) if seconds else None,
        proof_bytes=len(stored.data),
        proven_at=stored.metadata.get("proven-at") or now_iso(),
    )


def _part(
    number: int,
    key: str,
    first: int,
    last: int,
    checked: proving.CheckedProof,
    *,
    prove_seconds: float | None,
    proof_bytes: int,
    proven_at: str,
) -> Part:
    """The part record of the proof of transactions ``first..last`` stored under ``key``."""
    return Part(
        block_number=number,
        key=key,
        first=first,
        last=last,
        program_hash=checked.program_hash,
        preset=checked.preset,
        security_bits=checked.security_bits,
        insecure=checked.insecure,
        steps=checked.steps,
        prove_seconds=prove_seconds,
        proof_bytes=proof_bytes,
        output=tuple(hex_list(checked.output)),
        proven_at=proven_at,
    )


def _prove_part(svc: Services, block: Block, run: proving.RangeRun, key: str) -> Part:
    """Prove ``run`` and store its proof under ``key`` (create-only)."""
    proof = proving.prove_range(
        block, run, svc.config.proof_preset, verify=svc.config.verify_proofs
    )
    proven_at = now_iso()
    try:
        svc.storage.put(
            key,
            proof.proof,
            content_type="application/octet-stream",
            create_only=True,
            metadata={"prove-seconds": f"{proof.prove_seconds:.3f}", "proven-at": proven_at},
        )
    except ConditionFailed:
        logger.info(
            "proof stored meanwhile by another invocation; reusing it",
            extra={"block_number": block.number, "key": key},
        )
        return _part_from_proof(svc.storage, block, key, run.first, run.last)
    metrics.add_metric(name="ProveSeconds", unit=MetricUnit.Seconds, value=proof.prove_seconds)
    metrics.add_metric(name="ProofBytes", unit=MetricUnit.Bytes, value=len(proof.proof))
    logger.info(
        "proof stored",
        extra={
            "block_number": block.number,
            "key": key,
            "steps": proof.steps,
            "prove_seconds": round(proof.prove_seconds, 3),
            "proof_bytes": len(proof.proof),
        },
    )
    return _part(
        block.number,
        key,
        run.first,
        run.last,
        proof,
        prove_seconds=round(proof.prove_seconds, 3),
        proof_bytes=len(proof.proof),
        proven_at=proven_at,
    )


def _write_summary(storage: Storage, block: Block, parts: list[Part]) -> Outcome:
    output = hex_list(proving.expected_output(block, block.txs))
    summary = summarize(block.number, block.hash_hex, block.tx_count, parts, output)
    try:
        storage.put(summary_key(block.number), summary.to_json(), create_only=True)
    except ConditionFailed:
        return Outcome.ALREADY_PROVEN
    metrics.add_metric(name="BlocksProven", unit=MetricUnit.Count, value=1)
    logger.info(
        "block proven",
        extra={
            "block_number": block.number,
            "parts": len(parts),
            "steps": summary.steps,
            "prove_seconds": summary.prove_seconds,
            "proof_bytes": summary.proof_bytes,
        },
    )
    return Outcome.PROVEN


def tiling(parts: list[Part], count: int) -> list[Part] | None:
    """Parts that cover transactions ``0..count-1`` exactly once, in order; ``None`` if none do."""
    by_first: dict[int, list[Part]] = {}
    for part in parts:
        by_first.setdefault(part.first, []).append(part)

    def walk(position: int) -> list[Part] | None:
        if position == count:
            return []
        for part in sorted(by_first.get(position, []), key=lambda p: -p.last):
            rest = walk(part.last + 1)
            if rest is not None:
                return [part, *rest]
        return None

    return walk(0)


def _finish_split(storage: Storage, block: Block) -> Outcome:
    parts = []
    for key in storage.list(range_prefix(block.number)):
        parsed = parse_key(key)
        if parsed is not None and parsed.kind is KeyKind.RANGE_PART:
            try:
                parts.append(Part.from_json(storage.get(key).data))
            except (RecordError, ObjectNotFound):
                continue
    chosen = tiling(parts, len(block.txs))
    if chosen is None:
        return Outcome.PART
    return _write_summary(storage, block, chosen)


def prove_job(svc: Services, job: RangeJob) -> Outcome:
    """Carry out one block or range job (see the module's description).

    Raises:
        CorruptBlock: the block object is missing or unreadable.
        BlockRejected: the block program refuses the block.
        ProverLambdaError: storage, queue or proof failures.
    """
    storage, number = svc.storage, job.block_number
    if storage.exists(summary_key(number)):
        logger.info("block already proven; nothing to do", extra={"block_number": number})
        return Outcome.ALREADY_PROVEN
    block = _load_block(storage, number)
    first = job.first
    last = len(block.txs) - 1 if job.last is None else job.last
    if not job.whole and (last >= len(block.txs) or first > last):
        raise CorruptBlock(number, f"range {first}-{last} is outside its {len(block.txs)} txs")
    key = proof_key(number) if job.whole else range_proof_key(number, first, last)
    if storage.exists(key):
        logger.info(
            "proof already stored; verifying and reusing it",
            extra={"block_number": number, "key": key},
        )
        part = _part_from_proof(storage, block, key, first, last)
    else:
        run = proving.run_range(block, first, last)
        if run.steps > svc.config.max_steps and last > first:
            return _split(svc, block, first, last, run.steps)
        logger.info(
            "proving",
            extra={
                "block_number": number,
                "range": [first, last],
                "steps": run.steps,
                "preset": svc.config.proof_preset,
            },
        )
        part = _prove_part(svc, block, run, key)
    if job.whole:
        return _write_summary(storage, block, [part])
    with contextlib.suppress(ConditionFailed):
        storage.put(range_part_key(number, first, last), part.to_json(), create_only=True)
    metrics.add_metric(name="RangesProven", unit=MetricUnit.Count, value=1)
    return _finish_split(storage, block)


def _split(svc: Services, block: Block, first: int, last: int, steps: int) -> Outcome:
    if svc.jobs is None:
        raise JobFailed(
            block.number,
            f"{steps} steps exceed PROVER_MAX_STEPS="
            f"{svc.config.max_steps} and PROVER_QUEUE_URL is not set to split it",
        )
    middle = (first + last) // 2
    halves = (RangeJob(block.number, first, middle), RangeJob(block.number, middle + 1, last))
    for job in halves:
        svc.jobs.send(job)
    metrics.add_metric(name="RangesSplit", unit=MetricUnit.Count, value=1)
    logger.info(
        "over the step budget; split",
        extra={
            "block_number": block.number,
            "range": [first, last],
            "steps": steps,
            "budget": svc.config.max_steps,
            "jobs": [[j.first, j.last] for j in halves],
        },
    )
    return Outcome.SPLIT


def record_failure(
    storage: Storage, job: RangeJob, error: BaseException, message: QueueMessage, max_count: int
) -> dict[str, Any]:
    """Log the failure with block number and reason and write ``failures/<n>.json``."""
    reason = error.reason if isinstance(error, BlockError) else f"{type(error).__name__}: {error}"
    record = {
        "block_number": job.block_number,
        "range": [job.first, job.last],
        "reason": reason,
        "error_type": type(error).__name__,
        "attempt": message.receive_count,
        "max_attempts": max_count,
        "dead_letter": message.receive_count >= max_count,
        "message_id": message.message_id,
        "failed_at": now_iso(),
    }
    logger.error("block failed", extra=record)
    metrics.add_metric(name="BlocksFailed", unit=MetricUnit.Count, value=1)
    try:
        storage.put(failure_key(job.block_number), json.dumps(record, indent=1).encode())
    except ProverLambdaError as exc:
        logger.error("cannot write the failure record", extra={"error": str(exc)})
    return record


def jobs_of(message: QueueMessage) -> list[RangeJob]:
    """The jobs one message asks for (block objects written, or a range job)."""
    decoded = decode(message)
    if decoded.job is not None:
        return [decoded.job]
    jobs = []
    for key in decoded.keys:
        parsed = parse_key(key)
        if parsed is not None and parsed.kind is KeyKind.BLOCK and parsed.block_number is not None:
            jobs.append(RangeJob(parsed.block_number))
        else:
            logger.info("not a block object; ignored", extra={"key": key})
    return jobs


@tracer.capture_lambda_handler
@metrics.log_metrics(raise_on_empty_metrics=False)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point. Raises the first failure so the queue retries the message."""
    svc = services()
    done: list[dict[str, Any]] = []
    failures: list[BaseException] = []
    for message in sqs_messages(event):
        try:
            jobs = jobs_of(message)
        except ProverLambdaError as exc:
            logger.error(
                "unreadable message", extra={"message_id": message.message_id, "reason": str(exc)}
            )
            failures.append(exc)
            continue
        for job in jobs:
            try:
                outcome = prove_job(svc, job)
            except Exception as exc:  # every failure is recorded, then the message fails
                record_failure(svc.storage, job, exc, message, svc.config.max_receive_count)
                failures.append(exc)
                continue
            done.append(
                {
                    "block_number": job.block_number,
                    "range": [job.first, job.last],
                    "outcome": outcome.value,
                }
            )
    metrics.add_metric(name="JobsDone", unit=MetricUnit.Count, value=len(done))
    if failures:
        raise failures[0]
    return {"jobs": done}
