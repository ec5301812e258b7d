"""Mempool messages: batches of transactions, signed acknowledgements, batch requests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nodes import wire
from nodes.committee import Committee
from nodes.crypto import (
    DIGEST_SIZE,
    KEY_SIZE,
    SIGNATURE_SIZE,
    Digest,
    PublicKey,
    Signature,
    digest,
    verify_signature,
)
from nodes.errors import InvalidMessage, InvalidTransaction, MalformedMessage
from nodes.transactions import Felt, InvokeTransaction, parse_felt

MAX_BATCH_TXS = 10_000
MAX_REQUEST = 1024


def batch_body(txs: list[tuple[Felt, InvokeTransaction]]) -> bytes:
    """The canonical bytes of a batch's transactions: what its digest covers and the store keeps."""
    return wire.encode_json([[hex(h), tx.to_rpc()] for h, tx in txs])


def batch_digest(body: bytes) -> Digest:
    return digest(b"batch", body)


def parse_batch_body(value: Any) -> list[tuple[Felt, InvokeTransaction]]:
    """Decoded batch body -> [(hash, transaction)].

    Raises:
        MalformedMessage: not a list of [hash, transaction] with valid transactions.
    """
    if not isinstance(value, list) or len(value) > MAX_BATCH_TXS:
        raise MalformedMessage(f"a batch is a list of at most {MAX_BATCH_TXS} transactions")
    out = []
    for item in value:
        if not isinstance(item, list) or len(item) != 2:
            raise MalformedMessage("a batch entry is [hash, transaction]")
        try:
            out.append((parse_felt(item[0], "hash"), InvokeTransaction.from_rpc(item[1])))
        except InvalidTransaction as exc:
            raise MalformedMessage(f"bad transaction in batch: {exc.reason}") from exc
    return out


@dataclass(frozen=True)
class Batch:
    """Transactions sealed together by `author`; identified by the digest of `body`."""

    author: PublicKey
    body: bytes  # canonical JSON of [[hash, tx], ...]
    txs: tuple[tuple[Felt, InvokeTransaction], ...]

    @classmethod
    def make(cls, author: PublicKey, txs: list[tuple[Felt, InvokeTransaction]]) -> Batch:
        return cls(author=author, body=batch_body(txs), txs=tuple(txs))

    @classmethod
    def from_body(cls, author: PublicKey, body: bytes) -> Batch:
        return cls(author=author, body=body, txs=tuple(parse_batch_body(wire.decode_json(body))))

    def digest(self) -> Digest:
        return batch_digest(self.body)

    def to_wire(self) -> dict[str, Any]:
        return {"author": self.author.hex(), "txs": wire.decode_json(self.body)}

    @classmethod
    def from_wire(cls, value: Any) -> Batch:
        d = wire.obj(value, "batch")
        raw = wire.field(d, "txs")
        txs = parse_batch_body(raw)
        # The digest covers the canonical encoding of what was sent (re-encoding the parsed
        # transactions would cost as much again); every node that gets these bytes computes
        # the same digest, and the ledger stores the parsed, normalised transactions.
        return cls(
            author=wire.hexbytes(d, "author", KEY_SIZE), body=wire.encode_json(raw), txs=tuple(txs)
        )


def ack_digest(batch: Digest) -> Digest:
    return digest(b"batch-ack", batch)


@dataclass(frozen=True)
class BatchAck:
    """`author` has stored the batch `batch` durably."""

    batch: Digest
    author: PublicKey
    signature: Signature

    @classmethod
    def make(
        cls, batch: Digest, author: PublicKey, sign: Callable[[Digest], Signature]
    ) -> BatchAck:
        return cls(batch=batch, author=author, signature=sign(ack_digest(batch)))

    def verify(self, committee: Committee) -> None:
        if committee.stake(self.author) == 0:
            raise InvalidMessage("batch ack from an unknown authority")
        verify_signature(self.author, ack_digest(self.batch), self.signature)

    def to_wire(self) -> dict[str, Any]:
        return {"batch": self.batch.hex(), "author": self.author.hex(), "sig": self.signature.hex()}

    @classmethod
    def from_wire(cls, value: Any) -> BatchAck:
        d = wire.obj(value, "batch_ack")
        return cls(
            batch=wire.hexbytes(d, "batch", DIGEST_SIZE),
            author=wire.hexbytes(d, "author", KEY_SIZE),
            signature=wire.hexbytes(d, "sig", SIGNATURE_SIZE),
        )


@dataclass(frozen=True)
class BatchRequest:
    """Ask a peer for the batches `digests`; answers go to `origin`."""

    digests: tuple[Digest, ...]
    origin: PublicKey

    def to_wire(self) -> dict[str, Any]:
        return {"digests": [d.hex() for d in self.digests], "origin": self.origin.hex()}

    @classmethod
    def from_wire(cls, value: Any) -> BatchRequest:
        d = wire.obj(value, "batch_request")
        return cls(
            digests=tuple(
                wire.hex_value(x, "digest", DIGEST_SIZE)
                for x in wire.array(d, "digests", MAX_REQUEST)
            ),
            origin=wire.hexbytes(d, "origin", KEY_SIZE),
        )
