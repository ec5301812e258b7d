"""The committee: who the authorities are, their stake, addresses, and the chain parameters.

The committee file (JSON, written by `python -m nodes keys`) is shared by every node:

```json
{"chain": {"chain_id": "SN_STARKSTACK", "empty_block_interval_ms": 2000,
           "genesis_timestamp": 1767225600},
 "authorities": [{"name": "<ed25519 public key hex>", "stake": 1,
                  "address": "127.0.0.1:9000", "rpc": "127.0.0.1:9100"}, ...]}
```

`address` is the node-to-node TCP endpoint (consensus and mempool share it), `rpc` the
JSON-RPC HTTP endpoint. Everything in `chain` must be identical on every node, because it
decides the content of blocks (and so their hashes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nodes.crypto import KEY_SIZE, PublicKey
from nodes.errors import ConfigError

DEFAULT_CHAIN_ID = "SN_STARKSTACK"


def chain_id_felt(chain_id: str) -> int:
    """A chain id short string as a felt: its ASCII bytes read big-endian (as Starknet does)."""
    return int.from_bytes(chain_id.encode("ascii"), "big")


@dataclass(frozen=True)
class ChainParams:
    """Parameters every node must share because they shape blocks."""

    chain_id: str = DEFAULT_CHAIN_ID
    empty_block_interval_ms: int = 2000
    genesis_timestamp: int = 0

    @property
    def chain_id_felt(self) -> int:
        return chain_id_felt(self.chain_id)


@dataclass(frozen=True)
class Authority:
    """One member of the committee."""

    name: PublicKey
    stake: int
    address: tuple[str, int]
    rpc: tuple[str, int]


@dataclass(frozen=True)
class Committee:
    """The authorities, indexed by name, and the thresholds derived from their stake."""

    chain: ChainParams
    authorities: tuple[Authority, ...]

    def __post_init__(self) -> None:
        names = [a.name for a in self.authorities]
        if len(set(names)) != len(names):
            raise ConfigError("the committee names an authority twice")
        if not names:
            raise ConfigError("the committee is empty")

    @property
    def size(self) -> int:
        return len(self.authorities)

    @property
    def total_stake(self) -> int:
        return sum(a.stake for a in self.authorities)

    def quorum_threshold(self) -> int:
        """2f+1 of the stake: any two quorums share an honest authority."""
        return 2 * self.total_stake // 3 + 1

    def validity_threshold(self) -> int:
        """f+1 of the stake: any such set holds an honest authority."""
        return (self.total_stake + 2) // 3

    def stake(self, name: PublicKey) -> int:
        for a in self.authorities:
            if a.name == name:
                return a.stake
        return 0

    def authority(self, name: PublicKey) -> Authority | None:
        for a in self.authorities:
            if a.name == name:
                return a
        return None

    def names(self) -> list[PublicKey]:
        """Names in a canonical order (sorted bytes): the leader rotation follows it."""
        return sorted(a.name for a in self.authorities)

    def others(self, name: PublicKey) -> list[Authority]:
        return [a for a in self.authorities if a.name != name]

    # ---- file format -------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "chain": {
                "chain_id": self.chain.chain_id,
                "empty_block_interval_ms": self.chain.empty_block_interval_ms,
                "genesis_timestamp": self.chain.genesis_timestamp,
            },
            "authorities": [
                {
                    "name": a.name.hex(),
                    "stake": a.stake,
                    "address": f"{a.address[0]}:{a.address[1]}",
                    "rpc": f"{a.rpc[0]}:{a.rpc[1]}",
                }
                for a in self.authorities
            ],
        }

    @classmethod
    def from_json(cls, data: Any) -> Committee:
        """Parse a committee document.

        Raises:
            ConfigError: a field is missing or has the wrong type.
        """
        try:
            chain = data.get("chain", {})
            params = ChainParams(
                chain_id=str(chain.get("chain_id", DEFAULT_CHAIN_ID)),
                empty_block_interval_ms=int(chain.get("empty_block_interval_ms", 2000)),
                genesis_timestamp=int(chain.get("genesis_timestamp", 0)),
            )
            params.chain_id.encode("ascii")
            if len(params.chain_id) > 31 or params.empty_block_interval_ms <= 0:
                raise ConfigError(
                    "chain_id must be at most 31 ASCII characters and the "
                    "empty block interval positive"
                )
            auths = []
            for entry in data["authorities"]:
                name = bytes.fromhex(entry["name"])
                if len(name) != KEY_SIZE:
                    raise ConfigError(f"authority name must be {KEY_SIZE} bytes")
                stake = int(entry.get("stake", 1))
                if stake <= 0:
                    raise ConfigError("stake must be positive")
                auths.append(
                    Authority(
                        name=name,
                        stake=stake,
                        address=parse_endpoint(entry["address"]),
                        rpc=parse_endpoint(entry["rpc"]),
                    )
                )
        except ConfigError:
            raise
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"invalid committee: {exc!r}") from exc
        return cls(chain=params, authorities=tuple(auths))

    @classmethod
    def load(cls, path: str | Path) -> Committee:
        try:
            data = json.loads(Path(path).read_text())
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read committee file {path}: {exc}") from exc
        return cls.from_json(data)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=2) + "\n")


def parse_endpoint(text: str) -> tuple[str, int]:
    """'host:port' -> (host, port)."""
    host, sep, port = str(text).rpartition(":")
    if not sep or not host:
        raise ConfigError(f"endpoint {text!r} is not host:port")
    number = int(port)
    if not 0 < number < 65536:
        raise ConfigError(f"port {number} out of range")
    return host, number
