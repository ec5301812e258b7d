"""Creates the prover chain's bucket and queues and wires S3 notifications to SQS.

Used by the local runtime against moto or LocalStack, and by hand (or a deploy pipeline)
against AWS: ``python -m prover_lambda.aws_setup --bucket NAME [--prefix starkstack]``.
Everything is idempotent, so running it twice changes nothing.

* the bucket, readable by anyone (``s3:GetObject`` for ``*``) with a CORS rule, because the
  explorer reads blocks, proofs and ``index.json`` from a browser;
* ``<prefix>-prover`` and ``<prefix>-indexer`` queues, each with a ``-dlq`` dead-letter queue
  (redrive after ``max_receive_count`` receives) and a policy letting the bucket send to it;
* notifications: ``blocks/`` objects to the prover queue, ``proofs/`` and ``failures/`` objects
  to the indexer queue.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import ClientError

from prover_lambda.layout import BLOCKS_PREFIX, FAILURES_PREFIX, PROOFS_PREFIX

DEFAULT_PREFIX = "starkstack"


@dataclass(frozen=True)
class Queue:
    """A queue and its dead-letter queue."""

    name: str
    url: str
    arn: str
    dlq_url: str
    dlq_arn: str


@dataclass(frozen=True)
class Resources:
    """What :func:`setup` created or found."""

    bucket: str
    prover: Queue
    indexer: Queue


def public_read_policy(bucket: str) -> dict[str, Any]:
    """Anyone may read objects (the explorer runs in browsers, without credentials)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicRead",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


CORS_RULES = {
    "CORSRules": [
        {
            "AllowedMethods": ["GET", "HEAD"],
            "AllowedOrigins": ["*"],
            "AllowedHeaders": ["*"],
            "ExposeHeaders": ["ETag", "Content-Length"],
            "MaxAgeSeconds": 3000,
        }
    ]
}


def _send_policy(queue_arn: str, bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "s3.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": queue_arn,
                    "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{bucket}"}},
                }
            ],
        }
    )


def _arn(sqs: Any, url: str) -> str:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return str(attributes["Attributes"]["QueueArn"])


def _queue(
    sqs: Any, name: str, bucket: str, visibility_timeout: int, max_receive_count: int
) -> Queue:
    dlq_url = sqs.create_queue(
        QueueName=f"{name}-dlq", Attributes={"MessageRetentionPeriod": "1209600"}
    )["QueueUrl"]
    dlq_arn = _arn(sqs, dlq_url)
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receive_count})
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = _arn(sqs, url)
    sqs.set_queue_attributes(
        QueueUrl=url,
        Attributes={
            "VisibilityTimeout": str(visibility_timeout),
            "RedrivePolicy": redrive,
            "Policy": _send_policy(arn, bucket),
        },
    )
    return Queue(name, url, arn, dlq_url, dlq_arn)


def _bucket(s3: Any, bucket: str, region: str) -> None:
    try:
        if region == "us-east-1":
            s3.create_bucket(Bucket=bucket)
        else:
            s3.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region}
            )
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou",):
            raise
    # stores without the public-access-block API still take the policy below
    with contextlib.suppress(ClientError):
        s3.put_public_access_block(
            Bucket=bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": False,
                "RestrictPublicBuckets": False,
            },
        )
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read_policy(bucket)))
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=CORS_RULES)


def _notification(queue_arn: str, prefix: str) -> dict[str, Any]:
    return {
        "QueueArn": queue_arn,
        "Events": ["s3:ObjectCreated:*"],
        "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": prefix}]}},
    }


def setup(
    *,
    bucket: str,
    prefix: str = DEFAULT_PREFIX,
    region: str = "us-east-1",
    endpoint_url: str | None = None,
    visibility_timeout: int = 900,
    max_receive_count: int = 3,
) -> Resources:
    """Create (or find) the bucket and queues, and wire the notifications."""
    s3 = boto3.client("s3", region_name=region, endpoint_url=endpoint_url)
    sqs = boto3.client("sqs", region_name=region, endpoint_url=endpoint_url)
    _bucket(s3, bucket, region)
    prover = _queue(sqs, f"{prefix}-prover", bucket, visibility_timeout, max_receive_count)
    indexer = _queue(sqs, f"{prefix}-indexer", bucket, visibility_timeout, max_receive_count)
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                _notification(prover.arn, BLOCKS_PREFIX),
                _notification(indexer.arn, PROOFS_PREFIX),
                _notification(indexer.arn, FAILURES_PREFIX),
            ]
        },
    )
    return Resources(bucket, prover, indexer)


def main(argv: list[str] | None = None) -> int:
    """Command line: create the resources and print their names, URLs and ARNs as JSON."""
    parser = argparse.ArgumentParser(prog="python -m prover_lambda.aws_setup")
    parser.add_argument("--bucket", default=os.environ.get("S3_BUCKET_NAME", "starkstack-proofs"))
    parser.add_argument("--prefix", default=DEFAULT_PREFIX, help="queue name prefix")
    parser.add_argument(
        "--region",
        default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
    )
    parser.add_argument("--endpoint-url", default=os.environ.get("AWS_ENDPOINT_URL"))
    parser.add_argument("--visibility-timeout", type=int, default=900)
    parser.add_argument("--max-receive-count", type=int, default=3)
    args = parser.parse_args(argv)
    resources = setup(
        bucket=args.bucket,
        prefix=args.prefix,
        region=args.region,
        endpoint_url=args.endpoint_url,
        visibility_timeout=args.visibility_timeout,
        max_receive_count=args.max_receive_count,
    )
    print(
        json.dumps(
            {
                "bucket": resources.bucket,
                "prover_queue_url": resources.prover.url,
                "prover_queue_arn": resources.prover.arn,
                "prover_dlq_url": resources.prover.dlq_url,
                "indexer_queue_url": resources.indexer.url,
                "indexer_queue_arn": resources.indexer.arn,
                "indexer_dlq_url": resources.indexer.dlq_url,
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
