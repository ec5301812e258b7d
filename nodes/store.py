"""The node's durable state: one SQLite database in WAL mode with synchronous=FULL.

It holds four kinds of records, each written in one SQLite transaction that is on disk
before the node acts on it (votes, acknowledgements, RPC answers):

- consensus: blocks by digest, and the safety state (`last_voted_round`, `high_qc`), written
  before a vote or timeout leaves the node, so a restarted node never votes twice in a round;
- batches: transaction batches by digest (own ones flagged), written before the node
  acknowledges them to a client or a peer, and marked committed once executed;
- chain: numbered blocks, transactions and receipts, written together with the consensus
  round they came from (`executed_round`), so a restart resumes execution exactly there.

Writes go through `writer.GroupWriter` (group commit: the writes of one event-loop turn share
one transaction and at most one fsync). Consensus blocks are written without waiting and kept
in a small cache, so they can be read back before their group is committed.
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nodes.blocks import ChainBlock
from nodes.consensus.messages import QC, Block, Round
from nodes.crypto import Digest
from nodes.errors import MalformedMessage, StoreError
from nodes.execution import Receipt
from nodes.transactions import Felt, InvokeTransaction
from nodes.wire import decode_json, encode_json
from nodes.writer import GroupWriter

BLOCK_CACHE = 1024

SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS consensus_blocks (
    digest BLOB PRIMARY KEY, round INTEGER NOT NULL, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    digest BLOB PRIMARY KEY, own INTEGER NOT NULL, committed INTEGER NOT NULL DEFAULT 0,
    body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS chain_blocks (
    number INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transactions (
    hash BLOB PRIMARY KEY, block_number INTEGER NOT NULL, idx INTEGER NOT NULL,
    tx TEXT NOT NULL, receipt TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS transactions_by_block ON transactions (block_number, idx);
"""


def felt_key(value: Felt) -> bytes:
    return value.to_bytes(32, "big")


def block_to_record(block: ChainBlock) -> str:
    return json.dumps(
        {
            "number": block.number,
            "hash": hex(block.hash),
            "parent_hash": hex(block.parent_hash),
            "timestamp": block.timestamp,
            "sequencer_address": hex(block.sequencer_address),
            "tx_hashes": [hex(h) for h in block.tx_hashes],
            "event_count": block.event_count,
            "transaction_commitment": hex(block.transaction_commitment),
            "event_commitment": hex(block.event_commitment),
            "receipt_commitment": hex(block.receipt_commitment),
        }
    )


def block_from_record(text: str) -> ChainBlock:
    d = json.loads(text)
    return ChainBlock(
        number=d["number"],
        hash=int(d["hash"], 16),
        parent_hash=int(d["parent_hash"], 16),
        timestamp=d["timestamp"],
        sequencer_address=int(d["sequencer_address"], 16),
        tx_hashes=tuple(int(h, 16) for h in d["tx_hashes"]),
        event_count=d["event_count"],
        transaction_commitment=int(d["transaction_commitment"], 16),
        event_commitment=int(d["event_commitment"], 16),
        receipt_commitment=int(d["receipt_commitment"], 16),
    )


