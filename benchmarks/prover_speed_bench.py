"""Prover speed: the compiled kernels against the plain-Python reference, and against the limit.

Fibonacci runs filling traces of 2^10 … 2^16 steps (2^17 and 2^18 with the compiled kernels
only), ``secure`` preset.  Each proof runs in its own process, so its peak memory (``ru_maxrss``)
and CPU time (user + system, both threads) are its own; wall time is reported too, but the
machine is shared, so CPU time is the steadier figure.  For every size:

* prove wall and CPU seconds, peak memory, proof size, and the CPython verify time of the proof;
* the Pyodide verify time, where ``benchmarks.browser_bench`` offers ``verify_in_pyodide(proof)``
  (milliseconds), else empty;
* the same proof made with ``STARK_KERNELS=python`` (the reference) and the ratio of the two;
* the limit: the native 4×64-bit Montgomery multiplication (C, :mod:`benchmarks.native`) times
  the number of field multiplications the compiled prover performs (:func:`multiplications`),
  and the prover's CPU time over that limit.

``PROVER_SPEED_MAX_LOG`` (default 18) and ``PROVER_SPEED_REFERENCE_MAX_LOG`` (default 16) bound
the sizes; ``PROVER_SPEED_MIN_LOG`` (default 10) is the first one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ntt_products(size: int) -> int:
    """Products of one radix-2 transform of ``size`` points (twiddle 1 skipped)."""
    if size < 2:
        return 0
    return size // 2 * (size.bit_length() - 1) - (size - 1)


def multiplications(
    main_width: int,
    aux_width: int,
    log_n: int,
    blowup_log: int,
    parts: int,
    log_eval: int,
    composition_products: int,
    numerator_products: int,
) -> int:
    """Field multiplications of one proof on the compiled path, counted step by step."""
    n, blowup = 1 << log_n, 1 << blowup_log
    size = n * blowup
    width = main_width + aux_width
    points = 1 << log_eval
    count = width * n  # into Montgomery form
    count += width * _ntt_products(n)  # interpolation
    count += (width + parts) * blowup * (n + _ntt_products(n))  # coset scaling and transforms
    count += n * numerator_products  # the constraint check on the trace
    count += points * (composition_products + 11)  # composition, zerofier inverses
    count += _ntt_products(points) + 2 * points + parts * n  # its coefficients, parts' order
    count += (2 * width + parts) * n  # out-of-domain values
    count += size * (2 * width + parts + 3 + 15)  # DEEP sums, combination, three inverses
    count += (width + parts) * size + size  # canonical values for the leaves (trace, FRI)
    count += 4 * size  # FRI folding (all layers)
    return count


def fibonacci_n_for(log_steps: int) -> int:
    from benchmarks.stark_bench import fibonacci_n_for as n_for

    return n_for(log_steps)


def prove_one(log_steps: int, out: str) -> dict:
    """Prove one fibonacci run with the configured kernels (in a fresh process)."""
    import random
    import resource

    import stark
    from cairovm.programs import load
    from stark.air import composition_parts
    from stark.cairo_air import CairoAir
    from stark.field import P
    from stark.kernels import get_kernels
    from stark.kernels.constraints import compile_program, composition_node, trace_constraints
    from stark.proof import decode_proof

    kernels = get_kernels().name
    n = fibonacci_n_for(log_steps)
    wall = time.perf_counter()
    result = stark.prove_program(load("fibonacci"), {"n": n}, layout="small", preset="secure")
    wall = time.perf_counter() - wall
    usage = resource.getrusage(resource.RUSAGE_SELF)
    Path(out).write_bytes(result.proof)
    proof = decode_proof(result.proof)
    air = CairoAir(proof.public_input)
    rng = random.Random(1)
    ctx = air.context([rng.randrange(P) for _ in range(air.num_challenges)])
    traced = trace_constraints(air, ctx)
    coefficients = [rng.randrange(P) for _ in air.constraints]
    parts = composition_parts(air)
    count = multiplications(
        air.main_width,
        air.aux_width,
        air.log_n,
        proof.options.blowup_log,
        parts,
        air.log_n + (parts - 1).bit_length(),
        compile_program(traced, composition_node(traced, air, coefficients)).multiplications,
        compile_program(traced, traced.outputs).multiplications,
    )
    return {
        "kernels": kernels,
        "steps": result.steps,
        "columns": air.width,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "multiplications": count,
    }


def _prove_in_child(log_steps: int, kernels: str, out: Path) -> dict:
    code = (
        "import json; from benchmarks.prover_speed_bench import prove_one; "
        f"print(json.dumps(prove_one({log_steps}, {str(out)!r})))"
    )
    env = dict(os.environ, STARK_KERNELS=kernels)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _verify_ms(proof: bytes, repeats: int = 3) -> float:
    import stark

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        stark.verify(proof)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _pyodide_ms(proof: bytes) -> str:
    try:
        from benchmarks import browser_bench
    except Exception:  # the browser benchmark needs its own dependencies
        return ""
    verify = getattr(browser_bench, "verify_in_pyodide", None)
    return f"{verify(proof):.0f}" if callable(verify) else ""


def _warm_up() -> None:
    """Compile the kernels once, so that no measured proof pays for numba's compilation."""
    with tempfile.TemporaryDirectory() as tmp:
        _prove_in_child(10, "numba", Path(tmp) / "warm.proof")


def run() -> list[dict]:
    from benchmarks.native import native_mul_ns

    low = int(os.environ.get("PROVER_SPEED_MIN_LOG", "10"))
    high = int(os.environ.get("PROVER_SPEED_MAX_LOG", "18"))
    reference_high = int(os.environ.get("PROVER_SPEED_REFERENCE_MAX_LOG", "16"))
    native = native_mul_ns()
    _warm_up()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for log_steps in range(low, high + 1):
            out = Path(tmp) / f"fib-{log_steps}.proof"
            fast = _prove_in_child(log_steps, "numba", out)
            proof = out.read_bytes()
            row = {
                "trace": f"2^{log_steps}",
                "columns": fast["columns"],
                "prove wall s": f"{fast['wall']:.1f}",
                "prove CPU s": f"{fast['cpu']:.1f}",
                "peak MB": f"{fast['peak_mb']:.0f}",
                "proof KB": f"{len(proof) / 1024:.0f}",
                "verify ms": f"{_verify_ms(proof):.0f}",
                "Pyodide verify ms": _pyodide_ms(proof),
            }
            if log_steps <= reference_high:
                plain_out = Path(tmp) / f"fib-{log_steps}-plain.proof"
                plain = _prove_in_child(log_steps, "python", plain_out)
                same = plain_out.read_bytes() == proof
                row["plain wall s"] = f"{plain['wall']:.1f}"
                row["plain CPU s"] = f"{plain['cpu']:.1f}"
                row["plain peak MB"] = f"{plain['peak_mb']:.0f}"
                row["speed-up (CPU)"] = f"{plain['cpu'] / fast['cpu']:.0f}x" + (
                    "" if same else " (proofs differ!)"
                )
            row["field muls"] = f"{fast['multiplications'] / 1e6:.0f} M"
            if native is not None:
                limit = native.ns * fast["multiplications"] / 1e9
                row["limit s"] = f"{limit:.2f}"
                row["CPU / limit"] = f"{fast['cpu'] / limit:.1f}"
            rows.append(row)
    if native is not None:
        rows.append(
            {
                "trace": "limit",
                "columns": f"native mul {native.ns:.1f} ns ({native.compiler} {native.flags})",
            }
        )
    return rows
