"""The voting rules of 2-chain HotStuff and the durable state they depend on.

A node votes for block B only if
  1. B.round > last_voted_round (never two votes in one round), and
  2. B extends a QC of the previous round (B.qc.round + 1 == B.round), or B carries a TC for
     the previous round and B.qc is at least as high as every high QC in that TC.
Timing out in a round also raises `last_voted_round`, so a node that timed out in round r
never votes in r afterwards. The new `last_voted_round` (with the high QC) is written to
the store before the vote or timeout is released, which is what makes a node restarted
after SIGKILL safe.
"""

from __future__ import annotations

import time

from nodes.consensus.messages import QC, Block, Round
from nodes.store import Store

MAX_CLOCK_DRIFT_MS = 10_000


def extends_safely(block: Block) -> bool:
    """Rule 2: the block builds on the previous round's QC, or justifies skipping with a TC."""
    if block.qc.round + 1 == block.round:
        return True
    tc = block.tc
    return (
        tc is not None
        and tc.round + 1 == block.round
        and block.qc.round >= max(tc.high_qc_rounds())
    )


class SafetyRules:
    """Holds last_voted_round and high_qc, persisting them before they take effect."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.last_voted_round, self.high_qc = store.load_safety()

    def can_vote(self, block: Block, parent: Block, now_ms: int | None = None) -> bool:
        """Both voting rules, plus sane timestamps (not before the parent, not far ahead)."""
        now_ms = int(time.time() * 1000) if now_ms is None else now_ms
        if block.round <= self.last_voted_round or not extends_safely(block):
            return False
        return parent.timestamp_ms <= block.timestamp_ms <= now_ms + MAX_CLOCK_DRIFT_MS

    async def record_vote(self, round: Round) -> None:
        """Raise last_voted_round to `round` (durably) before voting or timing out in it."""
        if round > self.last_voted_round:
            self.last_voted_round = round
            await self._store.save_safety(self.last_voted_round, self.high_qc)

    def update_high_qc(self, qc: QC) -> bool:
        """Keep the highest QC seen (persisted with the next vote); True if it changed."""
        if qc.round > self.high_qc.round:
            self.high_qc = qc
            return True
        return False
