"""The mempool's state machine: own batches, peers' batches, acknowledgements, fetching.

Flow of a client transaction: `submit` -> batch maker -> sealed batch stored (the client's
answer waits for this) -> batch and our signed ack broadcast -> peers check it, store it and
broadcast their acks -> once acks from 2f+1 of the stake are seen, every node hands the digest
to its proposer.

Checking a peer's batch means recomputing every transaction hash (when
`verify_peer_hashes`), so that a faulty author cannot label a transaction with another one's
hash. An ack vouches for that check, so a batch acknowledged by a quorum (at least f + 1
honest checks or honest authorship) is stored without checking again; and only the
authorities that follow the author in the committee's order, as many as a quorum needs,
check at once; the others wait for that quorum for a retry interval before checking
themselves. A proposed block whose batches this node lacks is parked until they are fetched
(from the block's author first, then from everyone on each retry).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from nodes.committee import Committee
from nodes.consensus.messages import Block
from nodes.crypto import Digest, PublicKey, Signer
from nodes.errors import InvalidMessage, MalformedMessage
from nodes.mempool.batch_maker import BatchMaker
from nodes.mempool.messages import Batch, BatchAck, BatchRequest
from nodes.network import Network
from nodes.store import Store
from nodes.transactions import Felt, InvokeTransaction

log = logging.getLogger(__name__)

MAX_TRACKED = 100_000
PARK_LIMIT_S = 120.0
RECENT_BATCHES = 4096


@dataclass
class _Acks:
    authors: set[PublicKey] = field(default_factory=set)
    weight: int = 0
    certified: bool = False


@dataclass
class _Parked:
    block: Block
    missing: set[Digest]
    asked: float = 0.0
    since: float = 0.0


class Mempool:
    """Owns batches: sealing, dissemination, quorum tracking and availability."""

    def __init__(
        self,
        *,
        signer: Signer,
        committee: Committee,
        store: Store,
        network: Network,
        batch_size: int,
        max_batch_delay_ms: int,
        retry_ms: int,
        chain_id: int,
        verify_peer_hashes: bool,
        hashes: Callable[[list[InvokeTransaction]], Awaitable[list[Felt]]],
    ) -> None:
        self.name = signer.name
        self._signer = signer
        self._committee = committee
        self._store = store
        self._network = network
        self._retry = retry_ms / 1000
        self._chain_id = chain_id
        self._verify_hashes = verify_peer_hashes
        self._hashes = hashes
        self._maker = BatchMaker(batch_size, max_batch_delay_ms, self._seal)
        self._acks: OrderedDict[Digest, _Acks] = OrderedDict()
        self._own_uncertified: dict[Digest, tuple[Batch, float]] = {}
        self._parked: dict[Digest, _Parked] = {}  # block digest -> parked block
        self._pending: dict[Felt, None] = {}  # own admitted, not yet committed tx hashes
        self._recent: OrderedDict[Digest, Batch] = OrderedDict()  # parsed, for the ledger
        self._checking: set[Digest] = set()  # peer batches whose hashes are being checked
        self._certified_events: dict[Digest, asyncio.Event] = {}
        self.on_certified: Callable[[Digest], None] = lambda d: None
        self.on_available: Callable[[Block], None] = lambda b: None
        self.rejected_batches = 0
        self._task: asyncio.Task[None] | None = None

    # ---- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Re-announce own batches stored before a restart but not yet committed."""
        for digest, body in self._store.uncommitted_own_batches():
            try:
                batch = Batch.from_body(self.name, body)
            except MalformedMessage:
                log.error("stored own batch %s is unreadable", digest.hex()[:16])
                continue
            for tx_hash, _ in batch.txs:
                self._pending[tx_hash] = None
            self._announce(batch)
        self._task = asyncio.create_task(self._retry_loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    # ---- clients -----------------------------------------------------------------------

    def contains(self, tx_hash: Felt) -> bool:
        return tx_hash in self._pending

    def pending_count(self) -> int:
        return len(self._pending)

    def submit(self, tx_hash: Felt, tx: InvokeTransaction) -> asyncio.Future[None]:
        """Admit a transaction; the future resolves once it is stored in a sealed batch."""
        self._pending[tx_hash] = None
        return self._maker.add(tx_hash, tx)

    async def _seal(
        self, txs: list[tuple[Felt, InvokeTransaction]], waiters: list[asyncio.Future[None]]
    ) -> None:
        batch = Batch.make(self.name, txs)
        try:
            await self._store.put_batch(batch.digest(), batch.body, own=True)
        except Exception as exc:
            for tx_hash, _ in txs:
                self._pending.pop(tx_hash, None)
            for w in waiters:
                if not w.done():
                    w.set_exception(exc)
            return
        for w in waiters:
            if not w.done():
                w.set_result(None)
        self._announce(batch)

    def batch(self, digest: Digest) -> Batch | None:
        """A stored batch, parsed (recent ones come from memory).

        Raises:
            MalformedMessage: the stored bytes do not parse.
        """
        batch = self._recent.get(digest)
        if batch is not None:
            return batch
        body = self._store.get_batch(digest)
        return None if body is None else Batch.from_body(self.name, body)

    def _remember(self, digest: Digest, batch: Batch) -> None:
        self._recent[digest] = batch
        if len(self._recent) > RECENT_BATCHES:
            self._recent.popitem(last=False)

    def _announce(self, batch: Batch) -> None:
        digest = batch.digest()
        self._remember(digest, batch)
        self._own_uncertified[digest] = (batch, time.monotonic())
        self._network.broadcast(batch)
        ack = BatchAck.make(digest, self.name, self._signer.sign)
        self._network.broadcast(ack)
        self._count_ack(ack)

    # ---- peers -------------------------------------------------------------------------

    async def handle_batch(self, batch: Batch) -> None:
        digest = batch.digest()
        if self._committee.stake(batch.author) == 0:
            raise InvalidMessage("batch from an unknown authority")
        if not self._store.has_batch(digest):
            if digest in self._checking:
                return  # a copy of it is being checked; that check acknowledges it
            self._checking.add(digest)
            try:
                await self._check(batch, digest)
                await self._store.put_batch(digest, batch.body, own=False)
            finally:
                self._checking.discard(digest)
            self._remember(digest, batch)
        # (Re-)acknowledge: a re-sent batch means its author has not seen our ack yet.
        ack = BatchAck.make(digest, self.name, self._signer.sign)
        self._network.broadcast(ack)
        self._count_ack(ack)
        self._batch_arrived(digest)

    async def _check(self, batch: Batch, digest: Digest) -> None:
        """Recompute the batch's transaction hashes, unless a quorum already acknowledged it:
        each honest acknowledgement vouches for a check (or for the author's own hashing),
        and a quorum holds at least f + 1 honest ones.

        Raises:
            InvalidMessage: a transaction's hash is not the one the batch gives.
        """
        if not self._verify_hashes or batch.author == self.name or self._certified(digest):
            return
        if not self._designated(batch.author):
            # The author and the authorities after it (in the committee's order) make a
            # quorum and check first; the others check only if that quorum does not form.
            event = self._certified_events.setdefault(digest, asyncio.Event())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), self._retry)
            self._certified_events.pop(digest, None)
            if self._certified(digest):
                return
        computed = await self._hashes([tx for _, tx in batch.txs])
        if computed != [h for h, _ in batch.txs]:
            self.rejected_batches += 1
            raise InvalidMessage("batch carries a wrong transaction hash")

    def _certified(self, digest: Digest) -> bool:
        acks = self._acks.get(digest)
        return acks is not None and acks.certified

    def _designated(self, author: PublicKey) -> bool:
        """Is this node one of the first checkers of `author`'s batches?"""
        names = self._committee.names()
        start = names.index(author) if author in names else 0
        weight = self._committee.stake(author)
        for step in range(1, len(names)):
            if weight >= self._committee.quorum_threshold():
                return False
            name = names[(start + step) % len(names)]
            if name == self.name:
                return True
            weight += self._committee.stake(name)
        return False

    def handle_ack(self, ack: BatchAck) -> None:
        acks = self._acks.get(ack.batch)
        if acks is not None and ack.author in acks.authors:
            return
        ack.verify(self._committee)
        self._count_ack(ack)

    def handle_request(self, request: BatchRequest) -> None:
        if self._committee.stake(request.origin) == 0:
            return
        for digest in request.digests:
            body = self._store.get_batch(digest)
            if body is not None:
                try:
                    batch = Batch.from_body(self.name, body)
                except MalformedMessage:
                    continue
                # The author field only routes acks; the digest covers the body alone.
                self._network.send(request.origin, batch)

    def _count_ack(self, ack: BatchAck) -> None:
        acks = self._acks.get(ack.batch)
        if acks is None:
            acks = self._acks[ack.batch] = _Acks()
            while len(self._acks) > MAX_TRACKED:
                self._acks.popitem(last=False)
        if ack.author in acks.authors:
            return
        acks.authors.add(ack.author)
        acks.weight += self._committee.stake(ack.author)
        if not acks.certified and acks.weight >= self._committee.quorum_threshold():
            acks.certified = True
            event = self._certified_events.get(ack.batch)
            if event is not None:
                event.set()
            self._own_uncertified.pop(ack.batch, None)
            if not self._store.batch_committed(ack.batch):
                self.on_certified(ack.batch)

    # ---- availability for consensus ----------------------------------------------------

    def missing(self, payload: tuple[Digest, ...]) -> set[Digest]:
        return {d for d in payload if not self._store.has_batch(d)}

    def park(self, block: Block, missing: set[Digest]) -> None:
        """Hold `block` until its batches `missing` are stored, fetching them meanwhile."""
        key = block.digest()
        if key in self._parked:
            return
        now = time.monotonic()
        parked = self._parked[key] = _Parked(
            block=block, missing=set(missing), asked=now, since=now
        )
        request = BatchRequest(tuple(parked.missing), self.name)
        if block.author == self.name:
            self._network.broadcast(request)  # our own proposal, of batches we lack
        else:
            self._network.send(block.author, request)

    def _batch_arrived(self, digest: Digest) -> None:
        for key, parked in list(self._parked.items()):
            parked.missing.discard(digest)
            if not parked.missing:
                del self._parked[key]
                self.on_available(parked.block)

    # ---- commits -----------------------------------------------------------------------

    def committed(self, batches: list[Digest], tx_hashes: list[Felt]) -> None:
        """Forget what the ledger has just committed."""
        for d in batches:
            self._own_uncertified.pop(d, None)
            self._acks.pop(d, None)
            self._recent.pop(d, None)
        for h in tx_hashes:
            self._pending.pop(h, None)

    async def _retry_loop(self) -> None:
        while True:
            await asyncio.sleep(self._retry)
            now = time.monotonic()
            for digest, (batch, sent) in list(self._own_uncertified.items()):
                if now - sent >= self._retry:
                    self._own_uncertified[digest] = (batch, now)
                    self._network.broadcast(batch)
            for key, parked in list(self._parked.items()):
                if now - parked.since > PARK_LIMIT_S:
                    # Nobody has these batches (a faulty leader's made-up digests): give up.
                    # If the block matters it comes back, as an ancestor, through sync.
                    del self._parked[key]
                elif now - parked.asked >= self._retry:
                    parked.asked = now
                    self._network.broadcast(BatchRequest(tuple(parked.missing), self.name))
