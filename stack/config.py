"""Configuration of a local stack, read from the environment once.

==================  ===========================  ==============================================
variable            default                      meaning
==================  ===========================  ==============================================
PORT_BASE           ``9000``                     node i: peers on PORT_BASE+i, RPC on +100+i;
                                                 moto on +200; the explorer on +300
CLIENT_RATE         ``5``                        transactions per second of the first burst
CLIENT_DURATION     ``20``                       seconds of the first burst
CLIENT_MAX_N        ``100``                      largest n the client sends (up to 10,000;
                                                 larger n, longer proofs)
EMPTY_BLOCK_MS      ``5000``                     an empty block after this long without
                                                 transactions (so time is visible)
PROOF_PRESET        ``secure``                   ``fast`` proves in seconds but is insecure
AWS_ENDPOINT_URL    unset (start moto)           use this S3/SQS endpoint (e.g. LocalStack)
S3_BUCKET_NAME      ``starkstack``               the bucket of blocks and proofs
AWS_REGION          ``us-east-1``                region of the bucket and queues
LOCAL_DIR           ``.local``                   PIDs, logs and data
==================  ===========================  ==============================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class StackConfigError(ValueError):
    """A setting that cannot be used, with the variable's name."""


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "")
    if raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise StackConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise StackConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "")
    if raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise StackConfigError(f"{name} must be a number, not {raw!r}") from None
    if value < 0:
        raise StackConfigError(f"{name} must not be negative")
    return value


@dataclass(frozen=True, kw_only=True)
class StackConfig:
    """Ports, load, proof preset, storage endpoint and where state lives."""

    port_base: int = 9000
    nodes: int = 4
    client_rate: float = 5.0
    client_duration: float = 20.0
    client_max_n: int = 100
    empty_block_ms: int = 5000
    proof_preset: str = "secure"
    endpoint_url: str | None = None
    bucket: str = "starkstack"
    region: str = "us-east-1"
    local_dir: Path = Path(".local")

    @property
    def peer_port(self) -> int:
        return self.port_base

    @property
    def rpc_port(self) -> int:
        return self.port_base + 100

    @property
    def moto_port(self) -> int:
        return self.port_base + 200

    @property
    def site_port(self) -> int:
        return self.port_base + 300

    @property
    def rpc_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.rpc_port + i}" for i in range(self.nodes)]

    @property
    def s3_endpoint(self) -> str:
        return self.endpoint_url or f"http://127.0.0.1:{self.moto_port}"

    @property
    def explorer_url(self) -> str:
        return f"http://127.0.0.1:{self.site_port}/"


def load_config(env: Mapping[str, str] | None = None) -> StackConfig:
    """The stack's configuration from the environment.

    Raises:
        StackConfigError: a variable is malformed.
    """
    env = os.environ if env is None else env
    preset = env.get("PROOF_PRESET", "secure").strip() or "secure"
    if preset not in ("secure", "fast"):
        raise StackConfigError(f"PROOF_PRESET must be secure or fast, not {preset!r}")
    return StackConfig(
        port_base=_int(env, "PORT_BASE", 9000, 1024, 65535 - 400),
        client_rate=_float(env, "CLIENT_RATE", 5.0),
        client_duration=_float(env, "CLIENT_DURATION", 20.0),
        client_max_n=_int(env, "CLIENT_MAX_N", 100, 1, 10_000),
        empty_block_ms=_int(env, "EMPTY_BLOCK_MS", 5000, 100, 3_600_000),
        proof_preset=preset,
        endpoint_url=env.get("AWS_ENDPOINT_URL") or None,
        bucket=env.get("S3_BUCKET_NAME", "starkstack") or "starkstack",
        region=env.get("AWS_REGION", "us-east-1") or "us-east-1",
        local_dir=Path(env.get("LOCAL_DIR", ".local") or ".local"),
    )
