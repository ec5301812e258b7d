"""Chain blocks: the numbered, hash-linked blocks the node serves, and their Starknet hash.

Block 0 is the genesis block (no transactions, timestamp from the committee file); every
later block has `parent_hash` = the previous block's hash. The block hash is a Poseidon hash
(starknet-py's `poseidon_hash_many`, computed by :mod:`nodes.poseidon`) over the header, in the
spirit of Starknet's `STARKNET_BLOCK_HASH0` formula:

    poseidon(["STARKNET_BLOCK_HASH0", number, new_root, sequencer_address, timestamp,
              transaction_count, transaction_commitment, event_count, event_commitment,
              receipt_commitment, parent_hash])

The transaction commitment is a Poseidon hash over the transaction hashes. The event and
receipt commitments are BLAKE2s-256 digests (truncated to 251 bits) of the canonical JSON of
[n, result] per event and [execution status, steps] per receipt: Poseidon costs about
75 us per permutation here and every node recomputes every commitment. (Starknet uses
Patricia-Merkle tries of Poseidon hashes; these commit to the same data.) An empty list
commits to 0. The state root is constant 0 (the stack keeps no contract state).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from starknet_py.cairo.felt import encode_shortstring

from nodes.execution import Receipt
from nodes.poseidon import poseidon_hash_many
from nodes.transactions import Felt, to_hex

BLOCK_HASH_PREFIX = encode_shortstring("STARKNET_BLOCK_HASH0")
STARKNET_VERSION = "0.14.0"
NEW_ROOT = 0


def _commit(values: list[int]) -> Felt:
    return poseidon_hash_many(values) if values else 0


def _digest_commit(items: list[list[int]]) -> Felt:
    if not items:
        return 0
    data = json.dumps(items, separators=(",", ":")).encode()
    return int.from_bytes(hashlib.blake2s(data).digest(), "big") >> 5


def sequencer_felt(author: bytes) -> Felt:
    """An authority's ed25519 key as a felt (its top 251 bits)."""
    return int.from_bytes(author, "big") >> 5


@dataclass(frozen=True)
class ChainBlock:
    """A committed block header plus the hashes of its transactions, in order."""

    number: int
    hash: Felt
    parent_hash: Felt
    timestamp: int
    sequencer_address: Felt
    tx_hashes: tuple[Felt, ...]
    event_count: int
    transaction_commitment: Felt
    event_commitment: Felt
    receipt_commitment: Felt

    @classmethod
    def build(
        cls,
        *,
        number: int,
        parent_hash: Felt,
        timestamp: int,
        sequencer_address: Felt,
        receipts: list[Receipt],
    ) -> ChainBlock:
        """Compute commitments and the hash of a block holding `receipts`' transactions."""
        tx_hashes = tuple(r.tx_hash for r in receipts)
        events = [[r.n or 0, r.result or 0] for r in receipts if r.succeeded]
        header = {
            "number": number,
            "parent_hash": parent_hash,
            "timestamp": timestamp,
            "sequencer_address": sequencer_address,
            "tx_hashes": tx_hashes,
            "event_count": len(events),
            "transaction_commitment": _commit(list(tx_hashes)),
            "event_commitment": _digest_commit(events),
            "receipt_commitment": _digest_commit([[int(r.succeeded), r.steps] for r in receipts]),
        }
        return cls(hash=block_hash(**header), **header)

    @classmethod
    def genesis(cls, timestamp: int) -> ChainBlock:
        return cls.build(
            number=0, parent_hash=0, timestamp=timestamp, sequencer_address=0, receipts=[]
        )

    def header_rpc(self) -> dict[str, Any]:
        """The BLOCK_HEADER object of the specification (plus status)."""
        zero_price = {"price_in_fri": "0x0", "price_in_wei": "0x0"}
        return {
            "status": "ACCEPTED_ON_L2",
            "block_hash": to_hex(self.hash),
            "parent_hash": to_hex(self.parent_hash),
            "block_number": self.number,
            "new_root": to_hex(NEW_ROOT),
            "timestamp": self.timestamp,
            "sequencer_address": to_hex(self.sequencer_address),
            "l1_gas_price": dict(zero_price),
            "l2_gas_price": dict(zero_price),
            "l1_data_gas_price": dict(zero_price),
            "l1_da_mode": "CALLDATA",
            "starknet_version": STARKNET_VERSION,
            "transaction_count": len(self.tx_hashes),
            "transaction_commitment": to_hex(self.transaction_commitment),
            "event_count": self.event_count,
            "event_commitment": to_hex(self.event_commitment),
            "receipt_commitment": to_hex(self.receipt_commitment),
            "state_diff_commitment": "0x0",
            "state_diff_length": 0,
        }


def block_hash(
    *,
    number: int,
    parent_hash: Felt,
    timestamp: int,
    sequencer_address: Felt,
    tx_hashes: tuple[Felt, ...],
    event_count: int,
    transaction_commitment: Felt,
    event_commitment: Felt,
    receipt_commitment: Felt,
) -> Felt:
    """The block hash formula of the module docstring."""
    return poseidon_hash_many(
        [
            BLOCK_HASH_PREFIX,
            number,
            NEW_ROOT,
            sequencer_address,
            timestamp,
            len(tx_hashes),
            transaction_commitment,
            event_count,
            event_commitment,
            receipt_commitment,
            parent_hash,
        ]
    )
