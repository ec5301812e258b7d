"""Collects votes into quorum certificates and timeouts into timeout certificates.

Each authority counts once per (round, block) for votes and once per round for timeouts;
a certificate is returned exactly once, when the collected stake first reaches the quorum.
Messages are verified by the caller before they get here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nodes.committee import Committee
from nodes.consensus.messages import QC, TC, Round, Timeout, Vote
from nodes.crypto import Digest, PublicKey, Signature
from nodes.errors import InvalidMessage


@dataclass
class _QCMaker:
    weight: int = 0
    votes: list[tuple[PublicKey, Signature]] = field(default_factory=list)
    used: set[PublicKey] = field(default_factory=set)
    done: bool = False


@dataclass
class _TCMaker:
    weight: int = 0
    votes: list[tuple[PublicKey, Signature, Round]] = field(default_factory=list)
    used: set[PublicKey] = field(default_factory=set)
    done: bool = False


class Aggregator:
    """Per-round bookkeeping of votes and timeouts."""

    def __init__(self, committee: Committee) -> None:
        self._committee = committee
        self._votes: dict[Round, dict[Digest, _QCMaker]] = {}
        self._timeouts: dict[Round, _TCMaker] = {}

    def add_vote(self, vote: Vote) -> QC | None:
        """Count `vote`; return the QC when this vote completes a quorum.

        Raises:
            InvalidMessage: the author already voted for this block.
        """
        maker = self._votes.setdefault(vote.round, {}).setdefault(vote.hash, _QCMaker())
        if vote.author in maker.used:
            raise InvalidMessage("authority voted twice for the same block")
        maker.used.add(vote.author)
        maker.votes.append((vote.author, vote.signature))
        maker.weight += self._committee.stake(vote.author)
        if not maker.done and maker.weight >= self._committee.quorum_threshold():
            maker.done = True
            return QC(hash=vote.hash, round=vote.round, votes=tuple(maker.votes))
        return None

    def add_timeout(self, timeout: Timeout) -> TC | None:
        """Count `timeout`; return the TC when it completes a quorum.

        Raises:
            InvalidMessage: the author already timed out in this round.
        """
        maker = self._timeouts.setdefault(timeout.round, _TCMaker())
        if timeout.author in maker.used:
            raise InvalidMessage("authority timed out twice in the same round")
        maker.used.add(timeout.author)
        maker.votes.append((timeout.author, timeout.signature, timeout.high_qc.round))
        maker.weight += self._committee.stake(timeout.author)
        if not maker.done and maker.weight >= self._committee.quorum_threshold():
            maker.done = True
            return TC(round=timeout.round, votes=tuple(maker.votes))
        return None

    def timeout_weight_at_or_above(self, round: Round) -> int:
        """Stake of distinct authorities that timed out in some round >= `round`."""
        seen: set[PublicKey] = set()
        for r, maker in self._timeouts.items():
            if r >= round:
                seen |= maker.used
        return sum(self._committee.stake(n) for n in seen)

    def cleanup(self, round: Round) -> None:
        """Forget everything about rounds before `round`."""
        self._votes = {r: v for r, v in self._votes.items() if r >= round}
        self._timeouts = {r: t for r, t in self._timeouts.items() if r >= round}
