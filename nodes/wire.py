"""Checked reading of decoded JSON: the only way node-to-node messages are parsed.

Every frame that arrives from the network is JSON; these helpers read one field with its
expected type and bounds, and raise `MalformedMessage` for anything else, so a decoder never
lets a `KeyError`, `TypeError` or a 10,000-digit integer escape into the protocol code.
"""

from __future__ import annotations

import json
from typing import Any

from nodes.errors import MalformedMessage

MAX_U64 = 2**64 - 1


def decode_json(frame: bytes) -> Any:
    """Bytes -> JSON value, or `MalformedMessage`."""
    try:
        return json.loads(frame)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise MalformedMessage(f"not JSON: {exc.__class__.__name__}") from exc


def encode_json(value: Any) -> bytes:
    """The canonical JSON encoding (sorted keys, no spaces) used for frames and digests."""
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedMessage(f"{what} must be an object")
    return value


def field(d: dict[str, Any], key: str) -> Any:
    if key not in d:
        raise MalformedMessage(f"missing field {key!r}")
    return d[key]


def u64(d: dict[str, Any], key: str) -> int:
    value = field(d, key)
    if type(value) is not int or not 0 <= value <= MAX_U64:
        raise MalformedMessage(f"{key!r} must be an integer in [0, 2^64)")
    return value


def hexbytes(d: dict[str, Any], key: str, size: int | None = None) -> bytes:
    value = field(d, key)
    return hex_value(value, key, size)


def hex_value(value: Any, what: str, size: int | None = None) -> bytes:
    if not isinstance(value, str):
        raise MalformedMessage(f"{what!r} must be a hex string")
    if size is not None and len(value) != 2 * size:
        raise MalformedMessage(f"{what!r} must be {size} bytes of hex")
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise MalformedMessage(f"{what!r} is not hex") from exc


def array(d: dict[str, Any], key: str, max_len: int) -> list[Any]:
    value = field(d, key)
    if not isinstance(value, list) or len(value) > max_len:
        raise MalformedMessage(f"{key!r} must be a list of at most {max_len} items")
    return value
