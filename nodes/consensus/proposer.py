"""Builds and broadcasts this node's proposals when it leads a round.

The proposer keeps the digests of certified batches not yet seen in a block. A leader with
digests to propose, or whose parent or grandparent carried a payload (so that payload
commits without delay), proposes at once; an idle leader waits up to `max_block_delay` for
transactions before proposing an empty block, so an idle committee does not spin. Digests
seen in a block are held back; if that block has not committed some rounds later (it was
orphaned by a timeout), they become proposable again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from nodes.consensus.messages import MAX_PAYLOAD, QC, TC, Block, Round
from nodes.crypto import Digest, Signer
from nodes.network import Network

REPROPOSE_AFTER_ROUNDS = 5


class Proposer:
    """Pending payload and the leader's proposal task."""

    def __init__(
        self,
        signer: Signer,
        network: Network,
        max_block_delay_ms: int,
        deliver: Callable[[Block], None],
    ) -> None:
        self._signer = signer
        self._network = network
        self._delay = max_block_delay_ms / 1000
        self._deliver = deliver
        self._pending: OrderedDict[Digest, None] = OrderedDict()
        self._inflight: dict[Digest, Round] = {}
        self._new = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_round: Round = 0

    def add_digest(self, digest: Digest) -> None:
        if digest not in self._inflight:
            self._pending[digest] = None
            self._new.set()

    def seen(self, payload: Iterable[Digest], round: Round) -> None:
        """Digests included in a processed block: hold them back while it may commit."""
        for d in payload:
            self._pending.pop(d, None)
            self._inflight[d] = max(round, self._inflight.get(d, 0))

    def committed(self, payload: Iterable[Digest]) -> None:
        for d in payload:
            self._pending.pop(d, None)
            self._inflight.pop(d, None)

    def has_payload(self) -> bool:
        return bool(self._pending)

    def make(self, round: Round, qc: QC, tc: TC | None, parent_ts_ms: int, urgent: bool) -> None:
        """Propose for `round` (once), now or after the idle delay."""
        if round <= self._last_round:
            return
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = asyncio.create_task(self._propose(round, qc, tc, parent_ts_ms, urgent))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _propose(
        self, round: Round, qc: QC, tc: TC | None, parent_ts_ms: int, urgent: bool
    ) -> None:
        stale = [d for d, r in self._inflight.items() if r + REPROPOSE_AFTER_ROUNDS < round]
        for d in stale:
            del self._inflight[d]
            self._pending[d] = None
        if not self._pending and not urgent:
            self._new.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new.wait(), self._delay)
        if round <= self._last_round:
            return
        self._last_round = round
        payload = tuple(list(self._pending)[:MAX_PAYLOAD])
        block = Block.make(
            qc=qc,
            tc=tc,
            author=self._signer.name,
            round=round,
            payload=payload,
            timestamp_ms=max(int(time.time() * 1000), parent_ts_ms),
            sign=self._signer.sign,
        )
        self._network.broadcast(block)
        self._deliver(block)
