"""Configuration of the prover chain, read from the environment once per process.

Every variable has a documented default, so a handler runs with none set (folder storage under
``./proofs``, one local node). Booleans are parsed as such: ``"false"`` means off.

=========================  ===================================  ===================================
variable                   default                              meaning
=========================  ===================================  ===================================
PROVER_STORAGE             ``fs``                               ``s3`` or ``fs`` (``local`` = fs)
PROOFS_DIR                 ``./proofs``                         folder of the fs backend
S3_BUCKET_NAME             ``starkstack-proofs``                bucket of the s3 backend
AWS_REGION                 AWS_DEFAULT_REGION or ``us-east-1``  region of S3 and SQS
AWS_ENDPOINT_URL           unset (AWS itself)                   moto, LocalStack, any S3/SQS clone
NODE_RPC_URLS              ``http://127.0.0.1:10008``           comma-separated, tried in order
RPC_TIMEOUT_S              ``5``                                seconds per RPC call and node
PROOF_PRESET               ``secure``                           stark preset (tests use ``fast``)
PROVER_MAX_STEPS           ``65536``                            step budget of one proof
PROVER_QUEUE_URL           unset                                where range jobs are sent
PROVER_QUEUE_NAME          unset                                the same, by name (URL looked up)
WATCHER_START_BLOCK        ``0``                                first block the watcher fetches
WATCHER_MAX_BLOCKS         ``50``                               blocks fetched per invocation
WATCHER_RESEND_AFTER_S     ``1800``                             re-send a block job pending this
                                                                long (0: never)
MAX_RECEIVE_COUNT          ``3``                                the queue's redrive maxReceiveCount
ENABLE_BLOCK_VERIFICATION  ``true``                             verify each new proof before storing
=========================  ===================================  ===================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from prover_lambda.errors import ConfigError


class StorageKind(Enum):
    """Which backend holds blocks and proofs."""

    S3 = "s3"
    FS = "fs"


@dataclass(frozen=True, kw_only=True)
class Config:
    """Everything the handlers need to know about their surroundings."""

    storage: StorageKind = StorageKind.FS
    proofs_dir: Path = Path("proofs")
    bucket: str = "starkstack-proofs"
    region: str = "us-east-1"
    endpoint_url: str | None = None
    node_rpc_urls: tuple[str, ...] = ("http://127.0.0.1:10008",)
    rpc_timeout_s: float = 5.0
    proof_preset: str = "secure"
    max_steps: int = 65536
    prover_queue_url: str | None = None
    prover_queue_name: str | None = None
    watcher_start_block: int = 0
    watcher_max_blocks: int = 50
    resend_after_s: float = 1800.0
    max_receive_count: int = 3
    verify_proofs: bool = True


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(name, raw, "expected true or false")


def _int(env: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError as exc:
        raise ConfigError(name, raw, "expected an integer") from exc
    if value < minimum:
        raise ConfigError(name, raw, f"must be at least {minimum}")
    return value


def _float(env: Mapping[str, str], name: str, default: float, *, zero_ok: bool = False) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw.strip())
    except ValueError as exc:
        raise ConfigError(name, raw, "expected a number of seconds") from exc
    if value < 0 or (value == 0 and not zero_ok):
        raise ConfigError(name, raw, "must be positive")
    return value


def _storage(env: Mapping[str, str]) -> StorageKind:
    raw = env.get("PROVER_STORAGE", "fs")
    value = raw.strip().lower()
    if value in ("fs", "local"):
        return StorageKind.FS
    if value == "s3":
        return StorageKind.S3
    raise ConfigError("PROVER_STORAGE", raw, "expected s3 or fs")


def _urls(env: Mapping[str, str]) -> tuple[str, ...]:
    raw = env.get("NODE_RPC_URLS")
    if raw is None:
        return Config.node_rpc_urls
    urls = tuple(u.strip().rstrip("/") for u in raw.split(",") if u.strip())
    if not urls:
        raise ConfigError("NODE_RPC_URLS", raw, "no URL given")
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise ConfigError("NODE_RPC_URLS", raw, f"{url!r} is not an http(s) URL")
    return urls


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """Build the configuration from ``env`` (default: ``os.environ``).

    Raises:
        ConfigError: a variable holds an unusable value.
    """
    env = os.environ if env is None else env
    preset = env.get("PROOF_PRESET", "secure").strip()
    if not preset:
        raise ConfigError("PROOF_PRESET", preset, "empty preset name")
    bucket = env.get("S3_BUCKET_NAME", Config.bucket).strip()
    if not bucket:
        raise ConfigError("S3_BUCKET_NAME", bucket, "empty bucket name")
    return Config(
        storage=_storage(env),
        proofs_dir=Path(env.get("PROOFS_DIR", "proofs")),
        bucket=bucket,
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        endpoint_url=env.get("AWS_ENDPOINT_URL") or None,
        node_rpc_urls=_urls(env),
        rpc_timeout_s=_float(env, "RPC_TIMEOUT_S", Config.rpc_timeout_s),
        proof_preset=preset,
        max_steps=_int(env, "PROVER_MAX_STEPS", Config.max_steps, 1),
        prover_queue_url=env.get("PROVER_QUEUE_URL") or None,
        prover_queue_name=env.get("PROVER_QUEUE_NAME") or None,
        watcher_start_block=_int(env, "WATCHER_START_BLOCK", 0, 0),
        watcher_max_blocks=_int(env, "WATCHER_MAX_BLOCKS", Config.watcher_max_blocks, 1),
        resend_after_s=_float(env, "WATCHER_RESEND_AFTER_S", Config.resend_after_s, zero_ok=True),
        max_receive_count=_int(env, "MAX_RECEIVE_COUNT", Config.max_receive_count, 1),
        verify_proofs=_bool(env, "ENABLE_BLOCK_VERIFICATION", True),
    )
