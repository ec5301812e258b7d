"""Consensus messages: blocks, votes, quorum certificates, timeouts, timeout certificates.

Each message has `digest()` (what is signed) and `verify(committee)` (raises `InvalidMessage`
with the reason), plus `to_wire()` / `from_wire()` for the JSON frames. Signed digests carry
a domain tag so a vote can never be replayed as a timeout.
"""

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
    u64,
    verify_signature,
)
from nodes.errors import InvalidMessage

Round = int

GENESIS_HASH: Digest = bytes(DIGEST_SIZE)
MAX_PAYLOAD = 4096  # batch digests in one block
MAX_VOTES = 256  # signatures in one certificate (well above any committee we run)


def vote_digest(block_hash: Digest, round: Round) -> Digest:
    return digest(b"vote", block_hash, u64(round))


def timeout_digest(round: Round, high_qc_round: Round) -> Digest:
    return digest(b"timeout", u64(round), u64(high_qc_round))


def _check_quorum(committee: Committee, authors: list[PublicKey], what: str) -> None:
    if len(set(authors)) != len(authors):
        raise InvalidMessage(f"{what} counts an authority twice")
    weight = 0
    for name in authors:
        stake = committee.stake(name)
        if stake == 0:
            raise InvalidMessage(f"{what} has a vote from an unknown authority")
        weight += stake
    if weight < committee.quorum_threshold():
        raise InvalidMessage(f"{what} has stake {weight} below the quorum")


@dataclass(frozen=True)
class QC:
    """A quorum certificate: 2f+1 votes for the block `hash` of round `round`."""

    hash: Digest
    round: Round
    votes: tuple[tuple[PublicKey, Signature], ...] = ()

    @classmethod
    def genesis(cls) -> QC:
        return cls(hash=GENESIS_HASH, round=0, votes=())

    def is_genesis(self) -> bool:
        return self.round == 0 and self.hash == GENESIS_HASH and not self.votes

    def digest(self) -> Digest:
        return vote_digest(self.hash, self.round)

    def verify(self, committee: Committee) -> None:
        if self.is_genesis():
            return
        _check_quorum(committee, [name for name, _ in self.votes], "QC")
        message = self.digest()
        for name, signature in self.votes:
            verify_signature(name, message, signature)

    def to_wire(self) -> dict[str, Any]:
        return {
            "hash": self.hash.hex(),
            "round": self.round,
            "votes": [[n.hex(), s.hex()] for n, s in self.votes],
        }

    @classmethod
    def from_wire(cls, value: Any) -> QC:
        d = wire.obj(value, "qc")
        votes = []
        for item in wire.array(d, "votes", MAX_VOTES):
            if not isinstance(item, list) or len(item) != 2:
                raise wire.MalformedMessage("a QC vote is [name, signature]")
            votes.append(
                (
                    wire.hex_value(item[0], "name", KEY_SIZE),
                    wire.hex_value(item[1], "signature", SIGNATURE_SIZE),
                )
            )
        return cls(
            hash=wire.hexbytes(d, "hash", DIGEST_SIZE),
            round=wire.u64(d, "round"),
            votes=tuple(votes),
        )


@dataclass(frozen=True)
class TC:
    """A timeout certificate: 2f+1 timeouts for `round`, each with its author's high QC round."""

    round: Round
    votes: tuple[tuple[PublicKey, Signature, Round], ...]

    def high_qc_rounds(self) -> list[Round]:
        return [r for _, _, r in self.votes]

    def verify(self, committee: Committee) -> None:
        _check_quorum(committee, [name for name, _, _ in self.votes], "TC")
        for name, signature, high_qc_round in self.votes:
            verify_signature(name, timeout_digest(self.round, high_qc_round), signature)

    def to_wire(self) -> dict[str, Any]:
        return {"round": self.round, "votes": [[n.hex(), s.hex(), r] for n, s, r in self.votes]}

    @classmethod
    def from_wire(cls, value: Any) -> TC:
        d = wire.obj(value, "tc")
        votes = []
        for item in wire.array(d, "votes", MAX_VOTES):
            if not isinstance(item, list) or len(item) != 3:
                raise wire.MalformedMessage("a TC vote is [name, signature, high_qc_round]")
            votes.append(
                (
                    wire.hex_value(item[0], "name", KEY_SIZE),
                    wire.hex_value(item[1], "signature", SIGNATURE_SIZE),
                    wire.u64({"r": item[2]}, "r"),
                )
            )
        return cls(round=wire.u64(d, "round"), votes=tuple(votes))


