"""Frames <-> messages: the envelope `{"kind": ..., "body": ...}` and its dispatch table."""

from __future__ import annotations

from typing import Any

from nodes import wire
from nodes.consensus.messages import TC, Block, SyncRequest, Timeout, Vote
from nodes.errors import MalformedMessage
from nodes.mempool.messages import Batch, BatchAck, BatchRequest

Message = Block | Vote | Timeout | TC | SyncRequest | Batch | BatchAck | BatchRequest

KINDS: dict[str, Any] = {
    "propose": Block,
    "vote": Vote,
    "timeout": Timeout,
    "tc": TC,
    "sync_request": SyncRequest,
    "batch": Batch,
    "batch_ack": BatchAck,
    "batch_request": BatchRequest,
}
KIND_OF = {cls: kind for kind, cls in KINDS.items()}


def encode(message: Message) -> bytes:
    return wire.encode_json({"kind": KIND_OF[type(message)], "body": message.to_wire()})


def decode(frame: bytes) -> Message:
    """Parse one frame.

    Raises:
        MalformedMessage: not JSON, unknown kind, or a body that does not parse.
    """
    envelope = wire.obj(wire.decode_json(frame), "envelope")
    kind = wire.field(envelope, "kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise MalformedMessage(f"unknown message kind {str(kind)[:32]!r}")
    return KINDS[kind].from_wire(wire.field(envelope, "body"))
