"""Key files and the committee file for a local committee (`python -m nodes keys`).

A key file is JSON `{"name": "<public key hex>", "secret": "<ed25519 seed hex>"}`; keep it
private. Node i of a generated committee listens on 127.0.0.1:(base_port + i) for peers and
serves JSON-RPC on 127.0.0.1:(rpc_base_port + i).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from nodes.committee import DEFAULT_CHAIN_ID, Authority, ChainParams, Committee
from nodes.crypto import KeyPair
from nodes.errors import ConfigError


def save_key(keypair: KeyPair, path: str | Path) -> None:
    path = Path(path)
    path.write_text(json.dumps({"name": keypair.name.hex(), "secret": keypair.secret.hex()}))
    os.chmod(path, 0o600)


def load_key(path: str | Path) -> KeyPair:
    """Read a key file.

    Raises:
        ConfigError: unreadable, or the secret does not match the name.
    """
    try:
        data = json.loads(Path(path).read_text())
        keypair = KeyPair.from_seed(bytes.fromhex(data["secret"]))
        name = bytes.fromhex(data["name"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"cannot read key file {path}: {exc!r}") from exc
    if keypair.name != name:
        raise ConfigError(f"key file {path}: the secret does not belong to the name")
    return keypair


def generate(
    *,
    nodes: int,
    out: str | Path,
    base_port: int,
    rpc_base_port: int,
    host: str = "127.0.0.1",
    chain_id: str = DEFAULT_CHAIN_ID,
    empty_block_interval_ms: int = 2000,
    seeds: list[bytes] | None = None,
) -> Committee:
    """Write node<i>.key for i < nodes and committee.json into `out`; return the committee."""
    if nodes < 1:
        raise ConfigError("a committee needs at least one node")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    authorities = []
    for i in range(nodes):
        keypair = KeyPair.from_seed(seeds[i]) if seeds else KeyPair.generate()
        save_key(keypair, out / f"node{i}.key")
        authorities.append(
            Authority(
                name=keypair.name,
                stake=1,
                address=(host, base_port + i),
                rpc=(host, rpc_base_port + i),
            )
        )
    committee = Committee(
        chain=ChainParams(
            chain_id=chain_id,
            empty_block_interval_ms=empty_block_interval_ms,
            genesis_timestamp=int(time.time()),
        ),
        authorities=tuple(authorities),
    )
    committee.save(out / "committee.json")
    return committee
