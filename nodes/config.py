"""Settings of one node process, read once from the environment (and the command line).

Every setting has a default and an environment variable; command-line flags of
`python -m nodes run` override the environment. Chain-wide parameters (chain id, empty
block interval, genesis time) live in the committee file instead, since all nodes must
agree on them.

| variable | default | meaning |
|---|---|---|
| NODES_TIMEOUT_MS | 1000 | consensus round timeout |
| NODES_SYNC_RETRY_MS | 2000 | re-ask peers for a missing block or batch after this |
| NODES_MAX_BLOCK_DELAY_MS | 200 | an idle leader waits this long for transactions before proposing an empty block |
| NODES_BATCH_SIZE | 500 | a batch is sealed at this many transactions ... |
| NODES_MAX_BATCH_DELAY_MS | 50 | ... or this long after its first transaction |
| NODES_MAX_FRAME_BYTES | 16777216 | larger node-to-node frames close the connection |
| NODES_MAX_RPC_BODY_BYTES | 1048576 | larger JSON-RPC bodies are refused |
| NODES_MAX_PENDING_TXS | 200000 | admitted but not yet committed transactions before the node refuses more |
| NODES_WORKERS | 1 | worker processes for transaction hashes (block execution has one of its own) |
| NODES_VERIFY_PEER_HASHES | 1 | recompute the hash of every transaction in a peer's batch (0: trust the peer) |
| NODES_CORS_ORIGIN | * | Access-Control-Allow-Origin of JSON-RPC answers (empty: no CORS headers) |
| NODES_LOG_LEVEL | INFO | Python logging level |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

from nodes.errors import ConfigError


@dataclass(frozen=True, kw_only=True)
class NodeConfig:
    """Tunables of one node; all durations in milliseconds."""

    timeout_ms: int = 1000
    sync_retry_ms: int = 2000
    max_block_delay_ms: int = 200
    batch_size: int = 500
    max_batch_delay_ms: int = 50
    max_frame_bytes: int = 16 * 1024 * 1024
    max_rpc_body_bytes: int = 1024 * 1024
    max_pending_txs: int = 200_000
    verify_peer_hashes: bool = True
    workers: int = 1
    cors_origin: str = "*"
    log_level: str = "INFO"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if type(value) is int and value <= 0:
                raise ConfigError(f"{f.name} must be positive, got {value}")
        if self.max_block_delay_ms >= self.timeout_ms:
            raise ConfigError("max_block_delay_ms must be below timeout_ms")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> NodeConfig:
        """Defaults, then NODES_* variables, then explicit overrides (None means unset).

        Raises:
            ConfigError: a variable is not a number where one is expected.
        """
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"NODES_{f.name.upper()}")
            if raw is None:
                continue
            if f.type in ("bool", bool):
                word = raw.strip().lower()
                if word not in ("true", "1", "yes", "on", "false", "0", "no", "off"):
                    raise ConfigError(f"NODES_{f.name.upper()}={raw!r} is not a boolean")
                values[f.name] = word in ("true", "1", "yes", "on")
            elif f.type in ("int", int):
                try:
                    values[f.name] = int(raw)
                except ValueError as exc:
                    raise ConfigError(f"NODES_{f.name.upper()}={raw!r} is not an integer") from exc
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)
