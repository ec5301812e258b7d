"""A small Starknet JSON-RPC server over a real socket, serving a chain the test builds.

It answers ``starknet_specVersion``, ``starknet_blockNumber`` and
``starknet_getBlockWithReceipts`` with blocks in the spec's shapes (INVOKE v1 transactions with
calldata ``[selector, n]``, receipts with one event ``[n, result]``), and error 24 for a block it
does not have. Results are computed here, independently of the VM: fibonacci and factorial mod
the Stark prime.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.reference import PRIME, fact, fib


def _felt_hash(*parts: object) -> str:
    digest = hashlib.blake2s(repr(parts).encode()).digest()
    return hex(int.from_bytes(digest, "big") % PRIME)


@dataclass
class Chain:
    """Blocks served by the server; tests append to it while it runs."""

    blocks: list[dict[str, Any]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    lag: int = 0  # blocks the node claims beyond those it serves

    def add_block(
        self,
        calls: list[tuple[int, int]],
        *,
        reverted: tuple[int, ...] = (),
        wrong_result: tuple[int, ...] = (),
    ) -> dict[str, Any]:
        """Append a block with one transaction per ``(selector, n)``."""
        number = len(self.blocks)
        parent = self.blocks[-1]["block_hash"] if self.blocks else "0x0"
        entries = []
        for index, (selector, n) in enumerate(calls):
            tx_hash = _felt_hash("tx", number, index, selector, n)
            status = "REVERTED" if index in reverted else "SUCCEEDED"
            result = fib(n) if selector == 0 else fact(n)
            if index in wrong_result:
                result += 1
            receipt: dict[str, Any] = {
                "type": "INVOKE",
                "transaction_hash": tx_hash,
                "actual_fee": {"amount": "0x0", "unit": "WEI"},
                "execution_status": status,
                "finality_status": "ACCEPTED_ON_L2",
                "messages_sent": [],
                "events": []
                if status == "REVERTED"
                else [{"from_address": "0x1", "keys": [], "data": [hex(n), hex(result)]}],
                "execution_resources": {"l1_gas": 0, "l1_data_gas": 0, "l2_gas": 0},
            }
            if status == "REVERTED":
                receipt["revert_reason"] = "unknown selector"
            entries.append(
                {
                    "transaction": {
                        "type": "INVOKE",
                        "version": "0x1",
                        "transaction_hash": tx_hash,
                        "sender_address": "0x1",
                        "calldata": [hex(selector), hex(n)],
                        "max_fee": "0x0",
                        "signature": [],
                        "nonce": hex(index),
                    },
                    "receipt": receipt,
                }
            )
        block = {
            "status": "ACCEPTED_ON_L2",
            "block_hash": _felt_hash("block", number, parent),
            "parent_hash": parent,
            "block_number": number,
            "new_root": "0x0",
            "timestamp": 1_700_000_000 + number,
            "sequencer_address": "0x1",
            "l1_gas_price": {"price_in_fri": "0x1", "price_in_wei": "0x1"},
            "l1_data_gas_price": {"price_in_fri": "0x1", "price_in_wei": "0x1"},
            "l2_gas_price": {"price_in_fri": "0x1", "price_in_wei": "0x1"},
            "l1_da_mode": "CALLDATA",
            "starknet_version": "0.13.2",
            "transactions": entries,
        }
        self.blocks.append(block)
        return block


class _Handler(BaseHTTPRequestHandler):
    chain: Chain

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length))
        method, params = request.get("method"), request.get("params")
        self.chain.calls.append(method)
        response: dict[str, Any] = {"jsonrpc": "2.0", "id": request.get("id")}
        if method == "starknet_specVersion":
            response["result"] = "0.10.2"
        elif method == "starknet_blockNumber":
            if self.chain.blocks:
                response["result"] = len(self.chain.blocks) - 1 + self.chain.lag
            else:
                response["error"] = {"code": 32, "message": "There are no blocks"}
        elif method == "starknet_getBlockWithReceipts":
            block_id = params["block_id"] if isinstance(params, dict) else params[0]
            number = block_id.get("block_number") if isinstance(block_id, dict) else None
            if isinstance(number, int) and 0 <= number < len(self.chain.blocks):
                response["result"] = self.chain.blocks[number]
            else:
                response["error"] = {"code": 24, "message": "Block not found"}
        else:
            response["error"] = {"code": -32601, "message": "Method not found"}
        body = json.dumps(response).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class RpcServer:
    """The server, in a thread, on a free port of 127.0.0.1."""

    def __init__(self, chain: Chain) -> None:
        handler = type("Handler", (_Handler,), {"chain": chain})
        self.chain = chain
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
