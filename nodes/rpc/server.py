"""JSON-RPC 2.0 over HTTP (POST, any path) with aiohttp: envelopes, batches, error codes.

Every malformed input gets a JSON-RPC error object, never a dropped connection or a stack
trace: unparsable JSON -> -32700; not a request object, empty batch, bad `jsonrpc`,
`method` or `id` -> -32600; unknown method -> -32601; params that do not fit -> -32602;
a body above the configured limit -> -32600 with HTTP 413; an unexpected failure in a
handler -> -32603. Answers carry CORS headers (origin `NODES_CORS_ORIGIN`, default `*`) so
that a web page, such as the explorer, can read the chain from a browser. Requests in a batch run concurrently, and notifications (no `id`) get no
answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import web

from nodes.rpc.errors import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    PARSE_ERROR,
    RpcError,
)
from nodes.rpc.methods import RpcMethods, bind

log = logging.getLogger(__name__)

MAX_BATCH = 10_000
_NO_ID = object()


def _error(request_id: Any, error: RpcError) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "error": error.to_json()}


class RpcServer:
    """Serves `methods` on host:port."""

    def __init__(self, methods: RpcMethods, max_body_bytes: int, cors_origin: str = "*") -> None:
        self._methods = methods
        self._max_body = max_body_bytes
        self._cors = (
            {
                "Access-Control-Allow-Origin": cors_origin,
                "Access-Control-Allow-Methods": "POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": "3600",
            }
            if cors_origin
            else {}
        )
        self._runner: web.AppRunner | None = None
        self.requests = 0

    async def start(self, host: str, port: int) -> None:
        app = web.Application(client_max_size=self._max_body)
        app.router.add_route("*", "/{tail:.*}", self._http)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port, shutdown_timeout=1.0).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _http(self, request: web.Request) -> web.Response:
        response = await self._answer(request)
        response.headers.update(self._cors)
        return response

    async def _answer(self, request: web.Request) -> web.Response:
        if request.method == "OPTIONS":  # a browser's CORS preflight
            return web.Response(status=204)
        if request.method != "POST":
            return web.json_response(
                _error(None, RpcError(INVALID_REQUEST, "use POST with a JSON-RPC body")), status=405
            )
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.json_response(
                _error(
                    None, RpcError(INVALID_REQUEST, f"request body above {self._max_body} bytes")
                ),
                status=413,
            )
        answer = await self.handle_body(body)
        if answer is None:
            return web.Response(status=204)
        return web.Response(text=answer, content_type="application/json")

    async def handle_body(self, body: bytes) -> str | None:
        """One HTTP body in, the JSON text to answer (None: nothing to answer)."""
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, ValueError, RecursionError):
            return json.dumps(_error(None, RpcError(PARSE_ERROR)))
        if isinstance(payload, list):
            if not payload:
                return json.dumps(_error(None, RpcError(INVALID_REQUEST, "empty batch")))
            if len(payload) > MAX_BATCH:
                return json.dumps(
                    _error(None, RpcError(INVALID_REQUEST, f"batch above {MAX_BATCH} requests"))
                )
            answers = await asyncio.gather(*(self._one(item) for item in payload))
            out = [a for a in answers if a is not None]
            return json.dumps(out) if out else None
        answer = await self._one(payload)
        return None if answer is None else json.dumps(answer)

    async def _one(self, request: Any) -> dict[str, Any] | None:
        self.requests += 1
        if not isinstance(request, dict):
            return _error(None, RpcError(INVALID_REQUEST, "a request is a JSON object"))
        request_id = request.get("id", _NO_ID)
        if request_id is not _NO_ID and not (
            request_id is None or isinstance(request_id, str) or type(request_id) is int
        ):
            return _error(None, RpcError(INVALID_REQUEST, "id must be a string, number or null"))
        reply_id = None if request_id is _NO_ID else request_id
        method_name = request.get("method")
        if request.get("jsonrpc") != "2.0" or not isinstance(method_name, str):
            return _error(
                reply_id, RpcError(INVALID_REQUEST, 'jsonrpc must be "2.0" and method a string')
            )
        try:
            method = self._methods.table.get(method_name)
            if method is None:
                raise RpcError(METHOD_NOT_FOUND, method_name[:100])
            result = await method.handler(**bind(method, request.get("params")))
        except RpcError as exc:
            if request_id is _NO_ID:
                return None
            return _error(reply_id, exc)
        except Exception:
            log.exception("method %s failed", method_name[:100])
            if request_id is _NO_ID:
                return None
            return _error(reply_id, RpcError(INTERNAL_ERROR))
        if request_id is _NO_ID:
            return None
        return {"jsonrpc": "2.0", "id": request_id, "result": result}
