"""Consensus messages: digests, signatures, certificates, and decoding of hostile input."""

from __future__ import annotations

import pytest

from nodes import codec
from nodes.committee import Committee
from nodes.consensus.messages import QC, TC, Block, SyncRequest, Timeout, Vote
from nodes.crypto import Signer
from nodes.errors import InvalidMessage, InvalidSignature, MalformedMessage


def make_block(
    signer: Signer,
    round: int = 1,
    qc: QC | None = None,
    tc: TC | None = None,
    payload: tuple[bytes, ...] = (),
) -> Block:
    return Block.make(
        qc=qc or QC.genesis(),
        tc=tc,
        author=signer.name,
        round=round,
        payload=payload,
        timestamp_ms=1_000,
        sign=signer.sign,
    )


def make_qc(block: Block, signers: list[Signer]) -> QC:
    votes = [Vote.make(block, s.name, s.sign) for s in signers]
    return QC(
        hash=block.digest(), round=block.round, votes=tuple((v.author, v.signature) for v in votes)
    )


def test_block_round_trip_and_verify(committee: Committee, signers: list[Signer]) -> None:
    block = make_block(signers[0], payload=(b"\x01" * 32,))
    again = Block.from_wire(block.to_wire())
    assert again == block and again.digest() == block.digest()
    block.verify(committee)


def test_tampered_block_is_rejected(committee: Committee, signers: list[Signer]) -> None:
    block = make_block(signers[0])
    forged = Block(
        qc=block.qc,
        tc=None,
        author=block.author,
        round=block.round,
        payload=(b"\x02" * 32,),
        timestamp_ms=block.timestamp_ms,
        signature=block.signature,
    )
    with pytest.raises(InvalidSignature):
        forged.verify(committee)


def test_block_from_outsider_is_rejected(committee: Committee) -> None:
    from nodes.crypto import KeyPair

    outsider = KeyPair.from_seed(b"\x99" * 32).signer()
    with pytest.raises(InvalidMessage, match="unknown authority"):
        make_block(outsider).verify(committee)


def test_qc_needs_a_quorum_of_distinct_valid_votes(
    committee: Committee, signers: list[Signer]
) -> None:
    block = make_block(signers[0])
    make_qc(block, signers[:3]).verify(committee)
    with pytest.raises(InvalidMessage, match="below the quorum"):
        make_qc(block, signers[:2]).verify(committee)
    twice = make_qc(block, signers[:2])
    doubled = QC(hash=twice.hash, round=twice.round, votes=(*twice.votes, twice.votes[0]))
    with pytest.raises(InvalidMessage, match="twice"):
        doubled.verify(committee)
    good = make_qc(block, signers[:3])
    wrong_round = QC(hash=good.hash, round=good.round + 1, votes=good.votes)
    with pytest.raises(InvalidSignature):
        wrong_round.verify(committee)


def test_block_with_bad_qc_is_rejected(committee: Committee, signers: list[Signer]) -> None:
    parent = make_block(signers[1])
    weak = make_qc(parent, signers[:2])
    child = make_block(signers[2], round=2, qc=weak)
    with pytest.raises(InvalidMessage):
        child.verify(committee)
    make_block(signers[2], round=2, qc=make_qc(parent, signers[1:])).verify(committee)


def test_timeouts_and_tc(committee: Committee, signers: list[Signer]) -> None:
    timeouts = [Timeout.make(QC.genesis(), 3, s.name, s.sign) for s in signers[:3]]
    for t in timeouts:
        t.verify(committee)
        assert Timeout.from_wire(t.to_wire()) == t
    tc = TC(round=3, votes=tuple((t.author, t.signature, t.high_qc.round) for t in timeouts))
    tc.verify(committee)
    assert TC.from_wire(tc.to_wire()) == tc
    lying = TC(round=3, votes=tuple((n, s, 2) for n, s, _ in tc.votes))
    with pytest.raises(InvalidSignature):
        lying.verify(committee)


def test_vote_signature_is_domain_separated(committee: Committee, signers: list[Signer]) -> None:
    """A vote's signature cannot be replayed as a timeout for the same round."""
    block = make_block(signers[0], round=5, qc=QC.genesis())
    vote = Vote.make(block, signers[1].name, signers[1].sign)
    replay = Timeout(high_qc=QC.genesis(), round=5, author=vote.author, signature=vote.signature)
    with pytest.raises(InvalidSignature):
        replay.verify(committee)


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"\x00\xff",
        b"not json",
        b"[]",
        b'{"kind": "vote"}',
        b'{"kind": "nope", "body": {}}',
        b'{"kind": "vote", "body": {"hash": "zz", "round": 1, "author": "", "sig": ""}}',
        b'{"kind": "vote", "body": {"hash": "'
        + b"00" * 32
        + b'", "round": -1, "author": "'
        + b"00" * 32
        + b'", "sig": "'
        + b"00" * 64
        + b'"}}',
        b'{"kind": "propose", "body": {"qc": 5}}',
        b'{"kind": "batch", "body": {"author": "' + b"00" * 32 + b'", "txs": [[1, 2]]}}',
        b"[" * 100_000,
    ],
)
def test_garbage_frames_raise_malformed(frame: bytes) -> None:
    with pytest.raises(MalformedMessage):
        codec.decode(frame)


def test_codec_round_trips_every_kind(signers: list[Signer]) -> None:
    block = make_block(signers[0])
    vote = Vote.make(block, signers[1].name, signers[1].sign)
    timeout = Timeout.make(QC.genesis(), 2, signers[1].name, signers[1].sign)
    for message in (block, vote, timeout, SyncRequest(b"\x03" * 32, signers[0].name)):
        assert codec.decode(codec.encode(message)) == message
