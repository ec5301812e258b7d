"""The error tree of the sequencer node: one root, typed children carrying their reason.

Everything the node raises on purpose derives from `NodeError`; errors of libraries it uses
(sqlite3, nacl, json) are translated at the boundary with `raise ... from exc`.
"""

from __future__ import annotations


class NodeError(Exception):
    """Root of every error raised by `nodes`."""


class ConfigError(NodeError):
    """A committee file, key file or setting is missing or invalid."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MalformedMessage(NodeError):
    """Bytes from the network (or a stored record) that do not decode to a valid message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidMessage(NodeError):
    """A well-formed message that fails verification (signature, quorum, author, leader)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidSignature(InvalidMessage):
    """An ed25519 signature that does not verify for the claimed author."""


class InvalidTransaction(NodeError):
    """A transaction the node refuses to admit (bad fields, unsupported version)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class StoreError(NodeError):
    """The node's SQLite store failed or holds something it cannot read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
