"""JSON-RPC errors with the codes of JSON-RPC 2.0 and of the Starknet specification."""

from __future__ import annotations

from typing import Any

from nodes.errors import NodeError

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603

BLOCK_NOT_FOUND = 24
INVALID_TXN_INDEX = 27
TXN_HASH_NOT_FOUND = 29
NO_BLOCKS = 32
DUPLICATE_TX = 59
UNSUPPORTED_TX_VERSION = 61
UNEXPECTED_ERROR = 63

MESSAGES = {
    PARSE_ERROR: "Parse error",
    INVALID_REQUEST: "Invalid Request",
    METHOD_NOT_FOUND: "Method not found",
    INVALID_PARAMS: "Invalid params",
    INTERNAL_ERROR: "Internal error",
    BLOCK_NOT_FOUND: "Block not found",
    INVALID_TXN_INDEX: "Invalid transaction index in a block",
    TXN_HASH_NOT_FOUND: "Transaction hash not found",
    NO_BLOCKS: "There are no blocks",
    DUPLICATE_TX: "A transaction with the same hash already exists in the mempool",
    UNSUPPORTED_TX_VERSION: "The transaction version is not supported",
    UNEXPECTED_ERROR: "An unexpected error occurred",
}


class RpcError(NodeError):
    """An error answer: `code` and the standard message, optional `data`."""

    def __init__(self, code: int, data: Any = None) -> None:
        super().__init__(f"{code}: {MESSAGES.get(code, 'error')}")
        self.code = code
        self.data = data

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": MESSAGES.get(self.code, "error")}
        if self.data is not None:
            out["data"] = self.data
        return out


def invalid_params(reason: str) -> RpcError:
    return RpcError(INVALID_PARAMS, reason)
