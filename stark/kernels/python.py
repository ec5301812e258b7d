"""Plain-Python kernels: NTT with list comprehensions over Python ints, hashlib for leaves.

The NTT is a constant-geometry (Pease) decimation-in-frequency transform: every stage pairs the
two halves of the array, so each stage is two comprehensions over whole lists; the output comes
in bit-reversed order and is permuted back once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from hashlib import blake2s

from ..field import P, batch_inverse, root_of_unity
from ..merkle import DIGEST_BYTES, LEAF_PERSON


@lru_cache(maxsize=64)
def _bit_reversal(log_size: int) -> tuple[int, ...]:
    size = 1 << log_size
    rev = [0] * size
    for i in range(1, size):
        rev[i] = (rev[i >> 1] >> 1) | ((i & 1) << (log_size - 1))
    return tuple(rev)


@lru_cache(maxsize=64)
def _twiddles(log_size: int, inverse: bool) -> tuple[int, ...]:
    half = (1 << log_size) >> 1
    w = root_of_unity(log_size)
    if inverse:
        w = pow(w, -1, P)
    out = [1] * half
    for k in range(1, half):
        out[k] = out[k - 1] * w % P
    return tuple(out)


def ntt(values: Sequence[int], log_size: int, inverse: bool = False) -> list[int]:
    """Σ_j a_j·ω^(ij) for i < 2^log_size (ω inverted when ``inverse``; no 1/n scaling)."""
    size = 1 << log_size
    if len(values) != size:
        raise ValueError("ntt input has the wrong length")
    if log_size == 0:
        return [values[0] % P]
    half = size >> 1
    tw = _twiddles(log_size, inverse)
    x = list(values)
    for t in range(log_size):
        a = x[:half]
        b = x[half:]
        if t == 0:
            stage_tw = tw
        else:
            run = 1 << t
            stage_tw = [w for w in tw[::run] for _ in range(run)]
        x[0::2] = [(u + v) % P for u, v in zip(a, b, strict=True)]
        x[1::2] = [(u - v) * c % P for u, v, c in zip(a, b, stage_tw, strict=True)]
    rev = _bit_reversal(log_size)
    return [x[i] for i in rev]


def _log2(n: int) -> int:
    if n <= 0 or n & (n - 1):
        raise ValueError("sizes must be powers of two")
    return n.bit_length() - 1


class PythonKernels:
    name = "python"

    def interpolate(self, columns: Sequence[Sequence[int]], offset: int = 1) -> list[list[int]]:
        out = []
        for col in columns:
            log_size = _log2(len(col))
            coeffs = ntt(col, log_size, inverse=True)
            scale = pow(len(col), -1, P)
            if offset == 1:
                out.append([c * scale % P for c in coeffs])
            else:
                inv_offset = pow(offset, -1, P)
                s = scale
                scaled = []
                for c in coeffs:
                    scaled.append(c * s % P)
                    s = s * inv_offset % P
                out.append(scaled)
        return out

    def evaluate(
        self, coefficients: Sequence[Sequence[int]], log_size: int, offset: int
    ) -> list[list[int]]:
        size = 1 << log_size
        out = []
        for coeffs in coefficients:
            if len(coeffs) > size:
                raise ValueError("polynomial degree too large for the evaluation domain")
            padded = [0] * size
            s = 1
            for i, c in enumerate(coeffs):
                padded[i] = c * s % P
                s = s * offset % P
            out.append(ntt(padded, log_size))
        return out

    def lde(
        self, columns: Sequence[Sequence[int]], blowup_log: int, offset: int
    ) -> list[list[int]]:
        if not columns:
            return []
        log_size = _log2(len(columns[0])) + blowup_log
        return self.evaluate(self.interpolate(columns), log_size, offset)

    def hash_leaves(self, columns: Sequence[Sequence[int]]) -> list[bytes]:
        size = len(columns[0])
        half = size >> 1
        as_bytes = [[v.to_bytes(32, "big") for v in col] for col in columns]
        lows = [col[:half] for col in as_bytes]
        highs = [col[half:] for col in as_bytes]
        out = []
        for i in range(half):
            data = b"".join([c[i] for c in lows] + [c[i] for c in highs])
            out.append(blake2s(data, digest_size=DIGEST_BYTES, person=LEAF_PERSON).digest())
        return out

    def batch_inverse(self, values: Sequence[int]) -> list[int]:
        return batch_inverse(values)

    def combine(self, columns: Sequence[Sequence[int]], coefficients: Sequence[int]) -> list[int]:
        if not columns:
            return []
        acc = [0] * len(columns[0])
        for c, col in zip(coefficients, columns, strict=True):
            acc = [a + c * v for a, v in zip(acc, col, strict=True)]
        return [a % P for a in acc]
