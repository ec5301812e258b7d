"""Round-robin leader election over the committee's canonical order."""

from __future__ import annotations

from nodes.committee import Committee
from nodes.consensus.messages import Round
from nodes.crypto import PublicKey


class RoundRobinLeader:
    """The leader of round r is the (r mod n)-th authority by sorted name."""

    def __init__(self, committee: Committee) -> None:
        self._names = committee.names()

    def get(self, round: Round) -> PublicKey:
        return self._names[round % len(self._names)]
