"""Byte-level writer and strict reader for the proof format.

Integers are fixed-width big-endian; field elements 32-byte big-endian and reduced; lists carry
their length.  The reader accepts only the canonical form (reduced field elements, lengths within
bounds) and every failure is an :class:`InvalidProof` saying what was malformed.
Pure standard library.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import InvalidProof
from .field import FELT_BYTES, Felt, P

DIGEST_BYTES = 32


class Writer:
    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def uint(self, value: int, width: int) -> None:
        if not 0 <= value < 1 << (8 * width):
            raise ValueError(f"{value} does not fit in {width} bytes")
        self._parts.append(value.to_bytes(width, "big"))

    def u8(self, value: int) -> None:
        self.uint(value, 1)

    def u16(self, value: int) -> None:
        self.uint(value, 2)

    def u32(self, value: int) -> None:
        self.uint(value, 4)

    def u64(self, value: int) -> None:
        self.uint(value, 8)

    def felt(self, value: Felt) -> None:
        if not 0 <= value < P:
            raise ValueError("field element not reduced")
        self._parts.append(value.to_bytes(FELT_BYTES, "big"))

    def felts(self, values: Sequence[Felt]) -> None:
        """A u32 count, then the elements."""
        self.u32(len(values))
        for v in values:
            self.felt(v)

    def digest(self, value: bytes) -> None:
        if len(value) != DIGEST_BYTES:
            raise ValueError("digest of the wrong length")
        self._parts.append(value)

    def raw(self, data: bytes) -> None:
        self._parts.append(data)

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


class Reader:
    def __init__(self, data: bytes) -> None:
        self._data = bytes(data)
        self._pos = 0

    @property
    def position(self) -> int:
        return self._pos

    def _take(self, n: int, what: str) -> bytes:
        end = self._pos + n
        if end > len(self._data):
            raise InvalidProof(f"malformed proof: truncated while reading {what}")
        out = self._data[self._pos : end]
        self._pos = end
        return out

    def uint(self, width: int, what: str) -> int:
        return int.from_bytes(self._take(width, what), "big")

    def u8(self, what: str) -> int:
        return self.uint(1, what)

    def u16(self, what: str) -> int:
        return self.uint(2, what)

    def u32(self, what: str) -> int:
        return self.uint(4, what)

    def u64(self, what: str) -> int:
        return self.uint(8, what)

    def felt(self, what: str) -> Felt:
        value = int.from_bytes(self._take(FELT_BYTES, what), "big")
        if value >= P:
            raise InvalidProof(f"malformed proof: {what} is not a reduced field element")
        return value

    def felts(self, what: str, max_count: int) -> tuple[Felt, ...]:
        count = self.u32(f"length of {what}")
        if count > max_count:
            raise InvalidProof(
                f"malformed proof: {what} has {count} elements (at most {max_count})"
            )
        return self.felt_array(count, what)

    def felt_array(self, count: int, what: str) -> tuple[Felt, ...]:
        raw = self._take(FELT_BYTES * count, what)
        out = []
        for i in range(count):
            v = int.from_bytes(raw[i * FELT_BYTES : (i + 1) * FELT_BYTES], "big")
            if v >= P:
                raise InvalidProof(f"malformed proof: {what} holds a non-reduced field element")
            out.append(v)
        return tuple(out)

    def digest(self, what: str) -> bytes:
        return self._take(DIGEST_BYTES, what)

    def raw(self, n: int, what: str) -> bytes:
        return self._take(n, what)

    def expect_end(self) -> None:
        extra = len(self._data) - self._pos
        if extra:
            raise InvalidProof(f"malformed proof: {extra} trailing bytes after the proof")
