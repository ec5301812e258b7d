"""Fixtures for the node tests: a seeded committee of four, signers, stores, and a launcher
for committees of real node processes on free loopback ports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nodes.committee import Authority, ChainParams, Committee
from nodes.crypto import KeyPair, Signer
from nodes.local import LocalCommittee
from nodes.store import Store

# Short timeouts so that faults resolve within seconds.
FAST_ENV = {
    "NODES_TIMEOUT_MS": "1000",
    "NODES_SYNC_RETRY_MS": "500",
    "NODES_MAX_BLOCK_DELAY_MS": "100",
    "NODES_LOG_LEVEL": "INFO",
}


def seeded_keys(n: int = 4) -> list[KeyPair]:
    return [KeyPair.from_seed(bytes([i + 1]) * 32) for i in range(n)]


@pytest.fixture
def keys() -> list[KeyPair]:
    """Four fixed key pairs."""
    return seeded_keys()


@pytest.fixture
def committee(keys: list[KeyPair]) -> Committee:
    """A committee of four equal-stake authorities (addresses unused by unit tests)."""
    return Committee(
        chain=ChainParams(),
        authorities=tuple(
            Authority(
                name=k.name, stake=1, address=("127.0.0.1", 1 + i), rpc=("127.0.0.1", 101 + i)
            )
            for i, k in enumerate(keys)
        ),
    )


@pytest.fixture
def signers(keys: list[KeyPair]) -> list[Signer]:
    return [k.signer() for k in keys]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store."""
    s = Store(tmp_path / "node.sqlite3")
    yield s
    s.close()


@pytest.fixture
def local_committee(tmp_path: Path) -> Iterator[Callable[..., LocalCommittee]]:
    """Factory for committees of node processes; all are stopped at teardown."""
    made: list[LocalCommittee] = []

    def make(n: int = 4, env: dict[str, str] | None = None, **kw: object) -> LocalCommittee:
        folder = tmp_path / f"committee{len(made)}"
        folder.mkdir()
        c = LocalCommittee(folder, n, env={**FAST_ENV, **(env or {})}, **kw)  # type: ignore[arg-type]
        made.append(c)
        return c

    yield make
    for c in made:
        c.stop()
