"""The voting rules and the durability of the state they rest on."""

from __future__ import annotations

import asyncio
from pathlib import Path

from nodes.consensus.messages import QC, TC, Timeout
from nodes.consensus.safety import SafetyRules, extends_safely
from nodes.crypto import Signer
from nodes.store import Store
from tests.nodes.test_messages import make_block, make_qc


def test_rule_two_direct_and_through_tc(signers: list[Signer]) -> None:
    b1 = make_block(signers[1], round=1)
    qc1 = make_qc(b1, signers[:3])
    assert extends_safely(make_block(signers[2], round=2, qc=qc1))
    assert not extends_safely(make_block(signers[3], round=3, qc=qc1))
    timeouts = [Timeout.make(qc1, 2, s.name, s.sign) for s in signers[:3]]
    tc = TC(round=2, votes=tuple((t.author, t.signature, 1) for t in timeouts))
    assert extends_safely(make_block(signers[3], round=3, qc=qc1, tc=tc))
    higher = TC(round=2, votes=((signers[0].name, b"x" * 64, 2),))
    assert not extends_safely(make_block(signers[3], round=3, qc=qc1, tc=higher))


def test_never_two_votes_in_a_round_even_after_restart(
    tmp_path: Path, signers: list[Signer]
) -> None:
    path = tmp_path / "node.sqlite3"
    genesis = make_block(signers[0], round=0)

    async def first_life() -> None:
        store = Store(path)
        safety = SafetyRules(store)
        block = make_block(signers[1], round=1)
        assert safety.can_vote(block, genesis, now_ms=2_000)
        await safety.record_vote(1)
        assert not safety.can_vote(block, genesis, now_ms=2_000)
        store.close()

    asyncio.run(first_life())
    store = Store(path)  # "restarted": the vote of round 1 is remembered
    safety = SafetyRules(store)
    assert safety.last_voted_round == 1
    other = make_block(signers[1], round=1, payload=(b"\x05" * 32,))
    assert not safety.can_vote(other, genesis, now_ms=2_000)
    store.close()


def test_timestamps_must_not_go_back_or_far_ahead(store: Store, signers: list[Signer]) -> None:
    safety = SafetyRules(store)
    parent = make_block(signers[0], round=1)
    child = make_block(signers[1], round=2, qc=make_qc(parent, signers[:3]))
    assert safety.can_vote(child, parent, now_ms=child.timestamp_ms)
    assert not safety.can_vote(child, parent, now_ms=child.timestamp_ms - 60_000)
    late_parent = make_block(signers[0], round=1)
    object.__setattr__(late_parent, "timestamp_ms", child.timestamp_ms + 1)
    assert not safety.can_vote(child, late_parent, now_ms=child.timestamp_ms)


def test_high_qc_only_rises(store: Store, signers: list[Signer]) -> None:
    safety = SafetyRules(store)
    qc2 = make_qc(make_block(signers[2], round=2), signers[:3])
    qc1 = make_qc(make_block(signers[1], round=1), signers[:3])
    assert safety.update_high_qc(qc2)
    assert not safety.update_high_qc(qc1)
    assert safety.high_qc == qc2 and QC.genesis().round == 0
