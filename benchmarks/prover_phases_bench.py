"""Where a proof's time goes, step by step, with the compiled and the plain-Python kernels.

Fibonacci runs filling 2^12 … 2^16 steps (the plain kernels up to ``PROVER_PHASES_PLAIN_MAX_LOG``,
default 14), ``secure`` preset, each in its own process.  CPU seconds per step of the prover, as
:mod:`benchmarks.kernel_timing` splits them; "other" is everything outside the kernels (the VM's
trace turned into columns, the permutation products, the transcript).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def profile_one(log_steps: int) -> dict:
    """CPU seconds per phase of one proof with the configured kernels (in a fresh process)."""
    import stark
    from benchmarks.kernel_timing import timed_kernels
    from benchmarks.stark_bench import fibonacci_n_for
    from cairovm.programs import load
    from stark.cairo_prover import run_program_for_proof

    run = run_program_for_proof(load("fibonacci"), {"n": fibonacci_n_for(log_steps)})
    with timed_kernels() as timer:
        cpu = time.process_time()
        stark.prove_run(run, preset="secure")
        cpu = time.process_time() - cpu
    phases = {name: seconds[1] for name, seconds in timer.phases().items()}
    phases["other"] = cpu - sum(phases.values())
    return {"kernels": timer.name, "cpu": cpu, "phases": phases}


def _profile_in_child(log_steps: int, kernels: str) -> dict:
    code = (
        "import json; from benchmarks.prover_phases_bench import profile_one; "
        f"print(json.dumps(profile_one({log_steps})))"
    )
    env = dict(os.environ, STARK_KERNELS=kernels)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> list[dict]:
    plain_max = int(os.environ.get("PROVER_PHASES_PLAIN_MAX_LOG", "14"))
    _profile_in_child(10, "numba")  # fills the compile cache
    rows = []
    for log_steps in (12, 14, 16):
        for kernels in ("numba", "python"):
            if kernels == "python" and log_steps > plain_max:
                continue
            result = _profile_in_child(log_steps, kernels)
            row = {"trace": f"2^{log_steps}", "kernels": kernels, "CPU s": f"{result['cpu']:.1f}"}
            for name, seconds in result["phases"].items():
                share = 100 * seconds / result["cpu"] if result["cpu"] else 0.0
                row[name] = f"{seconds:.2f} ({share:.0f}%)"
            rows.append(row)
    return rows
