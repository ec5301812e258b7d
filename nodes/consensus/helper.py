"""Answers peers' sync requests with the requested block and some of its ancestors."""

from __future__ import annotations

from nodes.committee import Committee
from nodes.consensus.messages import Block, SyncRequest
from nodes.network import Network
from nodes.store import Store

SYNC_DEPTH = 64  # ancestors sent along with a requested block


class Helper:
    """Looks requested blocks up in the store and sends them, oldest first."""

    def __init__(self, committee: Committee, store: Store, network: Network) -> None:
        self._committee = committee
        self._store = store
        self._network = network

    def handle(self, request: SyncRequest) -> None:
        if self._committee.stake(request.origin) == 0:
            return
        chain: list[Block] = []
        block = self._store.get_block(request.hash)
        while block is not None and len(chain) < SYNC_DEPTH:
            chain.append(block)
            if block.qc.is_genesis():
                break
            block = self._store.get_block(block.parent)
        for b in reversed(chain):
            self._network.send(request.origin, b)
