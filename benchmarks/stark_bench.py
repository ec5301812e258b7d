"""STARK prover and verifier figures: fibonacci traces from 2^10 to 2^16 steps, secure preset.

For each size: the prove time and peak memory of the prover (each proof runs in its own process,
so ``ru_maxrss`` is that proof's peak), the proof's size, and the time CPython's verifier takes.
Set ``STARK_BENCH_MAX_LOG`` (default 16) to stop earlier and ``STARK_BENCH_PRESET`` (default
secure) to measure another preset.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS_PER_ITERATION = 6  # fib_step of cairovm/programs/calls.cairo: 5 steps down, 1 back
OVERHEAD_STEPS = 30


def fibonacci_n_for(log_steps: int) -> int:
    """The fibonacci argument whose proof-mode run fills a 2^log_steps trace."""
    return max(1, ((1 << log_steps) - OVERHEAD_STEPS) // STEPS_PER_ITERATION)


def prove_one(log_steps: int, preset: str, out: str) -> dict:
    """Prove one fibonacci run (called in a fresh process by :func:`run`)."""
    import resource

    import stark
    from cairovm.programs import load

    n = fibonacci_n_for(log_steps)
    start = time.perf_counter()
    result = stark.prove_program(load("fibonacci"), {"n": n}, layout="small", preset=preset)
    seconds = time.perf_counter() - start
    Path(out).write_bytes(result.proof)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"n": n, "steps": result.steps, "prove_s": seconds, "peak_mb": peak_kb / 1024}


def _measure(log_steps: int, preset: str, workdir: Path) -> dict:
    import stark
    from stark.cairo_air import CairoAir
    from stark.proof import decode_proof

    out = workdir / f"fib-{log_steps}.proof"
    code = (
        "import json, sys; from benchmarks.stark_bench import prove_one; "
        f"print(json.dumps(prove_one({log_steps}, {preset!r}, {str(out)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    proved = json.loads(done.stdout.strip().splitlines()[-1])
    proof = out.read_bytes()
    start = time.perf_counter()
    claim = stark.verify(proof)
    verify_s = time.perf_counter() - start
    air = CairoAir(decode_proof(proof).public_input)
    return {
        "trace": f"2^{claim.steps.bit_length() - 1}",
        "fib(n)": proved["n"],
        "columns": air.width,
        "preset": claim.preset,
        "bits": claim.security_bits,
        "prove s": f"{proved['prove_s']:.1f}",
        "peak MB": f"{proved['peak_mb']:.0f}",
        "proof KB": f"{len(proof) / 1024:.0f}",
        "verify ms": f"{verify_s * 1000:.0f}",
    }


def run() -> list[dict]:
    import tempfile

    max_log = int(os.environ.get("STARK_BENCH_MAX_LOG", "16"))
    preset = os.environ.get("STARK_BENCH_PRESET", "secure")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for log_steps in range(10, max_log + 1):
            rows.append(_measure(log_steps, preset, Path(tmp)))
            print(rows[-1], file=sys.stderr, flush=True)
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import print_table

    print_table("stark", run())
