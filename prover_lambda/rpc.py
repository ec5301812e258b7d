"""JSON-RPC client for the sequencer nodes, falling over from one node URL to the next.

A call goes to the node that answered last; on a connection error, a timeout or an HTTP error it
tries the next URL of ``NODE_RPC_URLS``, and raises :class:`NodesUnavailable` only when none
answered. A JSON-RPC error object is an answer (the node is up) and raises :class:`RpcError`.
"""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from prover_lambda.errors import NodesUnavailable, RpcError

BLOCK_NOT_FOUND = 24
NO_BLOCKS = 32


class NodeClient:
    """The few Starknet JSON-RPC calls the watcher makes, over several nodes."""

    def __init__(
        self,
        urls: tuple[str, ...] | list[str],
        *,
        timeout_s: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not urls:
            raise ValueError("at least one node URL is needed")
        self.urls = tuple(urls)
        self._preferred = 0
        self._ids = itertools.count(1)
        self._http = httpx.Client(timeout=timeout_s, transport=transport)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def call(self, method: str, params: list[Any] | dict[str, Any] | None = None) -> Any:
        """Call ``method`` on the first node that answers; return its ``result``.

        Raises:
            RpcError: a node answered with a JSON-RPC error.
            NodesUnavailable: no node answered at all.
        """
        request = {
            "jsonrpc": "2.0",
            "id": next(self._ids),
            "method": method,
            "params": params if params is not None else [],
        }
        failures: dict[str, str] = {}
        order = [(self._preferred + k) % len(self.urls) for k in range(len(self.urls))]
        for index in order:
            url = self.urls[index]
            try:
                response = self._http.post(url, json=request)
                response.raise_for_status()
                body = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                failures[url] = f"{type(exc).__name__}: {exc}"
                continue
            if not isinstance(body, dict) or ("result" not in body and "error" not in body):
                failures[url] = "not a JSON-RPC response"
                continue
            self._preferred = index
            if "error" in body and body["error"] is not None:
                error = body["error"]
                raise RpcError(method, int(error.get("code", 0)), str(error.get("message", "")))
            return body["result"]
        raise NodesUnavailable(method, failures)

    def block_number(self) -> int:
        """The latest block number (``starknet_blockNumber``)."""
        result = self.call("starknet_blockNumber")
        if not isinstance(result, int) or isinstance(result, bool):
            raise RpcError("starknet_blockNumber", 0, f"not a block number: {result!r}")
        return result

    def block_with_receipts(self, number: int) -> dict[str, Any]:
        """Block ``number`` with its transactions and receipts."""
        result = self.call("starknet_getBlockWithReceipts", {"block_id": {"block_number": number}})
        if not isinstance(result, dict):
            raise RpcError("starknet_getBlockWithReceipts", 0, "result is not an object")
        return result
