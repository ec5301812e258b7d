"""Cairo memory: write-once cells in segments, addressed by integer keys, and relocation.

During a run every address is a *key*, ``segment << 64 | offset``, so that memory is one Python
dict whose insertion order is the order in which cells were first written (the order cairo-run's
memory file follows). Values are field elements (``int``) or pointers (:class:`Rel`).
"""

from __future__ import annotations

from cairovm.errors import VMRuntimeError
from cairovm.relocatable import MaybeRel, Rel

SEG_SHIFT = 64
OFF_MASK = (1 << SEG_SHIFT) - 1
#: Relocated memory starts at address 1, as in cairo-lang.
FIRST_MEMORY_ADDR = 1


def key_of(ptr: Rel) -> int:
    """The memory key of a pointer."""
    if ptr.off > OFF_MASK:
        raise VMRuntimeError(f"address {ptr} has an offset beyond 2^64")
    return (ptr.seg << SEG_SHIFT) | ptr.off


def rel_of(key: int) -> Rel:
    """The pointer a memory key stands for."""
    return Rel(key >> SEG_SHIFT, key & OFF_MASK)


def describe(key: int) -> str:
    """A human-readable ``segment:offset`` for error messages."""
    return f"{key >> SEG_SHIFT}:{key & OFF_MASK}"


class Segments:
    """Segment bookkeeping: how many there are, their final sizes and their public memory."""

    def __init__(self) -> None:
        self.count = 0
        self.finalized_sizes: dict[int, int] = {}
        self.public_offsets: dict[int, list[tuple[int, int]]] = {}
        self.used_sizes: dict[int, int] | None = None

    def add(self) -> Rel:
        """Open a new segment and return a pointer to its start."""
        self.count += 1
        return Rel(self.count - 1, 0)

    def finalize(
        self, seg: int, size: int | None = None, public: list[tuple[int, int]] | None = None
    ) -> None:
        """Fix a segment's size (when given) and its public memory (offset, page) pairs."""
        if size is not None:
            self.finalized_sizes[seg] = size
        self.public_offsets[seg] = list(public or [])

    def compute_used_sizes(self, mem: dict[int, MaybeRel]) -> dict[int, int]:
        """Each segment's used size: one past its highest written offset (computed once)."""
        if self.used_sizes is None:
            sizes = dict.fromkeys(range(self.count), 0)
            for key in mem:
                seg, off = key >> SEG_SHIFT, key & OFF_MASK
                if off + 1 > sizes[seg]:
                    sizes[seg] = off + 1
            self.used_sizes = sizes
        return self.used_sizes

    def size(self, seg: int) -> int:
        """The final size of a segment: its finalized size, else its used size."""
        if seg in self.finalized_sizes:
            return self.finalized_sizes[seg]
        assert self.used_sizes is not None
        return self.used_sizes[seg]

    def relocation_table(self) -> list[int]:
        """The relocated base address of every segment, in segment order, starting at 1."""
        assert self.used_sizes is not None, "compute_used_sizes must run first"
        bases, addr = [], FIRST_MEMORY_ADDR
        for seg in range(self.count):
            bases.append(addr)
            size = self.size(seg)
            if size < self.used_sizes[seg]:
                raise VMRuntimeError(f"segment {seg} exceeded its allocated size {size}")
            addr += size
        return bases

    def public_addresses(self, bases: list[int]) -> list[tuple[int, int]]:
        """Relocated (address, page) pairs of the public memory, in segment order."""
        return [
            (bases[seg] + off, page)
            for seg in range(self.count)
            for off, page in self.public_offsets.get(seg, [])
        ]

    def memory_holes(self, accessed: set[int]) -> int:
        """Cells inside the segments' sizes that no instruction accessed."""
        per_seg: dict[int, int] = {}
        for key in accessed:
            per_seg[key >> SEG_SHIFT] = per_seg.get(key >> SEG_SHIFT, 0) + 1
        assert self.used_sizes is not None
        segs = set(self.finalized_sizes) | set(self.used_sizes)
        return sum(self.size(seg) - per_seg.get(seg, 0) for seg in segs)


def relocate_value(value: MaybeRel, bases: list[int]) -> int:
    """A value as it appears in relocated memory."""
    if type(value) is Rel:
        return bases[value.seg] + value.off
    return value  # type: ignore[return-value]
