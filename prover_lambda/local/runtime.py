"""The local runtime's main loop: resources, the watcher's timer, the queue pollers, shutdown."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

from prover_lambda.aws_setup import DEFAULT_PREFIX, Resources, setup
from prover_lambda.local.moto_server import MotoServer, start_moto
from prover_lambda.local.poller import LocalContext, SqsPoller

log = logging.getLogger("prover_lambda.local")


@dataclass(frozen=True, kw_only=True)
class LocalOptions:
    """How the local runtime runs (command-line flags)."""

    endpoint_url: str | None
    start_moto: bool
    moto_port: int | None
    bucket: str
    prefix: str
    region: str
    watch_interval_s: float
    watcher: bool
    retry_delay_s: int
    visibility_s: int
    max_receive_count: int
    prover_workers: int


def parse_options(argv: list[str] | None = None) -> LocalOptions:
    """Read the command line (defaults from the environment)."""
    env = os.environ
    parser = argparse.ArgumentParser(
        prog="python -m prover_lambda.local",
        description="Run the watcher, prover and indexer handlers against moto, LocalStack or AWS.",
    )
    parser.add_argument(
        "--endpoint-url",
        default=env.get("AWS_ENDPOINT_URL"),
        help="S3/SQS endpoint (default AWS_ENDPOINT_URL; none: start moto)",
    )
    parser.add_argument(
        "--aws",
        action="store_true",
        help="use real AWS when no endpoint is given (do not start moto)",
    )
    parser.add_argument("--moto-port", type=int, default=None)
    parser.add_argument("--bucket", default=env.get("S3_BUCKET_NAME", "starkstack-proofs"))
    parser.add_argument("--prefix", default=DEFAULT_PREFIX, help="queue name prefix")
    parser.add_argument(
        "--region", default=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION", "us-east-1")
    )
    parser.add_argument("--watch-interval", type=float, default=5.0, help="seconds")
    parser.add_argument("--no-watcher", action="store_true", help="do not run the watcher")
    parser.add_argument("--retry-delay", type=int, default=2, help="seconds before a retry")
    parser.add_argument("--visibility-timeout", type=int, default=30, help="seconds")
    parser.add_argument(
        "--max-receive-count", type=int, default=int(env.get("MAX_RECEIVE_COUNT", "3"))
    )
    parser.add_argument("--prover-workers", type=int, default=1)
    args = parser.parse_args(argv)
    return LocalOptions(
        endpoint_url=args.endpoint_url,
        start_moto=args.endpoint_url is None and not args.aws,
        moto_port=args.moto_port,
        bucket=args.bucket,
        prefix=args.prefix,
        region=args.region,
        watch_interval_s=args.watch_interval,
        watcher=not args.no_watcher,
        retry_delay_s=args.retry_delay,
        visibility_s=args.visibility_timeout,
        max_receive_count=args.max_receive_count,
        prover_workers=args.prover_workers,
    )


def handler_environment(
    options: LocalOptions, endpoint_url: str | None, resources: Resources
) -> dict[str, str]:
    """The environment the handlers would get from their Lambda configuration."""
    env = {
        "PROVER_STORAGE": "s3",
        "S3_BUCKET_NAME": resources.bucket,
        "AWS_REGION": options.region,
        "AWS_DEFAULT_REGION": options.region,
        "PROVER_QUEUE_URL": resources.prover.url,
        "MAX_RECEIVE_COUNT": str(options.max_receive_count),
    }
    if endpoint_url:
        env["AWS_ENDPOINT_URL"] = endpoint_url
    return env


class LocalRuntime:
    """The watcher on a timer and one poller per queue, all calling the real handlers."""

    def __init__(self, options: LocalOptions, resources: Resources, endpoint_url: str | None):
        self.options = options
        self.resources = resources
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []
        self.sqs = boto3.client("sqs", region_name=options.region, endpoint_url=endpoint_url)

    def _watch_loop(self) -> None:
        from prover_lambda import watcher

        while not self.stop_event.is_set():
            event = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}
            try:
                result = watcher.handler(event, LocalContext(function_name="watcher"))
                if result.get("written"):
                    log.info("watcher: stored blocks %s", result["written"])
            except Exception as exc:  # a failed scheduled run; the next tick tries again
                log.warning("watcher: run failed (%s: %s)", type(exc).__name__, exc)
            self.stop_event.wait(self.options.watch_interval_s)

    def start(self) -> None:
        """Start the watcher timer and the pollers."""
        from prover_lambda import indexer, prover

        if self.options.watcher:
            self.threads.append(
                threading.Thread(target=self._watch_loop, name="watcher", daemon=True)
            )
        common = {
            "sqs": self.sqs,
            "region": self.options.region,
            "stop": self.stop_event,
            "retry_delay_s": self.options.retry_delay_s,
            "visibility_s": self.options.visibility_s,
        }
        for k in range(self.options.prover_workers):
            self.threads.append(
                SqsPoller(
                    name=f"prover-{k}",
                    queue_url=self.resources.prover.url,
                    queue_arn=self.resources.prover.arn,
                    handler=prover.handler,
                    **common,
                )
            )
        self.threads.append(
            SqsPoller(
                name="indexer",
                queue_url=self.resources.indexer.url,
                queue_arn=self.resources.indexer.arn,
                handler=indexer.handler,
                **common,
            )
        )
        for thread in self.threads:
            thread.start()

    def stop(self, grace_s: float = 5.0) -> None:
        """Stop polling; a handler still running after ``grace_s`` is abandoned (its message
        returns to the queue after the visibility timeout, as when a Lambda is cut off)."""
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=grace_s)
        busy = [t.name for t in self.threads if t.is_alive()]
        if busy:
            log.info("stopped; %s still busy, its message will be delivered again", busy)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m prover_lambda.local``."""
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stdout,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    options = parse_options(argv)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    moto: MotoServer | None = None
    endpoint = options.endpoint_url
    if options.start_moto:
        moto = start_moto(
            options.moto_port, Path(".local") / "moto.log" if Path(".local").is_dir() else None
        )
        endpoint = moto.url
        log.info("moto server started on %s (pid %d)", endpoint, moto.process.pid)
    if endpoint:
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    try:
        resources = setup(
            bucket=options.bucket,
            prefix=options.prefix,
            region=options.region,
            endpoint_url=endpoint,
            visibility_timeout=options.visibility_s,
            max_receive_count=options.max_receive_count,
        )
        os.environ.update(handler_environment(options, endpoint, resources))
        runtime = LocalRuntime(options, resources, endpoint)
        runtime.start()
        ready: dict[str, Any] = {
            "endpoint_url": endpoint,
            "bucket": resources.bucket,
            "prover_queue_url": resources.prover.url,
            "prover_dlq_url": resources.prover.dlq_url,
            "indexer_queue_url": resources.indexer.url,
            "indexer_dlq_url": resources.indexer.dlq_url,
        }
        # One write, newline included: unbuffered, a separate newline could land after a log
        # line another thread writes to the same file.
        sys.stdout.write("READY " + json.dumps(ready) + "\n")
        sys.stdout.flush()
        stop.wait()
        log.info("stopping")
        runtime.stop()
    finally:
        if moto is not None:
            moto.stop()
    log.info("stopped")
    return 0
