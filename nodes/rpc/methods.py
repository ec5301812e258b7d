"""The JSON-RPC methods this node serves: a table from method name to handler and params.

Block ids: "latest", "pre_confirmed" (an empty block after the latest: this node keeps no
pre-confirmed state), "l1_accepted" (never: nothing here settles on L1, so error 24),
{"block_number": n} and {"block_hash": "0x.."}. Params may be given by name or by position.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from nodes.blocks import ChainBlock
from nodes.committee import ChainParams
from nodes.errors import InvalidTransaction
from nodes.ledger import Ledger
from nodes.mempool.core import Mempool
from nodes.rpc import views
from nodes.rpc.errors import (
    BLOCK_NOT_FOUND,
    DUPLICATE_TX,
    INVALID_TXN_INDEX,
    TXN_HASH_NOT_FOUND,
    UNEXPECTED_ERROR,
    UNSUPPORTED_TX_VERSION,
    RpcError,
    invalid_params,
)
from nodes.store import Store
from nodes.transactions import InvokeTransaction, UnsupportedVersion, parse_felt

SPEC_VERSION = "0.10.2"
PRE_CONFIRMED = "pre_confirmed"


@dataclass(frozen=True)
class Method:
    handler: Callable[..., Awaitable[Any]]
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


class RpcMethods:
    """Handlers over the node's store, ledger and mempool."""

    def __init__(
        self,
        *,
        store: Store,
        ledger: Ledger,
        mempool: Mempool,
        chain: ChainParams,
        hash_tx: Callable[[InvokeTransaction], Awaitable[int]],
        max_pending_txs: int,
        syncing: Callable[[], bool],
    ) -> None:
        self._store = store
        self._ledger = ledger
        self._mempool = mempool
        self._chain = chain
        self._hash_tx = hash_tx
        self._max_pending = max_pending_txs
        self._syncing = syncing
        self._sync_start: ChainBlock | None = None
        self.table: dict[str, Method] = {
            "starknet_specVersion": Method(self.spec_version),
            "starknet_chainId": Method(self.chain_id),
            "starknet_blockNumber": Method(self.block_number),
            "starknet_blockHashAndNumber": Method(self.block_hash_and_number),
            "starknet_getBlockWithTxHashes": Method(self.get_block_with_tx_hashes, ("block_id",)),
            "starknet_getBlockWithTxs": Method(
                self.get_block_with_txs, ("block_id",), ("response_flags",)
            ),
            "starknet_getBlockWithReceipts": Method(
                self.get_block_with_receipts, ("block_id",), ("response_flags",)
            ),
            "starknet_getBlockTransactionCount": Method(
                self.get_block_transaction_count, ("block_id",)
            ),
            "starknet_getTransactionByHash": Method(
                self.get_transaction_by_hash, ("transaction_hash",), ("response_flags",)
            ),
            "starknet_getTransactionByBlockIdAndIndex": Method(
                self.get_transaction_by_block_id_and_index,
                ("block_id", "index"),
                ("response_flags",),
            ),
            "starknet_getTransactionReceipt": Method(
                self.get_transaction_receipt, ("transaction_hash",)
            ),
            "starknet_getTransactionStatus": Method(
                self.get_transaction_status, ("transaction_hash",)
            ),
            "starknet_addInvokeTransaction": Method(
                self.add_invoke_transaction, ("invoke_transaction",)
            ),
            "starknet_syncing": Method(self.syncing),
        }

    # ---- parameter parsing -------------------------------------------------------------

    def _block(self, block_id: Any) -> ChainBlock | None:
        """The block a block id names; None for pre_confirmed.

        Raises:
            RpcError: 24 for an unknown block, -32602 for a malformed id.
        """
        if block_id == "latest":
            return self._ledger.head
        if block_id == PRE_CONFIRMED:
            return None
        if block_id == "l1_accepted":
            raise RpcError(BLOCK_NOT_FOUND, "no block is accepted on L1 in this chain")
        if isinstance(block_id, dict) and len(block_id) == 1:
            if "block_number" in block_id:
                number = block_id["block_number"]
                if type(number) is not int or number < 0:
                    raise invalid_params("block_number must be a non-negative integer")
                block = self._store.block_by_number(number)
            elif "block_hash" in block_id:
                block = self._store.block_by_hash(_felt(block_id["block_hash"], "block_hash"))
            else:
                raise invalid_params("block_id must be a tag, block_number or block_hash")
            if block is None:
                raise RpcError(BLOCK_NOT_FOUND)
            return block
        raise invalid_params("block_id must be a tag, block_number or block_hash")

    # ---- methods -----------------------------------------------------------------------

    async def spec_version(self) -> str:
        return SPEC_VERSION

    async def chain_id(self) -> str:
        return hex(self._chain.chain_id_felt)

    async def block_number(self) -> int:
        return self._ledger.head.number

    async def block_hash_and_number(self) -> dict[str, Any]:
        head = self._ledger.head
        return {"block_hash": hex(head.hash), "block_number": head.number}

    async def get_block_with_tx_hashes(self, block_id: Any) -> dict[str, Any]:
        block = self._block(block_id)
        if block is None:
            return views.pre_confirmed_block(self._ledger.head, True)
        return views.block_with_tx_hashes(block)

    async def get_block_with_txs(self, block_id: Any, response_flags: Any = None) -> dict[str, Any]:
        block = self._block(block_id)
        if block is None:
            return views.pre_confirmed_block(self._ledger.head, False)
        return views.block_with_txs(block, self._store.block_transactions(block.number))

    async def get_block_with_receipts(
        self, block_id: Any, response_flags: Any = None
    ) -> dict[str, Any]:
        block = self._block(block_id)
        if block is None:
            return views.pre_confirmed_block(self._ledger.head, False)
        return views.block_with_receipts(block, self._store.block_transactions(block.number))

    async def get_block_transaction_count(self, block_id: Any) -> int:
        block = self._block(block_id)
        return 0 if block is None else len(block.tx_hashes)

    async def get_transaction_by_hash(
        self, transaction_hash: Any, response_flags: Any = None
    ) -> dict[str, Any]:
        tx_hash = _felt(transaction_hash, "transaction_hash")
        found = self._store.transaction(tx_hash)
        if found is None:
            raise RpcError(TXN_HASH_NOT_FOUND)
        return views.transaction_view(found[2], tx_hash)

    async def get_transaction_by_block_id_and_index(
        self, block_id: Any, index: Any, response_flags: Any = None
    ) -> dict[str, Any]:
        if type(index) is not int or index < 0:
            raise invalid_params("index must be a non-negative integer")
        block = self._block(block_id)
        if block is None or index >= len(block.tx_hashes):
            raise RpcError(INVALID_TXN_INDEX)
        tx_hash = block.tx_hashes[index]
        found = self._store.transaction(tx_hash)
        if found is None:
            raise RpcError(INVALID_TXN_INDEX)
        return views.transaction_view(found[2], tx_hash)

    async def get_transaction_receipt(self, transaction_hash: Any) -> dict[str, Any]:
        tx_hash = _felt(transaction_hash, "transaction_hash")
        found = self._store.transaction(tx_hash)
        if found is None:
            raise RpcError(TXN_HASH_NOT_FOUND)
        number, _, _, receipt = found
        block = self._store.block_by_number(number)
        out = views.receipt_view(receipt)
        out["block_number"] = number
        out["block_hash"] = hex(block.hash) if block is not None else None
        return out

    async def get_transaction_status(self, transaction_hash: Any) -> dict[str, Any]:
        tx_hash = _felt(transaction_hash, "transaction_hash")
        found = self._store.transaction(tx_hash)
        if found is not None:
            receipt = found[3]
            out = {
                "finality_status": "ACCEPTED_ON_L2",
                "execution_status": receipt.execution_status,
            }
            if receipt.revert_reason is not None:
                out["failure_reason"] = receipt.revert_reason
            return out
        if self._mempool.contains(tx_hash):
            return {"finality_status": "RECEIVED"}
        raise RpcError(TXN_HASH_NOT_FOUND)

    async def add_invoke_transaction(self, invoke_transaction: Any) -> dict[str, Any]:
        try:
            tx = InvokeTransaction.from_rpc(invoke_transaction)
        except UnsupportedVersion as exc:
            raise RpcError(UNSUPPORTED_TX_VERSION, exc.reason) from exc
        except InvalidTransaction as exc:
            raise invalid_params(exc.reason) from exc
        if self._mempool.pending_count() >= self._max_pending:
            raise RpcError(UNEXPECTED_ERROR, "the mempool is full; retry later")
        tx_hash = await self._hash_tx(tx)
        if self._mempool.contains(tx_hash) or self._store.has_transaction(tx_hash):
            raise RpcError(DUPLICATE_TX)
        await self._mempool.submit(tx_hash, tx)
        return {"transaction_hash": hex(tx_hash)}

    async def syncing(self) -> Any:
        head = self._ledger.head
        if not self._syncing():
            self._sync_start = None
            return False
        if self._sync_start is None:
            self._sync_start = head
        start = self._sync_start
        return {
            "starting_block_hash": hex(start.hash),
            "starting_block_num": start.number,
            "current_block_hash": hex(head.hash),
            "current_block_num": head.number,
            "highest_block_hash": hex(head.hash),
            "highest_block_num": head.number,
        }


def _felt(value: Any, what: str) -> int:
    try:
        return parse_felt(value, what)
    except InvalidTransaction as exc:
        raise invalid_params(exc.reason) from exc


def bind(method: Method, params: Any) -> dict[str, Any]:
    """Named or positional params -> keyword arguments of the handler.

    Raises:
        RpcError: -32602 when params are missing, extra, or of the wrong container type.
    """
    names = method.required + method.optional
    if params is None:
        params = {}
    if isinstance(params, list):
        if len(params) < len(method.required) or len(params) > len(names):
            raise invalid_params(f"expected {len(method.required)} to {len(names)} params")
        return dict(zip(names, params, strict=False))
    if isinstance(params, dict):
        missing = [n for n in method.required if n not in params]
        if missing:
            raise invalid_params(f"missing params: {', '.join(missing)}")
        extra = [k for k in params if k not in names]
        if extra:
            raise invalid_params(f"unexpected params: {', '.join(map(str, extra))[:200]}")
        return dict(params)
    raise invalid_params("params must be an array or an object")