@dataclass(frozen=True)
class Block:
    """A proposal: batch digests (`payload`) extending the block certified by `qc`."""

    qc: QC
    tc: TC | None
    author: PublicKey
    round: Round
    payload: tuple[Digest, ...]
    timestamp_ms: int
    signature: Signature

    @classmethod
    def genesis(cls) -> Block:
        return cls(
            qc=QC.genesis(),
            tc=None,
            author=bytes(KEY_SIZE),
            round=0,
            payload=(),
            timestamp_ms=0,
            signature=b"",
        )

    @classmethod
    def make(
        cls,
        *,
        qc: QC,
        tc: TC | None,
        author: PublicKey,
        round: Round,
        payload: tuple[Digest, ...],
        timestamp_ms: int,
        sign: Callable[[Digest], Signature],
    ) -> Block:
        unsigned = cls(
            qc=qc,
            tc=tc,
            author=author,
            round=round,
            payload=payload,
            timestamp_ms=timestamp_ms,
            signature=b"",
        )
        return cls(
            qc=qc,
            tc=tc,
            author=author,
            round=round,
            payload=payload,
            timestamp_ms=timestamp_ms,
            signature=sign(unsigned.digest()),
        )

    @property
    def parent(self) -> Digest:
        return self.qc.hash

    def digest(self) -> Digest:
        if self.round == 0:
            return GENESIS_HASH
        return digest(
            b"block",
            self.author,
            u64(self.round),
            u64(self.timestamp_ms),
            b"".join(self.payload),
            self.qc.hash,
            u64(self.qc.round),
        )

    def verify(self, committee: Committee) -> None:
        if self.round == 0:
            raise InvalidMessage("round 0 is reserved for genesis")
        if committee.stake(self.author) == 0:
            raise InvalidMessage("block from an unknown authority")
        if self.qc.round >= self.round:
            raise InvalidMessage("block's QC is not from an earlier round")
        if self.tc is not None and self.tc.round >= self.round:
            raise InvalidMessage("block's TC is not from an earlier round")
        verify_signature(self.author, self.digest(), self.signature)
        self.qc.verify(committee)
        if self.tc is not None:
            self.tc.verify(committee)

    def to_wire(self) -> dict[str, Any]:
        return {
            "qc": self.qc.to_wire(),
            "tc": None if self.tc is None else self.tc.to_wire(),
            "author": self.author.hex(),
            "round": self.round,
            "payload": [p.hex() for p in self.payload],
            "ts": self.timestamp_ms,
            "sig": self.signature.hex(),
        }

    @classmethod
    def from_wire(cls, value: Any) -> Block:
        d = wire.obj(value, "block")
        tc = wire.field(d, "tc")
        return cls(
            qc=QC.from_wire(wire.field(d, "qc")),
            tc=None if tc is None else TC.from_wire(tc),
            author=wire.hexbytes(d, "author", KEY_SIZE),
            round=wire.u64(d, "round"),
            payload=tuple(
                wire.hex_value(p, "payload", DIGEST_SIZE)
                for p in wire.array(d, "payload", MAX_PAYLOAD)
            ),
            timestamp_ms=wire.u64(d, "ts"),
            signature=wire.hexbytes(d, "sig", SIGNATURE_SIZE),
        )


@dataclass(frozen=True)
class Vote:
    """One authority's vote for block `hash` of round `round`."""

    hash: Digest
    round: Round
    author: PublicKey
    signature: Signature

    @classmethod
    def make(cls, block: Block, author: PublicKey, sign: Callable[[Digest], Signature]) -> Vote:
        block_hash = block.digest()
        return cls(
            hash=block_hash,
            round=block.round,
            author=author,
            signature=sign(vote_digest(block_hash, block.round)),
        )

    def digest(self) -> Digest:
        return vote_digest(self.hash, self.round)

    def verify(self, committee: Committee) -> None:
        if committee.stake(self.author) == 0:
            raise InvalidMessage("vote from an unknown authority")
        verify_signature(self.author, self.digest(), self.signature)

    def to_wire(self) -> dict[str, Any]:
        return {
            "hash": self.hash.hex(),
            "round": self.round,
            "author": self.author.hex(),
            "sig": self.signature.hex(),
        }

    @classmethod
    def from_wire(cls, value: Any) -> Vote:
        d = wire.obj(value, "vote")
        return cls(
            hash=wire.hexbytes(d, "hash", DIGEST_SIZE),
            round=wire.u64(d, "round"),
            author=wire.hexbytes(d, "author", KEY_SIZE),
            signature=wire.hexbytes(d, "sig", SIGNATURE_SIZE),
        )


@dataclass(frozen=True)
class Timeout:
    """An authority gives up on `round`, showing the highest QC it knows."""

    high_qc: QC
    round: Round
    author: PublicKey
    signature: Signature

    @classmethod
    def make(
        cls, high_qc: QC, round: Round, author: PublicKey, sign: Callable[[Digest], Signature]
    ) -> Timeout:
        return cls(
            high_qc=high_qc,
            round=round,
            author=author,
            signature=sign(timeout_digest(round, high_qc.round)),
        )

    def digest(self) -> Digest:
        return timeout_digest(self.round, self.high_qc.round)

    def verify(self, committee: Committee) -> None:
        if committee.stake(self.author) == 0:
            raise InvalidMessage("timeout from an unknown authority")
        if self.high_qc.round >= self.round:
            raise InvalidMessage("timeout's high QC is not from an earlier round")
        verify_signature(self.author, self.digest(), self.signature)
        self.high_qc.verify(committee)

    def to_wire(self) -> dict[str, Any]:
        return {
            "high_qc": self.high_qc.to_wire(),
            "round": self.round,
            "author": self.author.hex(),
            "sig": self.signature.hex(),
        }

    @classmethod
    def from_wire(cls, value: Any) -> Timeout:
        d = wire.obj(value, "timeout")
        return cls(
            high_qc=QC.from_wire(wire.field(d, "high_qc")),
            round=wire.u64(d, "round"),
            author=wire.hexbytes(d, "author", KEY_SIZE),
            signature=wire.hexbytes(d, "sig", SIGNATURE_SIZE),
        )


@dataclass(frozen=True)
class SyncRequest:
    """Ask a peer for the block with digest `hash`; the answer is sent to `origin`."""

    hash: Digest
    origin: PublicKey

    def to_wire(self) -> dict[str, Any]:
        return {"hash": self.hash.hex(), "origin": self.origin.hex()}

    @classmethod
    def from_wire(cls, value: Any) -> SyncRequest:
        d = wire.obj(value, "sync_request")
        return cls(
            hash=wire.hexbytes(d, "hash", DIGEST_SIZE), origin=wire.hexbytes(d, "origin", KEY_SIZE)
        )
