"""Range jobs: the messages the prover sends to its own queue when a block must be split.

A block whose run exceeds ``PROVER_MAX_STEPS`` is cut in two halves of its transactions; each
half is a :class:`RangeJob` sent to ``PROVER_QUEUE_URL`` and proved by its own invocation, which
may halve again. The cut is deterministic (it depends only on the block and the budget), so
duplicated or retried jobs name the same ranges and the same keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from prover_lambda.config import Config
from prover_lambda.errors import QueueError

JOB_KIND = "prove_range"


@dataclass(frozen=True)
class RangeJob:
    """Prove transactions ``first..last`` (inclusive, succeeded ones) of block ``block_number``.

    ``last`` is ``None`` for the whole block (what an S3 event asks for).
    """

    block_number: int
    first: int = 0
    last: int | None = None

    @property
    def whole(self) -> bool:
        """Whether this job covers the whole block."""
        return self.first == 0 and self.last is None

    def to_json(self) -> str:
        """The message body."""
        return json.dumps(
            {
                "job": JOB_KIND,
                "block_number": self.block_number,
                "first": self.first,
                "last": self.last,
            },
            sort_keys=True,
        )

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> RangeJob:
        """Decode a message body made by :meth:`to_json`. Raises ValueError."""
        number, first, last = body.get("block_number"), body.get("first"), body.get("last")
        for value in (number, first):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"bad range job {body!r}")
        if last is not None and (not isinstance(last, int) or last < first):
            raise ValueError(f"bad range job {body!r}")
        return cls(number, first, last)


class JobQueue(Protocol):
    """Where range jobs go."""

    def send(self, job: RangeJob) -> None:
        """Enqueue ``job``."""
        ...


class SqsJobQueue:
    """Range jobs sent to an SQS queue (the prover's own)."""

    @classmethod
    def from_config(cls, config: Config) -> SqsJobQueue | None:
        """The queue of ``PROVER_QUEUE_URL`` (or ``PROVER_QUEUE_NAME``); ``None`` if neither."""
        if config.prover_queue_url is None and config.prover_queue_name is None:
            return None
        client = boto3.client("sqs", region_name=config.region, endpoint_url=config.endpoint_url)
        return cls(client, config.prover_queue_url, config.prover_queue_name)

    def __init__(self, client: Any, queue_url: str | None, queue_name: str | None = None) -> None:
        self.client = client
        self._url = queue_url
        self.queue_name = queue_name

    @property
    def queue_url(self) -> str:
        """The queue's URL, looked up by name on first use where only the name is known."""
        if self._url is None:
            self._url = str(self.client.get_queue_url(QueueName=self.queue_name)["QueueUrl"])
        return self._url

    def send(self, job: RangeJob) -> None:
        try:
            self.client.send_message(QueueUrl=self.queue_url, MessageBody=job.to_json())
        except (ClientError, BotoCoreError) as exc:
            raise QueueError(self.queue_name or self._url or "?", f"{job}: {exc}") from exc
