"""Field kernels: one Stark252 multiplication (Python ints, native C, numba limbs), NTTs, the
low-degree extension, leaf hashing, the Cairo constraint program, and numba's compile cost.

Times are CPU seconds of this process (both threads counted) unless marked wall: the machine is
shared, so wall time mostly measures the neighbours.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time

import numba
import numpy as np

from benchmarks.native import native_mul_ns
from stark.field import P
from stark.kernels import blake2s, ntt
from stark.kernels.leaves import leaf_digests
from stark.kernels.montgomery import load, mul, store

LOG_N = 16
COLUMNS = 8


@numba.njit(cache=False)
def _mul_loop(a, b, out, reps):
    for r in range(reps):
        for i in range(a.shape[0]):
            store(out, i, mul(load(a, i), load(b, i)))
        a[r % a.shape[0], 0] ^= out[(r * 7) % a.shape[0], 1] & np.uint64(0xFF)


def numba_mul_ns(reps: int = 20000) -> float:
    rng = np.random.default_rng(1)
    a = rng.integers(0, 2**63, size=(1024, 4), dtype=np.uint64)
    a[:, 3] &= np.uint64(2**58)
    b = a[::-1].copy()
    out = np.empty_like(a)
    _mul_loop(a, b, out, 1)
    start = time.process_time()
    _mul_loop(a, b, out, reps)
    return (time.process_time() - start) / (reps * 1024) * 1e9


def python_mul_ns(count: int = 200_000) -> float:
    rng = random.Random(1)
    xs = [rng.randrange(P) for _ in range(count)]
    ys = [rng.randrange(P) for _ in range(count)]
    start = time.process_time()
    [x * y % P for x, y in zip(xs, ys, strict=True)]
    return (time.process_time() - start) / count * 1e9


def _timed(f, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    result = f(*args)
    return result, time.process_time() - cpu, time.perf_counter() - wall


_COLD_SCRIPT = """
import time
start = time.perf_counter()
import numpy as np
from stark.kernels.numba_kernels import NumbaKernels
k = NumbaKernels()
cols = [[i + j for i in range(16)] for j in range(3)]
k.lde(cols, 2, 3); k.hash_leaves(cols); k.batch_inverse([1, 2, 3]); k.evaluate(cols, 5, 3)
print(time.perf_counter() - start)
"""


def compile_seconds() -> tuple[float, float]:
    """Wall seconds for a fresh process to use the core kernels: empty cache, then warm cache."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        times = []
        for _ in range(2):
            out = subprocess.run(
                [sys.executable, "-c", _COLD_SCRIPT], env=env, capture_output=True, text=True
            )
            times.append(float(out.stdout.strip().splitlines()[-1]))
    return times[0], times[1]


def run() -> list[dict]:
    rows: list[dict] = []
    py_ns = python_mul_ns()
    nb_ns = numba_mul_ns()
    native = native_mul_ns()
    rows.append({"measure": "mul, Python ints", "value": f"{py_ns:.0f} ns", "notes": "a*b % p"})
    if native is not None:
        rows.append(
            {
                "measure": "mul, native C (4x64 Montgomery)",
                "value": f"{native.ns:.1f} ns",
                "notes": f"{native.compiler} {native.flags}; throughput, CPU time",
            }
        )
    rows.append(
        {
            "measure": "mul, numba limbs (4x64 Montgomery)",
            "value": f"{nb_ns:.1f} ns",
            "notes": f"{py_ns / nb_ns:.0f}x Python ints"
            + (f", {native.ns / nb_ns:.2f}x native speed" if native else ""),
        }
    )
    n = 1 << LOG_N
    data = np.random.default_rng(2).integers(0, 2**58, size=(COLUMNS, n, 4), dtype=np.uint64)
    ntt.lde(data[:, :64], 2, 3)  # compile outside the timings
    ntt._transform(data[:, :64].copy(), 6)
    x = data.copy()
    _, cpu, wall = _timed(ntt._transform, x, LOG_N)
    butterflies = COLUMNS * LOG_N * n // 2
    rows.append(
        {
            "measure": f"NTT (inverse) 2^{LOG_N} x {COLUMNS} columns",
            "value": f"{cpu / butterflies * 1e9:.1f} ns/butterfly",
            "notes": f"{butterflies / cpu / 1e6:.0f} M butterflies/s CPU; wall {wall * 1e3:.0f} ms",
        }
    )
    _, cpu, wall = _timed(ntt.lde, data, 2, 3)
    rows.append(
        {
            "measure": f"LDE 2^{LOG_N} -> 2^{LOG_N + 2} x {COLUMNS} columns",
            "value": f"{cpu * 1e3:.0f} ms CPU",
            "notes": f"wall {wall * 1e3:.0f} ms; {cpu / COLUMNS * 1e3:.0f} ms CPU per column",
        }
    )
    matrix = data[:, : 1 << 14].copy()
    leaf_digests(matrix[:, :64])
    _, cpu, wall = _timed(leaf_digests, matrix)
    megabytes = matrix.shape[0] * matrix.shape[1] * 32 / 1e6
    rows_bytes = [bytes(2 * COLUMNS * 32) for _ in range(4096)]
    start = time.process_time()
    for r in rows_bytes:
        hashlib.blake2s(r, digest_size=32, person=b"stkleaf").digest()
    hashlib_mb = len(rows_bytes) * 2 * COLUMNS * 32 / 1e6 / (time.process_time() - start)
    rows.append(
        {
            "measure": "leaf hashing (BLAKE2s, compiled)",
            "value": f"{megabytes / cpu:.0f} MB/s CPU",
            "notes": f"hashlib from Python: {hashlib_mb:.0f} MB/s CPU; wall {megabytes / wall:.0f} MB/s",
        }
    )
    blake2s.grind(bytes(32), b"stkpow", 64, span=64)
    _, cpu, wall = _timed(blake2s.grind, bytes(32), b"stkpow", 64, 0, 1 << 20)
    rows.append(
        {
            "measure": "grinding (2^20 nonces)",
            "value": f"{cpu / (1 << 20) * 1e9:.0f} ns/nonce CPU",
            "notes": f"wall {wall * 1e3:.0f} ms",
        }
    )
    cold, warm = compile_seconds()
    rows.append(
        {
            "measure": "first use in a fresh process (LDE, leaves, inverse, evaluate)",
            "value": f"{cold:.1f} s cold, {warm:.1f} s cached",
            "notes": "cold: empty NUMBA_CACHE_DIR (numba compiles); cached: its files reused",
        }
    )
    return rows
