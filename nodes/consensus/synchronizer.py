"""Finds a block's ancestors, asking peers for any that are missing.

`get_ancestors(block)` returns (grandparent, parent) when both are stored. Otherwise it
parks the block, sends a `SyncRequest` for the missing parent (to the block's author first,
to everyone on each retry), and returns None; when the parent is stored the core is handed
the parked block again through `on_ready`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from nodes.consensus.messages import Block, SyncRequest
from nodes.crypto import Digest, PublicKey
from nodes.network import Network
from nodes.store import Store

GENESIS = Block.genesis()


class Synchronizer:
    """Fetches missing parents and re-injects the blocks that waited for them."""

    def __init__(self, name: PublicKey, store: Store, network: Network, retry_ms: int) -> None:
        self._name = name
        self._store = store
        self._network = network
        self._retry = retry_ms / 1000
        self._waiting: dict[Digest, list[Block]] = {}  # missing parent -> children
        self._asked: dict[Digest, float] = {}
        self.on_ready: Callable[[Block], None] = lambda b: None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._retry_loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    @property
    def syncing(self) -> bool:
        return bool(self._waiting)

    def get_parent(self, block: Block) -> Block | None:
        if block.qc.is_genesis():
            return GENESIS
        parent = self._store.get_block(block.parent)
        if parent is not None:
            return parent
        children = self._waiting.setdefault(block.parent, [])
        if all(c.digest() != block.digest() for c in children):
            children.append(block)
        if block.parent not in self._asked:
            self._asked[block.parent] = time.monotonic()
            self._network.send(block.author, SyncRequest(block.parent, self._name))
        return None

    def get_ancestors(self, block: Block) -> tuple[Block, Block] | None:
        b1 = self.get_parent(block)
        if b1 is None:
            return None
        b0 = self.get_parent(b1)
        if b0 is None:
            return None
        return b0, b1

    def stored(self, block: Block) -> None:
        """A block was stored: release the children that waited for it."""
        digest = block.digest()
        self._asked.pop(digest, None)
        for child in self._waiting.pop(digest, []):
            self.on_ready(child)

    async def _retry_loop(self) -> None:
        while True:
            await asyncio.sleep(self._retry)
            now = time.monotonic()
            for digest, asked in list(self._asked.items()):
                if digest not in self._waiting:
                    del self._asked[digest]
                elif now - asked >= self._retry:
                    self._asked[digest] = now
                    self._network.broadcast(SyncRequest(digest, self._name))
