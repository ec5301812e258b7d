"""The round state machine of 2-chain HotStuff (after asonnino/hotstuff's `core`).

One task consumes an inbox of events (messages from peers, this node's own proposals, and
blocks re-injected once their ancestors or batches are available) and the round timer.
Commit rule: when a block's QC certifies a parent b1 whose own parent b0 is from the round
just before (b0.round + 1 == b1.round), b0 and its uncommitted ancestors are committed.
Errors in a message (bad signature, wrong leader, malformed) drop that message only.

Round synchronisation: besides QCs and TCs, a node that sees timeouts from f+1 of the stake
for rounds at or above r > its own round joins round r and times out there too (at least
one honest node gave up on r, so waiting in an older round cannot help).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable

from nodes.codec import Message
from nodes.committee import Committee
from nodes.consensus.aggregator import Aggregator
from nodes.consensus.leader import RoundRobinLeader
from nodes.consensus.messages import QC, TC, Block, Round, SyncRequest, Timeout, Vote
from nodes.consensus.proposer import Proposer
from nodes.consensus.safety import SafetyRules
from nodes.consensus.synchronizer import Synchronizer
from nodes.consensus.timer import Timer
from nodes.crypto import Signer, verify_signature
from nodes.errors import InvalidMessage, NodeError
from nodes.network import Network
from nodes.store import Store

log = logging.getLogger(__name__)

VERIFIED_QC_CACHE = 256
# Votes and timeouts further ahead are ignored, so a faulty member cannot fill memory with
# far-future rounds; a node that far behind catches up through QCs and TCs in proposals.
MAX_ROUNDS_AHEAD = 10_000


class Core:
    """Round state, voting, certificate handling and commits."""

    def __init__(
        self,
        *,
        signer: Signer,
        committee: Committee,
        store: Store,
        network: Network,
        safety: SafetyRules,
        synchronizer: Synchronizer,
        proposer: Proposer,
        timeout_ms: int,
        payload_missing: Callable[[tuple[bytes, ...]], set[bytes]],
        park_for_payload: Callable[[Block, set[bytes]], None],
        commit: Callable[[list[Block]], None],
        last_committed_round: Round,
    ) -> None:
        self.name = signer.name
        self._signer = signer
        self._committee = committee
        self._store = store
        self._network = network
        self.safety = safety
        self._sync = synchronizer
        self._proposer = proposer
        self._leader = RoundRobinLeader(committee)
        self._aggregator = Aggregator(committee)
        self._timer = Timer(timeout_ms)
        self._payload_missing = payload_missing
        self._park = park_for_payload
        self._commit_out = commit
        self.round: Round = max(safety.last_voted_round, safety.high_qc.round) + 1
        self.last_committed_round: Round = last_committed_round
        self._inbox: asyncio.Queue[tuple[str, object]] = asyncio.Queue()
        self._verified_qcs: OrderedDict[tuple[bytes, Round], None] = OrderedDict()
        self.dropped_messages = 0
        self.equivocations = 0
        self._proposals: OrderedDict[Round, bytes] = OrderedDict()  # round -> first digest

    # ---- entry points ------------------------------------------------------------------

    def deliver(self, message: Message) -> None:
        self._inbox.put_nowait(("message", message))

    def loopback(self, block: Block) -> None:
        """A parked block whose ancestors or batches are now stored."""
        self._inbox.put_nowait(("loopback", block))

    async def run(self) -> None:
        self._timer.reset()
        if self._leader.get(self.round) == self.name:
            self._generate_proposal(None)
        while True:
            remaining = self._timer.remaining()
            if remaining <= 0:
                await self._guard(self._local_timeout_round())
                continue
            try:
                kind, item = await asyncio.wait_for(self._inbox.get(), remaining)
            except TimeoutError:
                continue
            if kind == "loopback":
                assert isinstance(item, Block)
                await self._guard(self._process_block(item))
            else:
                await self._guard(self._handle(item))

    async def _guard(self, step: object) -> None:
        try:
            await step  # type: ignore[misc]
        except NodeError as exc:
            self.dropped_messages += 1
            log.debug("dropped: %s", exc)
        except Exception:
            self.dropped_messages += 1
            log.exception("consensus step failed")

    async def _handle(self, message: object) -> None:
        if isinstance(message, Block):
            await self._handle_proposal(message)
        elif isinstance(message, Vote):
            await self._handle_vote(message)
        elif isinstance(message, Timeout):
            await self._handle_timeout(message)
        elif isinstance(message, TC):
            await self._handle_tc(message)
        elif isinstance(message, SyncRequest):  # routed to the helper by the node
            pass

    # ---- verification helpers ----------------------------------------------------------

    def _verify_qc(self, qc: QC) -> None:
        key = (qc.hash, qc.round)
        if qc.is_genesis() or key in self._verified_qcs:
            return
        qc.verify(self._committee)
        self._verified_qcs[key] = None
        if len(self._verified_qcs) > VERIFIED_QC_CACHE:
            self._verified_qcs.popitem(last=False)

    def _verify_block(self, block: Block) -> None:
        """Block.verify, but through the QC cache (every block repeats a QC we usually
        verified already)."""
        if block.round == 0:
            raise InvalidMessage("round 0 is reserved for genesis")
        if block.author != self._leader.get(block.round):
            raise InvalidMessage(f"block of round {block.round} not from its leader")
        if block.qc.round >= block.round:
            raise InvalidMessage("block's QC is not from an earlier round")
        verify_signature(block.author, block.digest(), block.signature)
        if block.tc is not None:
            if block.tc.round >= block.round:
                raise InvalidMessage("block's TC is not from an earlier round")
            block.tc.verify(self._committee)
        self._verify_qc(block.qc)

    def _verify_timeout(self, timeout: Timeout) -> None:
        if self._committee.stake(timeout.author) == 0:
            raise InvalidMessage("timeout from an unknown authority")
        if timeout.high_qc.round >= timeout.round:
            raise InvalidMessage("timeout's high QC is not from an earlier round")
        verify_signature(timeout.author, timeout.digest(), timeout.signature)
        self._verify_qc(timeout.high_qc)

    # ---- rounds ------------------------------------------------------------------------

    def _advance_round(self, round: Round) -> None:
        if round < self.round:
            return
        self._timer.reset()
        self.round = round + 1
        self._aggregator.cleanup(round)

    def _process_qc(self, qc: QC) -> None:
        self._advance_round(qc.round)
        self.safety.update_high_qc(qc)

    async def _local_timeout_round(self) -> None:
        log.info("timeout in round %d", self.round)
        await self.safety.record_vote(self.round)
        timeout = Timeout.make(self.safety.high_qc, self.round, self.name, self._signer.sign)
        self._timer.reset()
        self._network.broadcast(timeout)
        await self._handle_timeout(timeout)

    def _generate_proposal(self, tc: TC | None) -> None:
        qc = self.safety.high_qc
        parent = self._store.get_block(qc.hash) if not qc.is_genesis() else None
        urgent = parent is None and not qc.is_genesis()
        parent_ts = 0
        if parent is not None:
            parent_ts = parent.timestamp_ms
            grandparent = (
                self._store.get_block(parent.parent) if not parent.qc.is_genesis() else None
            )
            urgent = bool(parent.payload) or bool(grandparent and grandparent.payload)
        self._proposer.make(self.round, qc, tc, parent_ts, urgent)

    # ---- handlers ----------------------------------------------------------------------

    async def _handle_proposal(self, block: Block) -> None:
        self._verify_block(block)
        self._note_proposal(block)
        self._process_qc(block.qc)
        if block.tc is not None:
            self._advance_round(block.tc.round)
        missing = self._payload_missing(block.payload)
        if missing:
            self._park(block, missing)
            return
        await self._process_block(block)

    def _note_proposal(self, block: Block) -> None:
        """Log a leader that signed two different blocks for one round (it stays harmless:
        this node votes at most once per round)."""
        digest = block.digest()
        first = self._proposals.setdefault(block.round, digest)
        if first != digest and first != b"":
            self._proposals[block.round] = b""  # report each round once
            self.equivocations += 1
            log.warning(
                "equivocation: two proposals for round %d by %s",
                block.round,
                block.author.hex()[:16],
            )
        while len(self._proposals) > 1024:
            self._proposals.popitem(last=False)

    async def _process_block(self, block: Block) -> None:
        ancestors = self._sync.get_ancestors(block)
        if ancestors is None:
            return
        b0, b1 = ancestors
        self._store.put_block(block)
        self._sync.stored(block)
        self._proposer.seen(block.payload, block.round)
        if b0.round + 1 == b1.round and b0.round > 0:
            self._commit(b0)
        if block.round != self.round:
            return
        if self.safety.can_vote(block, b1):
            await self.safety.record_vote(block.round)
            vote = Vote.make(block, self.name, self._signer.sign)
            next_leader = self._leader.get(self.round + 1)
            if next_leader == self.name:
                await self._handle_vote(vote)
            else:
                self._network.send(next_leader, vote)

    def _commit(self, block: Block) -> None:
        if block.round <= self.last_committed_round:
            return
        chain = [block]
        current = block
        while not current.qc.is_genesis():
            parent = self._store.get_block(current.parent)
            if parent is None:
                # Processed blocks always have their ancestors stored; committing around a
                # hole would make this node's chain differ from the others', so do not.
                log.error(
                    "cannot commit round %d: ancestor %s is missing",
                    block.round,
                    current.parent.hex()[:16],
                )
                return
            if parent.round <= self.last_committed_round:
                break
            chain.append(parent)
            current = parent
        self.last_committed_round = block.round
        chain.reverse()
        for b in chain:
            self._proposer.committed(b.payload)
        self._commit_out(chain)

    async def _handle_vote(self, vote: Vote) -> None:
        if vote.round < self.round or vote.round > self.round + MAX_ROUNDS_AHEAD:
            return
        vote.verify(self._committee)
        qc = self._aggregator.add_vote(vote)
        if qc is not None:
            self._verified_qcs[(qc.hash, qc.round)] = None
            self._process_qc(qc)
            if self._leader.get(self.round) == self.name:
                self._generate_proposal(None)

    async def _handle_timeout(self, timeout: Timeout) -> None:
        if timeout.round < self.round or timeout.round > self.round + MAX_ROUNDS_AHEAD:
            return
        if timeout.author != self.name:
            self._verify_timeout(timeout)
        self._process_qc(timeout.high_qc)
        tc = self._aggregator.add_timeout(timeout)
        if tc is not None:
            self._advance_round(tc.round)
            self._network.broadcast(tc)
            if self._leader.get(self.round) == self.name:
                self._generate_proposal(tc)
            return
        if (
            timeout.round > self.round
            and self._aggregator.timeout_weight_at_or_above(timeout.round)
            >= self._committee.validity_threshold()
        ):
            self.round = timeout.round
            await self._local_timeout_round()

    async def _handle_tc(self, tc: TC) -> None:
        if tc.round < self.round:
            return
        tc.verify(self._committee)
        self._advance_round(tc.round)
        if self._leader.get(self.round) == self.name:
            self._generate_proposal(tc)
