"""Relocatable addresses: a (segment, offset) pair that becomes an integer at relocation."""

from __future__ import annotations

from cairovm.errors import VMRuntimeError
from cairovm.felt import PRIME


class Rel:
    """A pointer into a memory segment, as cairo-lang's ``RelocatableValue``.

    Adding a field element moves the offset; subtracting two pointers of the same segment gives
    a field element; every other operation on pointers is an error.
    """

    __slots__ = ("off", "seg")

    def __init__(self, seg: int, off: int) -> None:
        self.seg = seg
        self.off = off

    def __add__(self, other: object) -> Rel:
        if type(other) is int:
            return Rel(self.seg, (self.off + other) % PRIME)
        raise VMRuntimeError(f"cannot add two pointers: {self} + {other}")

    __radd__ = __add__

    def __sub__(self, other: object) -> int | Rel:
        if type(other) is int:
            return self + (PRIME - other) % PRIME
        if type(other) is Rel:
            if other.seg != self.seg:
                raise VMRuntimeError(
                    f"cannot subtract pointers of different segments: {self} - {other}"
                )
            return (self.off - other.off) % PRIME
        raise VMRuntimeError(f"cannot subtract {other!r} from a pointer")

    def __eq__(self, other: object) -> bool:
        return type(other) is Rel and other.seg == self.seg and other.off == self.off

    def __hash__(self) -> int:
        return hash((self.seg, self.off))

    def __lt__(self, other: Rel) -> bool:
        return (self.seg, self.off) < (other.seg, other.off)

    def __repr__(self) -> str:
        return f"{self.seg}:{self.off}"


#: A value in Cairo memory: a field element or a pointer.
MaybeRel = int | Rel


def add(a: MaybeRel, b: MaybeRel) -> MaybeRel:
    """a + b for field elements and pointers (pointer + element moves the pointer)."""
    if type(a) is int and type(b) is int:
        return (a + b) % PRIME
    return a + b  # type: ignore[operator]


def sub(a: MaybeRel, b: MaybeRel) -> MaybeRel:
    """a - b for field elements and pointers (pointer - pointer is an element)."""
    if type(a) is int and type(b) is int:
        return (a - b) % PRIME
    return a - b  # type: ignore[operator]
