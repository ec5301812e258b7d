"""The explorer's test chain: blocks whose proofs cover every status the explorer shows.

One chain, so one page and one Pyodide load see every status:

====== ================================================ ======================================
block  what is stored                                   expected status
====== ================================================ ======================================
1      two calls and a reverted one; its honest proof   Verified
2      block 1's proof with one byte changed            Failed: proof rejected
3      block 1's proof                                  Failed: proof of another block
4      a proof of block 4 listing a different ``n``     Failed: different transactions
5      three calls, proven as ranges 0-1 and 2-2        Verified
6      one call; the proof is written during a test     Pending, then Verified
7      a reverted call whose fields hold markup         Failed: proving failed (prover's reason)
====== ================================================ ======================================
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from tests.site.chain import Call, make_block
from tests.site.world import (
    MARKUP_REASON,
    MARKUP_SENDER,
    ChainWriter,
    RangeProof,
    flip_byte,
    prove,
    succeeded_calls,
)


@dataclass(frozen=True)
class Scenario:
    """The blocks and the real proofs of the scenario table above."""

    blocks: dict[int, dict[str, Any]]
    proofs: dict[int, list[RangeProof]]


def make_scenario() -> Scenario:
    """Blocks 1-7 and their proofs (five real fast-preset proofs of the block program)."""
    now = int(time.time()) - 120
    blocks = {
        1: make_block(1, [Call(0, 6), Call(5, 2), Call(1, 4)], timestamp=now),
        2: make_block(2, [Call(0, 3)], timestamp=now),
        3: make_block(3, [Call(1, 3)], timestamp=now),
        4: make_block(4, [Call(0, 5), Call(1, 6)], timestamp=now),
        5: make_block(5, [Call(0, 2), Call(1, 2), Call(0, 7)], timestamp=now),
        6: make_block(6, [Call(1, 5)], timestamp=now),
        7: make_block(
            7,
            [Call(0, 1, sender=MARKUP_SENDER, revert_reason=MARKUP_REASON)],
            timestamp=now,
        ),
    }
    forged = succeeded_calls(blocks[4])
    forged[1] = {**forged[1], "n": 7}
    proofs = {
        1: [prove(blocks[1])],
        4: [prove(blocks[4], calls=forged)],
        5: [prove(blocks[5], 0, 1), prove(blocks[5], 2, 2)],
        6: [prove(blocks[6])],
    }
    return Scenario(blocks=blocks, proofs=proofs)


def write_scenario(writer: ChainWriter, scenario: Scenario) -> None:
    """Store the scenario's blocks and proofs, all but block 6's proof."""
    b, p = scenario.blocks, scenario.proofs
    for number in sorted(b):
        writer.add_block(b[number])
    writer.add_proofs(b[1], p[1])
    writer.add_proofs(b[2], [RangeProof(0, 0, p[1][0].result)], tamper=flip_byte)
    writer.add_proofs(b[3], [RangeProof(0, 0, p[1][0].result)])
    writer.add_proofs(b[4], p[4])
    writer.add_proofs(b[5], p[5])
    writer.fail(7, "block program refused the block: no call to prove")
