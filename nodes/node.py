"""Wires one node: store, network, mempool, consensus, ledger and JSON-RPC. Nothing else."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from nodes.codec import Message
from nodes.committee import Committee
from nodes.config import NodeConfig
from nodes.consensus.core import Core
from nodes.consensus.helper import Helper
from nodes.consensus.messages import TC, Block, SyncRequest, Timeout, Vote
from nodes.consensus.proposer import Proposer
from nodes.consensus.safety import SafetyRules
from nodes.consensus.synchronizer import Synchronizer
from nodes.crypto import KeyPair
from nodes.errors import ConfigError, NodeError
from nodes.ledger import Ledger
from nodes.mempool.core import Mempool
from nodes.mempool.messages import Batch, BatchAck, BatchRequest
from nodes.network import Network
from nodes.rpc.methods import RpcMethods
from nodes.rpc.server import RpcServer
from nodes.store import Store
from nodes.workers import Workers, execute_block

log = logging.getLogger(__name__)

STORE_FILE = "node.sqlite3"
BATCHES_IN_FLIGHT = 256  # peer batches being checked at once
STOP_TIMEOUT_S = 10.0
SYNC_BACKLOG = 10  # committed blocks waiting for execution before the node reports syncing


class Node:
    """One authority of the committee, running in the current event loop."""

    def __init__(
        self,
        *,
        keypair: KeyPair,
        committee: Committee,
        store_dir: str | Path,
        config: NodeConfig,
        listen_host: str | None = None,
        peer_port: int | None = None,
        rpc_port: int | None = None,
    ) -> None:
        me = committee.authority(keypair.name)
        if me is None:
            raise ConfigError("this key is not in the committee")
        self.config = config
        self.committee = committee
        self._me = me
        self._listen_host = listen_host
        self._peer_port = peer_port or me.address[1]
        self._rpc_port = rpc_port or me.rpc[1]
        self.signer = keypair.signer()
        self.store = Store(Path(store_dir) / STORE_FILE)
        self.workers = Workers(committee.chain.chain_id_felt, config.workers)
        self.network = Network(keypair.name, committee, self._on_message, config.max_frame_bytes)
        self.synchronizer = Synchronizer(
            keypair.name, self.store, self.network, config.sync_retry_ms
        )
        self.mempool = Mempool(
            signer=self.signer,
            committee=committee,
            store=self.store,
            network=self.network,
            batch_size=config.batch_size,
            max_batch_delay_ms=config.max_batch_delay_ms,
            retry_ms=config.sync_retry_ms,
            chain_id=committee.chain.chain_id_felt,
            verify_peer_hashes=config.verify_peer_hashes,
            hashes=self.workers.hashes,
        )
        self.ledger = Ledger(
            self.store,
            committee.chain,
            self.mempool.batch,
            lambda *args: self.workers.run(execute_block, *args),
        )
        self.proposer = Proposer(
            self.signer,
            self.network,
            config.max_block_delay_ms,
            deliver=lambda block: self.core.deliver(block),
        )
        self.core = Core(
            signer=self.signer,
            committee=committee,
            store=self.store,
            network=self.network,
            safety=SafetyRules(self.store),
            synchronizer=self.synchronizer,
            proposer=self.proposer,
            timeout_ms=config.timeout_ms,
            payload_missing=self.mempool.missing,
            park_for_payload=self.mempool.park,
            commit=self.ledger.enqueue,
            last_committed_round=self.ledger.executed_round,
        )
        self.helper = Helper(committee, self.store, self.network)
        self.synchronizer.on_ready = self.core.loopback
        self.mempool.on_available = self.core.loopback
        self.mempool.on_certified = self.proposer.add_digest
        self.ledger.subscribe(
            lambda new, block, hashes: self.mempool.committed(list(block.payload), hashes)
        )
        self.rpc = RpcServer(
            RpcMethods(
                store=self.store,
                ledger=self.ledger,
                mempool=self.mempool,
                chain=committee.chain,
                hash_tx=self.workers.hash,
                max_pending_txs=config.max_pending_txs,
                syncing=lambda: self.synchronizer.syncing or self.ledger.backlog > SYNC_BACKLOG,
            ),
            config.max_rpc_body_bytes,
            config.cors_origin,
        )
        self._core_task: asyncio.Task[None] | None = None
        self.dropped_messages = 0
        self._batch_tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        await self.workers.start()
        host = self._listen_host
        await self.network.start(host or self._me.address[0], self._peer_port)
        await self.rpc.start(host or self._me.rpc[0], self._rpc_port)
        self.ledger.start()
        self.mempool.start()
        self.synchronizer.start()
        self._core_task = asyncio.create_task(self.core.run())
        log.info(
            "node %s up: peers on %s:%d, rpc on %s:%d, chain height %d",
            self.signer.name.hex()[:16],
            self._me.address[0],
            self._peer_port,
            self._me.rpc[0],
            self._rpc_port,
            self.ledger.head.number,
        )

    async def stop(self) -> None:
        if self._core_task is not None:
            self._core_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._core_task
        await self.proposer.stop()
        await self.synchronizer.stop()
        await self.mempool.stop()
        await self.ledger.stop()
        await self.rpc.stop()
        await self.network.stop()
        self.workers.close()
        self.store.close()

    async def _handle_batch(self, batch: Batch) -> None:
        try:
            await self.mempool.handle_batch(batch)
        except NodeError as exc:
            self.dropped_messages += 1
            log.debug("dropped batch: %s", exc)

    async def _on_message(self, message: Message) -> None:
        try:
            if isinstance(message, Block | Vote | Timeout | TC):
                self.core.deliver(message)
            elif isinstance(message, SyncRequest):
                self.helper.handle(message)
            elif isinstance(message, Batch):
                # Checking a batch waits for hashes; do not hold up the peer's other messages.
                if len(self._batch_tasks) >= BATCHES_IN_FLIGHT:
                    await asyncio.wait(self._batch_tasks, return_when=asyncio.FIRST_COMPLETED)
                task = asyncio.create_task(self._handle_batch(message))
                self._batch_tasks.add(task)
                task.add_done_callback(self._batch_tasks.discard)
            elif isinstance(message, BatchAck):
                self.mempool.handle_ack(message)
            elif isinstance(message, BatchRequest):
                self.mempool.handle_request(message)
        except NodeError as exc:
            self.dropped_messages += 1
            log.debug("dropped %s: %s", type(message).__name__, exc)


async def run_forever(node: Node) -> None:
    """Start `node` and serve until cancelled (SIGINT/SIGTERM)."""
    await node.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    import signal

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    try:
        await asyncio.wait_for(node.stop(), STOP_TIMEOUT_S)
    except TimeoutError:
        log.warning("node did not stop within %.0f s; exiting anyway", STOP_TIMEOUT_S)
