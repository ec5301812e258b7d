"""Cairo VM speed: steps per second of cairovm and of cairo-lang's VM on the same runs.

Both are timed in this run on the same programs and inputs. cairovm is timed end to end
(``run_program``: set-up, run, relocation); cairo-lang only for its run loop, which favours it.
Times are CPU seconds of the process (time.process_time), so other load on the machine does
not distort the ratio.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from cairovm import run_program
from cairovm.block import block_program_input
from cairovm.programs import load, program_path

ROOT = Path(__file__).resolve().parents[1]
CAIRO_PYTHON = ROOT / ".venv-cairo" / "bin" / "python"

WORKLOADS = [
    ("fibonacci", {"n": 5000}),
    ("factorial", {"n": 2000}),
    ("block", block_program_input(1, 0xB10C, [(0x10 + i, i % 2, 300 + i) for i in range(20)])),
]


def _ours(name: str, program_input: dict, proof_mode: bool) -> tuple[int, float]:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        res = run_program(
            load(name), layout="small", proof_mode=proof_mode, program_input=program_input
        )
        best = min(best, time.process_time() - start)
    return res.steps, best


def _cairo_lang(name: str, program_input: dict) -> tuple[int, float] | None:
    if not CAIRO_PYTHON.exists():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump(program_input, f)
        f.flush()
        done = subprocess.run(
            [str(CAIRO_PYTHON), str(ROOT / "benchmarks" / "cairo_lang_rate.py"), str(program_path(name)), "small", f.name],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    result = json.loads(done.stdout)
    return result["steps"], result["seconds"]


def run() -> list[dict[str, Any]]:
    rows = []
    for name, program_input in WORKLOADS:
        steps, seconds = _ours(name, program_input, proof_mode=False)
        proof_steps, proof_seconds = _ours(name, program_input, proof_mode=True)
        ref = _cairo_lang(name, program_input)
        ours_rate = steps / seconds
        row: dict[str, Any] = {
            "program": name,
            "steps": steps,
            "cairovm steps/s": f"{ours_rate:,.0f}",
            "cairovm proof mode steps/s": f"{proof_steps / proof_seconds:,.0f}",
        }
        if ref is None:
            row["cairo-lang steps/s"] = "not installed (make cairo-lang)"
        else:
            ref_steps, ref_seconds = ref
            if ref_steps != steps:
                raise AssertionError(f"{name}: cairo-lang ran {ref_steps} steps, cairovm {steps}")
            row["cairo-lang steps/s"] = f"{ref_steps / ref_seconds:,.0f}"
            row["speed-up"] = f"{ours_rate / (ref_steps / ref_seconds):.0f}x"
        rows.append(row)
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import print_table

    print_table("vm", run())
