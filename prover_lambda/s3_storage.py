"""Storage in an S3 bucket (AWS, moto's server, LocalStack): conditional writes by ETag."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError

from prover_lambda.config import Config
from prover_lambda.errors import ConditionFailed, ObjectNotFound, StorageError
from prover_lambda.storage import StoredObject

_MISSING = {"NoSuchKey", "404", "NotFound"}
_CONFLICT = {"PreconditionFailed", "412", "ConditionalRequestConflict", "409"}


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3Storage:
    """A bucket seen through the :class:`~prover_lambda.storage.Storage` interface."""

    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    @classmethod
    def from_config(cls, config: Config) -> S3Storage:
        """A client for ``config``'s bucket, region and endpoint (moto, LocalStack or AWS)."""
        client = boto3.client(
            "s3",
            region_name=config.region,
            endpoint_url=config.endpoint_url,
            config=BotoConfig(retries={"max_attempts": 5, "mode": "standard"}),
        )
        return cls(client, config.bucket)

    def get(self, key: str) -> StoredObject:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key)
            data = response["Body"].read()
        except ClientError as exc:
            if _code(exc) in _MISSING:
                raise ObjectNotFound(key) from exc
            raise StorageError(key, str(exc)) from exc
        except BotoCoreError as exc:
            raise StorageError(key, str(exc)) from exc
        return StoredObject(data, response["ETag"], dict(response.get("Metadata", {})))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            raise StorageError(key, str(exc)) from exc
        except BotoCoreError as exc:
            raise StorageError(key, str(exc)) from exc
        return True

    def put(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str = "application/json",
        create_only: bool = False,
        if_match: str | None = None,
        metadata: Mapping[str, str] | None = None,
    ) -> str:
        args: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": key,
            "Body": data,
            "ContentType": content_type,
        }
        if metadata:
            args["Metadata"] = dict(metadata)
        if create_only:
            args["IfNoneMatch"] = "*"
        if if_match is not None:
            args["IfMatch"] = if_match
        try:
            response = self.client.put_object(**args)
        except ClientError as exc:
            code = _code(exc)
            if code in _CONFLICT:
                raise ConditionFailed(key, "If-None-Match" if create_only else "If-Match") from exc
            if if_match is not None and code in _MISSING:
                raise ConditionFailed(key, "If-Match") from exc
            raise StorageError(key, str(exc)) from exc
        except BotoCoreError as exc:
            raise StorageError(key, str(exc)) from exc
        return str(response["ETag"])

    def list(self, prefix: str) -> list[str]:
        keys: list[str] = []
        try:
            paginator = self.client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                keys.extend(item["Key"] for item in page.get("Contents", []))
        except (ClientError, BotoCoreError) as exc:
            raise StorageError(prefix, str(exc)) from exc
        return sorted(keys)
