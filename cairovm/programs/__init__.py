"""The shipped Cairo programs (sources and their cairo-compile --proof_mode output)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from cairovm.program import Program, load_program

DIR = Path(__file__).resolve().parent
NAMES = ("fibonacci", "factorial", "block")


def program_path(name: str) -> Path:
    """The compiled JSON of a shipped program."""
    if name not in NAMES:
        raise ValueError(f"unknown program {name!r}; shipped programs are {NAMES}")
    return DIR / f"{name}.json"


@cache
def load(name: str) -> Program:
    """Load a shipped program (cached: programs are immutable)."""
    return load_program(program_path(name))
