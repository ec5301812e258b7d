"""The native reference point: Stark252 Montgomery multiplication in C, compiled here with gcc.

:func:`native_mul_ns` compiles ``native_montgomery.c`` with a few flag sets, checks each binary's
product against Python integers and returns the fastest throughput (CPU time per product).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from stark.field import P

SOURCE = Path(__file__).resolve().parent / "native_montgomery.c"
FLAG_SETS = (
    ("-O2", "-mbmi2", "-madx"),
    ("-O3", "-march=native"),
    ("-O2",),
)


@dataclass(frozen=True)
class NativeMul:
    ns: float
    compiler: str
    flags: str


def native_mul_ns(reps: int = 20000) -> NativeMul | None:
    """The fastest verified native multiplication, or None when no C compiler is present."""
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        return None
    best: NativeMul | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for flags in FLAG_SETS:
            binary = Path(tmp) / "mont"
            built = subprocess.run(
                [compiler, *flags, str(SOURCE), "-o", str(binary)], capture_output=True
            )
            if built.returncode != 0:
                continue
            out = subprocess.run([str(binary), str(reps)], capture_output=True, text=True)
            lines = out.stdout.split("\n")
            a, b, r = (int(h, 16) for h in lines[1].split())
            if r != a * b * pow(2**256, -1, P) % P:
                raise RuntimeError(f"native Montgomery product wrong with {flags}")
            ns = float(lines[0])
            if best is None or ns < best.ns:
                best = NativeMul(ns, Path(compiler).name, " ".join(flags))
    return best
