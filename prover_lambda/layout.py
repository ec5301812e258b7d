"""The storage layout of the prover chain: every key the handlers read or write.

The bucket (or the ``PROOFS_DIR`` folder) holds::

    blocks/<n>.json                  block n as starknet_getBlockWithReceipts returns it
    proofs/<n>.proof                 the proof of block n when it is proven in one piece
    proofs/<n>/<first>-<last>.proof  the proof of transactions first..last (inclusive) of block n
    proofs/<n>/<first>-<last>.json   that range's part record (steps, prove time, size, output)
    proofs/<n>.json                  the block's summary, written last, once every part exists
    failures/<n>.json                the latest reason block n could not be proven
    index.json                       heights and per-block status for the explorer
    watcher/cursor.json              the next block number the watcher asks the nodes for

A reader that sees ``proofs/<n>.json`` can rely on every proof it names being there: proofs are
written first, the summary last. Transaction indices count only the block's succeeded
transactions (the ones the block program proves), in block order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

INDEX_KEY = "index.json"
CURSOR_KEY = "watcher/cursor.json"
BLOCKS_PREFIX = "blocks/"
PROOFS_PREFIX = "proofs/"
FAILURES_PREFIX = "failures/"


class KeyKind(Enum):
    """What a key of the layout holds."""

    BLOCK = "block"
    PROOF = "proof"
    SUMMARY = "summary"
    RANGE_PROOF = "range_proof"
    RANGE_PART = "range_part"
    FAILURE = "failure"
    INDEX = "index"
    CURSOR = "cursor"


@dataclass(frozen=True)
class ParsedKey:
    """A key of the layout, decoded: its kind, block number and range where it has them."""

    kind: KeyKind
    block_number: int | None = None
    first: int | None = None
    last: int | None = None


def block_key(n: int) -> str:
    """Key of block ``n``'s RPC result."""
    return f"{BLOCKS_PREFIX}{n}.json"


def proof_key(n: int) -> str:
    """Key of block ``n``'s proof when proven in one piece."""
    return f"{PROOFS_PREFIX}{n}.proof"


def summary_key(n: int) -> str:
    """Key of block ``n``'s summary (written once the block is fully proven)."""
    return f"{PROOFS_PREFIX}{n}.json"


def range_prefix(n: int) -> str:
    """Prefix under which block ``n``'s range proofs and part records live."""
    return f"{PROOFS_PREFIX}{n}/"


def range_proof_key(n: int, first: int, last: int) -> str:
    """Key of the proof of transactions ``first..last`` (inclusive) of block ``n``."""
    return f"{range_prefix(n)}{first}-{last}.proof"


def range_part_key(n: int, first: int, last: int) -> str:
    """Key of the part record of transactions ``first..last`` of block ``n``."""
    return f"{range_prefix(n)}{first}-{last}.json"


def failure_key(n: int) -> str:
    """Key of the latest failure record of block ``n``."""
    return f"{FAILURES_PREFIX}{n}.json"


_NUM = r"(0|[1-9][0-9]*)"
_PATTERNS: tuple[tuple[re.Pattern[str], KeyKind], ...] = (
    (re.compile(rf"blocks/{_NUM}\.json"), KeyKind.BLOCK),
    (re.compile(rf"proofs/{_NUM}\.proof"), KeyKind.PROOF),
    (re.compile(rf"proofs/{_NUM}\.json"), KeyKind.SUMMARY),
    (re.compile(rf"proofs/{_NUM}/{_NUM}-{_NUM}\.proof"), KeyKind.RANGE_PROOF),
    (re.compile(rf"proofs/{_NUM}/{_NUM}-{_NUM}\.json"), KeyKind.RANGE_PART),
    (re.compile(rf"failures/{_NUM}\.json"), KeyKind.FAILURE),
    (re.compile(re.escape(INDEX_KEY)), KeyKind.INDEX),
    (re.compile(re.escape(CURSOR_KEY)), KeyKind.CURSOR),
)


def parse_key(key: str) -> ParsedKey | None:
    """Decode a (URL-decoded) key of the layout; ``None`` for a key outside it."""
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(key)
        if match is None:
            continue
        numbers = [int(g) for g in match.groups()]
        if kind in (KeyKind.RANGE_PROOF, KeyKind.RANGE_PART):
            return ParsedKey(kind, numbers[0], numbers[1], numbers[2])
        if numbers:
            return ParsedKey(kind, numbers[0])
        return ParsedKey(kind)
    return None
