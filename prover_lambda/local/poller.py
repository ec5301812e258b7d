"""An SQS poller that delivers messages to a Lambda handler the way AWS's event source does.

Each message becomes a one-record SQS event (``batch_size`` 1, as ``chalice_app`` configures),
with the attributes AWS sends (``ApproximateReceiveCount`` among them). While the handler runs,
the message's visibility is extended so a long proof is not delivered twice; when the handler
returns the message is deleted; when it raises, the message is made visible again after
``retry_delay_s`` and the queue's redrive policy moves it to the dead-letter queue after
``maxReceiveCount`` receives.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

Handler = Callable[[dict[str, Any], Any], Any]
log = logging.getLogger("prover_lambda.local")


@dataclass(frozen=True)
class LocalContext:
    """The Lambda context object a handler receives (the fields powertools reads)."""

    function_name: str
    memory_limit_in_mb: int = 3008
    invoked_function_arn: str = "arn:aws:lambda:local:000000000000:function:local"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    timeout_ms: int = 900_000

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left (the local runtime imposes no limit)."""
        return self.timeout_ms


def lambda_record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    """An SQS message as a Lambda event record."""
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": dict(message.get("Attributes", {})),
        "messageAttributes": dict(message.get("MessageAttributes", {})),
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


class SqsPoller(threading.Thread):
    """Receives from one queue and calls ``handler`` for each message, until stopped."""

    def __init__(
        self,
        *,
        name: str,
        sqs: Any,
        queue_url: str,
        queue_arn: str,
        region: str,
        handler: Handler,
        stop: threading.Event,
        retry_delay_s: int = 2,
        visibility_s: int = 30,
    ) -> None:
        super().__init__(name=name, daemon=True)
        self.sqs = sqs
        self.queue_url = queue_url
        self.queue_arn = queue_arn
        self.region = region
        self.handler = handler
        self.stop_event = stop
        self.retry_delay_s = retry_delay_s
        self.visibility_s = visibility_s
        self.delivered = 0
        self.failed = 0

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                response = self.sqs.receive_message(
                    QueueUrl=self.queue_url,
                    MaxNumberOfMessages=1,
                    WaitTimeSeconds=1,
                    VisibilityTimeout=self.visibility_s,
                    AttributeNames=["All"],
                    MessageAttributeNames=["All"],
                )
            except (ClientError, BotoCoreError) as exc:
                log.warning("%s: cannot receive: %s", self.name, exc)
                self.stop_event.wait(1)
                continue
            for message in response.get("Messages", []):
                self._deliver(message)

    def _extend(self, receipt: str, done: threading.Event) -> None:
        while not done.wait(self.visibility_s / 3):
            try:
                self.sqs.change_message_visibility(
                    QueueUrl=self.queue_url,
                    ReceiptHandle=receipt,
                    VisibilityTimeout=self.visibility_s,
                )
            except (ClientError, BotoCoreError):
                return

    def _deliver(self, message: dict[str, Any]) -> None:
        event = {"Records": [lambda_record(message, self.queue_arn, self.region)]}
        receipt = message["ReceiptHandle"]
        count = message.get("Attributes", {}).get("ApproximateReceiveCount", "?")
        log.info("%s: delivering message %s (receive %s)", self.name, message["MessageId"], count)
        done = threading.Event()
        heartbeat = threading.Thread(target=self._extend, args=(receipt, done), daemon=True)
        heartbeat.start()
        try:
            self.handler(event, LocalContext(function_name=self.name))
        except Exception as exc:  # a failing invocation, as Lambda reports it
            done.set()
            self.failed += 1
            log.warning(
                "%s: handler failed (%s: %s); message %s back in %d s",
                self.name,
                type(exc).__name__,
                exc,
                message["MessageId"],
                self.retry_delay_s,
            )
            try:
                self.sqs.change_message_visibility(
                    QueueUrl=self.queue_url,
                    ReceiptHandle=receipt,
                    VisibilityTimeout=self.retry_delay_s,
                )
            except (ClientError, BotoCoreError) as err:
                log.warning("%s: cannot release message: %s", self.name, err)
            return
        done.set()
        self.delivered += 1
        try:
            self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=receipt)
        except (ClientError, BotoCoreError) as exc:
            log.warning("%s: cannot delete message: %s", self.name, exc)
