"""Node-to-node transport: length-prefixed frames over TCP, knowing nothing of consensus.

A frame is a 4-byte big-endian length followed by that many bytes (one encoded message).
The receiver closes a connection whose announced length is zero or above the configured
maximum, and drops (and counts) frames that do not decode, so garbage from a peer never
reaches the protocol and never stops the node. Outgoing traffic goes through one queue
per peer, drained by a task that reconnects with backoff; when a queue is full the oldest
message is dropped (consensus recovers lost messages through timeouts and sync).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from nodes import codec
from nodes.committee import Committee
from nodes.crypto import PublicKey
from nodes.errors import MalformedMessage

log = logging.getLogger(__name__)

Handler = Callable[[codec.Message], Awaitable[None]]
HEADER = 4
QUEUE_LIMIT = 20_000


class PeerLink:
    """The outgoing connection to one peer."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._queue: deque[bytes] = deque()
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.dropped = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def send(self, frame: bytes) -> None:
        if len(self._queue) >= QUEUE_LIMIT:
            self._queue.popleft()
            self.dropped += 1
        self._queue.append(frame)
        self._ready.set()

    async def _run(self) -> None:
        backoff = 0.05
        while True:
            try:
                _, writer = await asyncio.open_connection(self.host, self.port)
            except OSError:
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 1.0)
                continue
            backoff = 0.05
            try:
                while True:
                    if not self._queue:
                        self._ready.clear()
                        await self._ready.wait()
                    while self._queue:
                        frame = self._queue.popleft()
                        writer.write(len(frame).to_bytes(HEADER, "big") + frame)
                    await writer.drain()
            except (OSError, ConnectionError):
                pass
            finally:
                writer.close()
                with contextlib.suppress(Exception):
                    await writer.wait_closed()


class Network:
    """Listens on this node's address and sends to peers by name."""

    def __init__(
        self, name: PublicKey, committee: Committee, handler: Handler, max_frame_bytes: int
    ) -> None:
        self.name = name
        self._committee = committee
        self._handler = handler
        self._max_frame = max_frame_bytes
        self._links = {a.name: PeerLink(*a.address) for a in committee.others(name)}
        self._server: asyncio.base_events.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self.malformed_frames = 0
        self.oversized_frames = 0

    async def start(self, host: str, port: int) -> None:
        self._server = await asyncio.start_server(self._serve, host, port)
        for link in self._links.values():
            link.start()

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._connections):
            task.cancel()
        for link in self._links.values():
            await link.stop()

    def send(self, to: PublicKey, message: codec.Message) -> None:
        link = self._links.get(to)
        if link is not None:
            link.send(codec.encode(message))

    def broadcast(self, message: codec.Message) -> None:
        frame = codec.encode(message)
        for link in self._links.values():
            link.send(frame)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
        try:
            while True:
                header = await reader.readexactly(HEADER)
                size = int.from_bytes(header, "big")
                if size == 0 or size > self._max_frame:
                    self.oversized_frames += 1
                    log.warning("closing connection: frame of %d bytes", size)
                    return
                frame = await reader.readexactly(size)
                try:
                    message = codec.decode(frame)
                except MalformedMessage as exc:
                    self.malformed_frames += 1
                    log.debug("dropping malformed frame: %s", exc.reason)
                    continue
                try:
                    await self._handler(message)
                except Exception:
                    log.exception("handler failed on %s", type(message).__name__)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        except asyncio.CancelledError:
            pass  # shutting down: end quietly (asyncio would log a cancelled callback task)
        finally:
            if task is not None:
                self._connections.discard(task)
            writer.close()
