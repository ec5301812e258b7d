"""The one small storage interface the handlers use, and the factory choosing its backend.

Two backends implement it: :mod:`prover_lambda.s3_storage` (a bucket on AWS, moto, LocalStack)
and :mod:`prover_lambda.fs_storage` (a folder). Both give the same guarantees:

* ``put(..., create_only=True)`` writes only if the key holds nothing (S3 ``If-None-Match: *``);
* ``put(..., if_match=etag)`` writes only if the object still has that ETag (S3 ``If-Match``);
* a lost condition raises :class:`~prover_lambda.errors.ConditionFailed`, never overwrites;
* a reader sees either the whole old object or the whole new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from prover_lambda.config import Config, StorageKind


@dataclass(frozen=True)
class StoredObject:
    """An object as read: its bytes, its ETag and its small string metadata."""

    data: bytes
    etag: str
    metadata: Mapping[str, str] = field(default_factory=dict)


class Storage(Protocol):
    """Blocks, proofs and the index, by key (see :mod:`prover_lambda.layout`)."""

    def get(self, key: str) -> StoredObject:
        """Read ``key``. Raises ObjectNotFound, StorageError."""
        ...

    def exists(self, key: str) -> bool:
        """Whether ``key`` holds an object."""
        ...

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
        """Write ``key`` and return the new ETag. Raises ConditionFailed, StorageError."""
        ...

    def list(self, prefix: str) -> list[str]:
        """Every key under ``prefix``, sorted."""
        ...


def open_storage(config: Config) -> Storage:
    """The backend ``config`` names (``PROVER_STORAGE``)."""
    if config.storage is StorageKind.S3:
        from prover_lambda.s3_storage import S3Storage

        return S3Storage.from_config(config)
    from prover_lambda.fs_storage import FileStorage

    return FileStorage(config.proofs_dir)
