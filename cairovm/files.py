"""cairo-run's file formats: the binary trace and memory files and the AIR JSON inputs.

Trace: per step ``ap, fp, pc`` as 8-byte little-endian integers. Memory: per cell an 8-byte
little-endian address and a 32-byte little-endian value, in the order the cells were written.
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from pathlib import Path
from typing import Any

from cairovm.errors import CairoVMError
from cairovm.runner import TraceEntry

FIELD_BYTES = 32
_ENTRY = struct.Struct("<3Q")


def encode_trace(trace: list[TraceEntry]) -> bytes:
    """The trace file's bytes."""
    return b"".join(_ENTRY.pack(e.ap, e.fp, e.pc) for e in trace)


def encode_trace_columns(pcs: list[int], aps: list[int], fps: list[int]) -> bytes:
    """The trace file's bytes from the trace's columns (faster than :func:`encode_trace`)."""
    words = array("Q", bytes(24 * len(pcs)))
    words[0::3], words[1::3], words[2::3] = array("Q", aps), array("Q", fps), array("Q", pcs)
    if sys.byteorder != "little":  # pragma: no cover
        words.byteswap()
    return words.tobytes()


def encode_memory(memory: dict[int, int]) -> bytes:
    """The memory file's bytes, cells in the dict's order."""
    return b"".join(
        addr.to_bytes(8, "little") + value.to_bytes(FIELD_BYTES, "little")
        for addr, value in memory.items()
    )


def decode_trace(data: bytes) -> list[TraceEntry]:
    """Parse a trace file.

    Raises:
        CairoVMError: the length is not a whole number of entries.
    """
    if len(data) % _ENTRY.size:
        raise CairoVMError(f"trace file length {len(data)} is not a multiple of {_ENTRY.size}")
    return [TraceEntry(pc, ap, fp) for ap, fp, pc in _ENTRY.iter_unpack(data)]


def decode_memory(data: bytes) -> dict[int, int]:
    """Parse a memory file.

    Raises:
        CairoVMError: the length is not a whole number of cells, or an address repeats.
    """
    size = 8 + FIELD_BYTES
    if len(data) % size:
        raise CairoVMError(f"memory file length {len(data)} is not a multiple of {size}")
    memory: dict[int, int] = {}
    for i in range(0, len(data), size):
        addr = int.from_bytes(data[i : i + 8], "little")
        if addr in memory:
            raise CairoVMError(f"memory file repeats address {addr}")
        memory[addr] = int.from_bytes(data[i + 8 : i + size], "little")
    return memory


def write_trace(path: str | Path, trace: list[TraceEntry]) -> None:
    Path(path).write_bytes(encode_trace(trace))


def write_memory(path: str | Path, memory: dict[int, int]) -> None:
    Path(path).write_bytes(encode_memory(memory))


def read_trace(path: str | Path) -> list[TraceEntry]:
    return decode_trace(Path(path).read_bytes())


def read_memory(path: str | Path) -> dict[int, int]:
    return decode_memory(Path(path).read_bytes())


def write_json(path: str | Path, obj: Any) -> None:
    """Write JSON as cairo-run does (indent 4, trailing newline)."""
    Path(path).write_text(json.dumps(obj, indent=4) + "\n")
