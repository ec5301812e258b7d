"""Keeping the local bucket across ``make stop`` / ``make local``.

moto's server keeps everything in memory, so the stack saves the bucket's objects into
``.local/bucket/`` before it stops moto, and puts them back into the fresh bucket before the
Lambda runtime starts (and before the bucket's notifications exist, so nothing is proven again).
"""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.config import Config as BotoConfig

from stack.config import StackConfig


def _client(config: StackConfig):
    return boto3.client(
        "s3",
        region_name=config.region,
        endpoint_url=config.s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=BotoConfig(retries={"max_attempts": 2}),
    )


def save(config: StackConfig, folder: Path) -> int:
    """Copy every object of the bucket into ``folder`` (replacing what was there)."""
    s3 = _client(config)
    tmp = folder.with_name(folder.name + ".tmp")
    count = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=config.bucket):
        for obj in page.get("Contents", []):
            key = obj["Key"]
            if key.startswith("/") or ".." in key.split("/"):
                continue
            path = tmp / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(s3.get_object(Bucket=config.bucket, Key=key)["Body"].read())
            count += 1
    if tmp.exists():
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        tmp.rename(folder)
    return count


def restore(config: StackConfig, folder: Path) -> int:
    """Create the bucket and put back the objects saved in ``folder``."""
    if not folder.exists():
        return 0
    s3 = _client(config)
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if config.bucket not in existing:
        kwargs = (
            {}
            if config.region == "us-east-1"
            else {"CreateBucketConfiguration": {"LocationConstraint": config.region}}
        )
        s3.create_bucket(Bucket=config.bucket, **kwargs)
    count = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        s3.put_object(
            Bucket=config.bucket, Key=path.relative_to(folder).as_posix(), Body=path.read_bytes()
        )
        count += 1
    return count
