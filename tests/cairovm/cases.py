"""The golden cases: programs, layouts, modes and inputs compared against cairo-run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOLDEN = HERE / "golden"
TEST_PROGRAMS = HERE / "programs"
SHIPPED = ROOT / "cairovm" / "programs"
INPUTS = HERE / "inputs"


@dataclass(frozen=True)
class Case:
    """One cairo-run invocation whose files the VM must reproduce."""

    name: str
    program: Path
    layout: str
    proof_mode: bool
    program_input: Path | None = None

    @property
    def dir(self) -> Path:
        return GOLDEN / self.name


def _both(name: str, program: Path, layout: str, program_input: Path | None = None) -> list[Case]:
    return [
        Case(f"{name}-{layout}", program, layout, False, program_input),
        Case(f"{name}-{layout}-proof", program, layout, True, program_input),
    ]


CASES: list[Case] = [
    *_both("fibonacci", SHIPPED / "fibonacci.json", "small", INPUTS / "fibonacci.json"),
    *_both("factorial", SHIPPED / "factorial.json", "small", INPUTS / "factorial.json"),
    *_both("block", SHIPPED / "block.json", "small", INPUTS / "block.json"),
    *_both("forms", TEST_PROGRAMS / "forms.json", "small"),
    *_both("hints", TEST_PROGRAMS / "hints.json", "small"),
    *_both("rangecheck", TEST_PROGRAMS / "rangecheck.json", "small"),
    *_both("plain", TEST_PROGRAMS / "plain.json", "plain"),
]


def run_flags(case: Case, out_dir: Path) -> list[str]:
    """cairo-run's flags for a case, writing its files into ``out_dir``."""
    flags = [
        "--program", str(case.program), "--layout", case.layout, "--print_output",
        "--trace_file", str(out_dir / "trace.bin"), "--memory_file", str(out_dir / "memory.bin"),
    ]  # fmt: skip
    if case.proof_mode:
        flags += [
            "--proof_mode",
            "--air_public_input", str(out_dir / "public.json"),
            "--air_private_input", str(out_dir / "private.json"),
        ]  # fmt: skip
    if case.program_input is not None:
        flags += ["--program_input", str(case.program_input)]
    return flags
