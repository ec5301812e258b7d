"""The prover chain on AWS Lambda: Chalice wiring of the ``prover_lambda`` handlers.

* ``watcher``: every minute (EventBridge schedule);
* ``prover``: SQS queue ``PROVER_QUEUE_NAME`` (S3 notifications of ``blocks/`` and range jobs);
* ``indexer``: SQS queue ``INDEXER_QUEUE_NAME`` (S3 notifications of ``proofs/``, ``failures/``);
* a REST API: ``GET /status`` and ``GET /blocks/{number}/proof``.

S3 reaches the handlers through SQS (so the app also packages as SAM, which refuses
``on_s3_event``); the bucket, queues and notifications are made by
``python -m prover_lambda.aws_setup`` (see docs/deploy.md). The queue names are read here, when
Chalice loads the app to package or deploy it.
"""

from __future__ import annotations

import os
from typing import Any

from chalice import Chalice, NotFoundError, Rate

from prover_lambda import api, indexer, prover, watcher
from prover_lambda.errors import ObjectNotFound
from prover_lambda.services import services

PROVER_QUEUE = os.environ.get("PROVER_QUEUE_NAME", "starkstack-prover")
INDEXER_QUEUE = os.environ.get("INDEXER_QUEUE_NAME", "starkstack-indexer")

app = Chalice(app_name="starkstack-prover")


@app.schedule(Rate(1, unit=Rate.MINUTES), name="watcher")
def watch(event: Any) -> dict[str, Any]:
    return watcher.handler(event.to_dict(), event.context)


@app.on_sqs_message(queue=PROVER_QUEUE, batch_size=1, name="prover")
def prove(event: Any) -> dict[str, Any]:
    return prover.handler(event.to_dict(), event.context)


@app.on_sqs_message(queue=INDEXER_QUEUE, batch_size=1, name="indexer")
def index(event: Any) -> dict[str, Any]:
    return indexer.handler(event.to_dict(), event.context)


@app.route("/status", cors=True)
def status() -> dict[str, Any]:
    return api.status(services().storage)


@app.route("/blocks/{number}/proof", cors=True)
def block_proof(number: str) -> dict[str, Any]:
    if not number.isdigit():
        raise NotFoundError(f"no block {number!r}")
    try:
        return api.block_proof(services().storage, int(number))
    except ObjectNotFound as exc:
        raise NotFoundError(f"block {number} has no proof yet") from exc
