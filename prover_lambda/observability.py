"""Structured logs, metrics and tracing for the handlers (aws-lambda-powertools).

Logs are JSON lines; metrics are CloudWatch embedded-metric-format lines (namespace
``POWERTOOLS_METRICS_NAMESPACE``, default ``starkstack``); tracing goes to X-Ray on AWS and is off
where ``POWERTOOLS_TRACE_DISABLED=true`` (the local runtime sets it).
"""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "starkstack")

logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "prover-chain"))
metrics = Metrics(namespace=NAMESPACE)
tracer = Tracer(service="prover-chain")

__all__ = ["MetricUnit", "logger", "metrics", "tracer"]
