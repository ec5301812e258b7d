"""Votes become one QC at the quorum; timeouts become one TC; duplicates are refused."""

from __future__ import annotations

import pytest

from nodes.committee import Committee
from nodes.consensus.aggregator import Aggregator
from nodes.consensus.messages import QC, Timeout, Vote
from nodes.crypto import Signer
from nodes.errors import InvalidMessage
from tests.nodes.test_messages import make_block


def test_qc_forms_once_at_quorum(committee: Committee, signers: list[Signer]) -> None:
    agg = Aggregator(committee)
    block = make_block(signers[0], round=4)
    votes = [Vote.make(block, s.name, s.sign) for s in signers]
    assert agg.add_vote(votes[0]) is None
    assert agg.add_vote(votes[1]) is None
    qc = agg.add_vote(votes[2])
    assert qc is not None and qc.hash == block.digest() and qc.round == 4
    qc.verify(committee)
    assert agg.add_vote(votes[3]) is None  # already certified


def test_duplicate_vote_is_refused(committee: Committee, signers: list[Signer]) -> None:
    agg = Aggregator(committee)
    vote = Vote.make(make_block(signers[0]), signers[1].name, signers[1].sign)
    agg.add_vote(vote)
    with pytest.raises(InvalidMessage):
        agg.add_vote(vote)


def test_votes_for_different_blocks_do_not_mix(committee: Committee, signers: list[Signer]) -> None:
    """An equivocating leader's two blocks each need their own quorum."""
    agg = Aggregator(committee)
    a = make_block(signers[0], round=2, payload=(b"\x01" * 32,))
    b = make_block(signers[0], round=2, payload=(b"\x02" * 32,))
    assert agg.add_vote(Vote.make(a, signers[1].name, signers[1].sign)) is None
    assert agg.add_vote(Vote.make(b, signers[2].name, signers[2].sign)) is None
    assert agg.add_vote(Vote.make(a, signers[3].name, signers[3].sign)) is None
    assert agg.add_vote(Vote.make(a, signers[0].name, signers[0].sign)) is not None


def test_tc_and_cleanup(committee: Committee, signers: list[Signer]) -> None:
    agg = Aggregator(committee)
    timeouts = [Timeout.make(QC.genesis(), 7, s.name, s.sign) for s in signers]
    assert agg.add_timeout(timeouts[0]) is None
    assert agg.timeout_weight_at_or_above(7) == 1
    assert agg.add_timeout(timeouts[1]) is None
    tc = agg.add_timeout(timeouts[2])
    assert tc is not None and tc.round == 7
    tc.verify(committee)
    with pytest.raises(InvalidMessage):
        agg.add_timeout(timeouts[2])
    agg.cleanup(8)
    assert agg.timeout_weight_at_or_above(0) == 0
