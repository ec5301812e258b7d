"""Storage in a folder (``PROVER_STORAGE=fs``), with the same conditional-write guarantees as S3.

Objects are files under the root; their metadata lives beside them under ``.meta/``. A create
is a hard link of a finished temporary file (fails if the name exists); an update takes the
key's lock, compares the ETag (the SHA-256 of the content) and renames a finished file over the
old one, so readers never see half an object.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from prover_lambda.errors import ConditionFailed, ObjectNotFound, StorageError
from prover_lambda.storage import StoredObject

_META = ".meta"
_LOCKS = ".locks"


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest() + '"'


class FileStorage:
    """A folder seen through the :class:`~prover_lambda.storage.Storage` interface."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        if not key or any(p in ("", ".", "..") for p in parts) or parts[0] in (_META, _LOCKS):
            raise StorageError(key, "not a valid key")
        return self.root.joinpath(*parts)

    def _meta_path(self, key: str) -> Path:
        return self.root.joinpath(_META, *key.split("/"))

    @contextlib.contextmanager
    def _lock(self, key: str) -> Iterator[None]:
        lock = self.root.joinpath(_LOCKS, hashlib.sha256(key.encode()).hexdigest())
        lock.parent.mkdir(parents=True, exist_ok=True)
        with open(lock, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def get(self, key: str) -> StoredObject:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc
        except OSError as exc:
            raise StorageError(key, str(exc)) from exc
        metadata: dict[str, str] = {}
        with contextlib.suppress(FileNotFoundError):
            metadata = json.loads(self._meta_path(key).read_text())
        return StoredObject(data, _etag(data), metadata)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def _write_temp(self, path: Path, data: bytes) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return Path(name)

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
        path = self._path(key)
        temp = self._write_temp(path, data)
        try:
            if create_only:
                try:
                    os.link(temp, path)
                except FileExistsError as exc:
                    raise ConditionFailed(key, "If-None-Match") from exc
                self._write_metadata(key, metadata)
                return _etag(data)
            with self._lock(key):
                if if_match is not None:
                    try:
                        current = _etag(path.read_bytes())
                    except FileNotFoundError as exc:
                        raise ConditionFailed(key, "If-Match") from exc
                    if current.strip('"') != if_match.strip('"'):
                        raise ConditionFailed(key, "If-Match")
                os.replace(temp, path)
                self._write_metadata(key, metadata)
                return _etag(data)
        except OSError as exc:
            if exc.errno == errno.EEXIST:
                raise ConditionFailed(key, "If-None-Match") from exc
            raise StorageError(key, str(exc)) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()

    def _write_metadata(self, key: str, metadata: Mapping[str, str] | None) -> None:
        meta_path = self._meta_path(key)
        if metadata:
            os.replace(self._write_temp(meta_path, json.dumps(dict(metadata)).encode()), meta_path)
        else:
            with contextlib.suppress(FileNotFoundError):
                meta_path.unlink()

    def list(self, prefix: str) -> list[str]:
        keys = []
        if not self.root.is_dir():
            return []
        for dirpath, dirnames, filenames in os.walk(self.root):
            rel_dir = Path(dirpath).relative_to(self.root)
            if rel_dir == Path("."):
                dirnames[:] = [d for d in dirnames if d not in (_META, _LOCKS)]
            for name in filenames:
                if name.startswith(".tmp-"):
                    continue
                key = (rel_dir / name).as_posix() if rel_dir != Path(".") else name
                if key.startswith(prefix):
                    keys.append(key)
        return sorted(keys)
