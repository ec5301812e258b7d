"""Lambda events as delivered by SQS: S3 notification records and range jobs, decoded.

An SQS-triggered Lambda receives ``{"Records": [{"messageId", "body", "attributes", ...}]}``.
A body is either an S3 event notification (``{"Records": [{"s3": {"object": {"key": ...}}}]}``,
keys URL-encoded as S3 sends them), S3's ``s3:TestEvent`` sent when notifications are set up,
or a :class:`~prover_lambda.jobs.RangeJob`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from prover_lambda.errors import EventError
from prover_lambda.jobs import JOB_KIND, RangeJob


@dataclass(frozen=True)
class QueueMessage:
    """One SQS record of a Lambda event."""

    message_id: str
    body: str
    receive_count: int


@dataclass(frozen=True)
class Decoded:
    """What one message asks for: S3 keys that were written, or a range job."""

    keys: tuple[str, ...] = ()
    job: RangeJob | None = None


def sqs_messages(event: dict[str, Any]) -> Iterator[QueueMessage]:
    """The SQS records of a Lambda event.

    Raises:
        EventError: the event is not an SQS event.
    """
    records = event.get("Records") if isinstance(event, dict) else None
    if not isinstance(records, list):
        raise EventError("-", "event has no Records list")
    for record in records:
        if not isinstance(record, dict) or "body" not in record:
            raise EventError("-", "record is not an SQS message")
        attributes = record.get("attributes") or {}
        try:
            count = int(attributes.get("ApproximateReceiveCount", "1"))
        except ValueError:
            count = 1
        yield QueueMessage(str(record.get("messageId", "-")), str(record["body"]), count)


def decode(message: QueueMessage) -> Decoded:
    """Decode one message's body.

    Raises:
        EventError: the body is neither an S3 event, a test event nor a range job.
    """
    try:
        body = json.loads(message.body)
    except json.JSONDecodeError as exc:
        raise EventError(message.message_id, f"body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise EventError(message.message_id, "body is not a JSON object")
    if body.get("Event") == "s3:TestEvent":
        return Decoded()
    if body.get("job") == JOB_KIND:
        try:
            return Decoded(job=RangeJob.from_body(body))
        except ValueError as exc:
            raise EventError(message.message_id, str(exc)) from exc
    records = body.get("Records")
    if not isinstance(records, list):
        raise EventError(message.message_id, "body is neither an S3 event nor a range job")
    keys = []
    for record in records:
        try:
            keys.append(unquote_plus(record["s3"]["object"]["key"]))
        except (KeyError, TypeError) as exc:
            raise EventError(message.message_id, "S3 record without an object key") from exc
    return Decoded(keys=tuple(keys))