class Store:
    """SQLite-backed records of one node."""

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        self._writer = GroupWriter(self._db)
        self._blocks: OrderedDict[Digest, Block] = OrderedDict()

    def close(self) -> None:
        self._writer.write_now(durable=True)
        self._db.close()

    def _kv(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    # ---- consensus ---------------------------------------------------------------------

    def put_block(self, block: Block) -> None:
        """Store a consensus block without waiting. It is not synced on its own: a block
        lost in a crash is fetched again from peers, and the writes that must survive
        (votes, executed rounds) are synced after it, which syncs it too."""
        digest = block.digest()
        self._blocks[digest] = block
        if len(self._blocks) > BLOCK_CACHE:
            self._blocks.popitem(last=False)
        self._writer.submit_nowait(
            [
                (
                    "INSERT OR IGNORE INTO consensus_blocks VALUES (?, ?, ?)",
                    (digest, block.round, encode_json(block.to_wire())),
                )
            ]
        )

    def get_block(self, digest: Digest) -> Block | None:
        cached = self._blocks.get(digest)
        if cached is not None:
            return cached
        row = self._db.execute(
            "SELECT body FROM consensus_blocks WHERE digest = ?", (digest,)
        ).fetchone()
        if row is None:
            return None
        try:
            return Block.from_wire(decode_json(row[0]))
        except MalformedMessage as exc:
            raise StoreError(f"stored block {digest.hex()} is corrupt: {exc}") from exc

    async def save_safety(self, last_voted_round: Round, high_qc: QC) -> None:
        """Persist the voting state; called before any vote or timeout is sent."""
        await self._writer.submit(
            [
                (
                    "INSERT OR REPLACE INTO kv VALUES (?, ?)",
                    [
                        ("last_voted_round", str(last_voted_round)),
                        ("high_qc", encode_json(high_qc.to_wire()).decode()),
                    ],
                )
            ]
        )

    def load_safety(self) -> tuple[Round, QC]:
        lvr = self._kv("last_voted_round")
        qc = self._kv("high_qc")
        return (
            0 if lvr is None else int(lvr),
            QC.genesis() if qc is None else QC.from_wire(json.loads(qc)),
        )

    def executed_round(self) -> Round:
        """Round of the last consensus block whose transactions are in the chain."""
        value = self._kv("executed_round")
        return 0 if value is None else int(value)

    # ---- batches -----------------------------------------------------------------------

    async def put_batch(self, digest: Digest, body: bytes, own: bool) -> None:
        await self._writer.submit(
            [
                (
                    "INSERT OR IGNORE INTO batches (digest, own, body) VALUES (?, ?, ?)",
                    (digest, int(own), body),
                )
            ]
        )

    def get_batch(self, digest: Digest) -> bytes | None:
        row = self._db.execute("SELECT body FROM batches WHERE digest = ?", (digest,)).fetchone()
        return None if row is None else row[0]

    def has_batch(self, digest: Digest) -> bool:
        return (
            self._db.execute("SELECT 1 FROM batches WHERE digest = ?", (digest,)).fetchone()
            is not None
        )

    def batch_committed(self, digest: Digest) -> bool:
        row = self._db.execute(
            "SELECT committed FROM batches WHERE digest = ?", (digest,)
        ).fetchone()
        return bool(row and row[0])

    def uncommitted_own_batches(self) -> list[tuple[Digest, bytes]]:
        return list(
            self._db.execute("SELECT digest, body FROM batches WHERE own = 1 AND committed = 0")
        )

    # ---- chain -------------------------------------------------------------------------

    def _chain_statements(
        self,
        *,
        block: ChainBlock | None,
        txs: list[tuple[Felt, InvokeTransaction]],
        receipts: list[Receipt],
        batches: Iterable[Digest],
        executed_round: Round,
    ) -> list[tuple[str, Any]]:
        """Write a chain block (if any) with its transactions and receipts, mark the
        consensus block's batches committed and advance `executed_round`, atomically."""
        statements: list[tuple[str, Any]] = []
        if block is not None:
            statements.append(
                (
                    "INSERT INTO chain_blocks VALUES (?, ?, ?)",
                    (block.number, felt_key(block.hash), block_to_record(block)),
                )
            )
            statements.append(
                (
                    "INSERT INTO transactions VALUES (?, ?, ?, ?, ?)",
                    [
                        (
                            felt_key(h),
                            block.number,
                            i,
                            json.dumps(tx.to_rpc()),
                            json.dumps(r.to_record()),
                        )
                        for i, ((h, tx), r) in enumerate(zip(txs, receipts, strict=True))
                    ],
                )
            )
        statements.append(
            ("UPDATE batches SET committed = 1 WHERE digest = ?", [(d,) for d in batches])
        )
        statements.append(
            ("INSERT OR REPLACE INTO kv VALUES ('executed_round', ?)", (str(executed_round),))
        )
        return statements

    async def commit_chain(self, **kwargs: Any) -> None:
        """Write a chain block (if any) with its transactions and receipts, mark the
        consensus block's batches committed and advance `executed_round`, atomically and
        durably (see `_chain_statements` for the arguments)."""
        await self._writer.submit(self._chain_statements(**kwargs))

    def write_genesis(self, block: ChainBlock) -> None:
        """Write block 0 (blocking; before the event loop serves anything)."""
        self._writer.write_now(
            self._chain_statements(block=block, txs=[], receipts=[], batches=[], executed_round=0)
        )

    def latest_block(self) -> ChainBlock | None:
        row = self._db.execute(
            "SELECT body FROM chain_blocks ORDER BY number DESC LIMIT 1"
        ).fetchone()
        return None if row is None else block_from_record(row[0])

    def block_by_number(self, number: int) -> ChainBlock | None:
        if not 0 <= number < 2**63:
            return None
        row = self._db.execute(
            "SELECT body FROM chain_blocks WHERE number = ?", (number,)
        ).fetchone()
        return None if row is None else block_from_record(row[0])

    def block_by_hash(self, block_hash: Felt) -> ChainBlock | None:
        if not 0 <= block_hash < 2**256:
            return None
        row = self._db.execute(
            "SELECT body FROM chain_blocks WHERE hash = ?", (felt_key(block_hash),)
        ).fetchone()
        return None if row is None else block_from_record(row[0])

    def committed_among(self, hashes: list[Felt]) -> set[Felt]:
        """Which of `hashes` are committed transactions."""
        found: set[Felt] = set()
        for start in range(0, len(hashes), 500):
            chunk = [felt_key(h) for h in hashes[start : start + 500] if 0 <= h < 2**256]
            if not chunk:
                continue
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT hash FROM transactions WHERE hash IN ({marks})", chunk)
            found.update(int.from_bytes(row[0], "big") for row in rows)
        return found

    def has_transaction(self, tx_hash: Felt) -> bool:
        if not 0 <= tx_hash < 2**256:
            return False
        return (
            self._db.execute(
                "SELECT 1 FROM transactions WHERE hash = ?", (felt_key(tx_hash),)
            ).fetchone()
            is not None
        )

    def transaction(self, tx_hash: Felt) -> tuple[int, int, dict[str, Any], Receipt] | None:
        """(block number, index, RPC transaction, receipt) of a committed transaction."""
        if not 0 <= tx_hash < 2**256:
            return None
        row = self._db.execute(
            "SELECT block_number, idx, tx, receipt FROM transactions WHERE hash = ?",
            (felt_key(tx_hash),),
        ).fetchone()
        if row is None:
            return None
        return row[0], row[1], json.loads(row[2]), Receipt.from_record(json.loads(row[3]))

    def block_transactions(self, number: int) -> list[tuple[dict[str, Any], Receipt]]:
        rows = self._db.execute(
            "SELECT tx, receipt FROM transactions WHERE block_number = ? ORDER BY idx", (number,)
        )
        return [(json.loads(tx), Receipt.from_record(json.loads(rc))) for tx, rc in rows]
