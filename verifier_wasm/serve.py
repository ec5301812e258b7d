"""A plain static file server for the explorer (the site and, optionally, the chain's data).

Any static server works if it serves ``.mjs`` as JavaScript and ``.wasm`` as
``application/wasm``; this one, Python's own ``http.server`` with those types pinned, is what
``python -m verifier_wasm serve DIR`` and the browser tests use.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from types import TracebackType
from typing import ClassVar

from verifier_wasm.publish import CONTENT_TYPES


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **CONTENT_TYPES,
    }

    def end_headers(self) -> None:
        # The chain's files change under the same name (index.json): let the browser revalidate.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class StaticServer:
    """Serve ``root`` on ``host:port`` (port 0 picks a free one) from a background thread."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = functools.partial(_Handler, directory=str(root))
        self._server = http.server.ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.root = root

    @property
    def url(self) -> str:
        """The server's base URL, ending in ``/``."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> StaticServer:
        """Start serving in the background."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def __enter__(self) -> StaticServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
