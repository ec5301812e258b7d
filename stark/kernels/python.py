"""Plain-Python kernels: NTT with list comprehensions over Python ints, hashlib for leaves.

The NTT is a constant-geometry (Pease) decimation-in-frequency transform: every stage pairs the
two halves of the array, so each stage is two comprehensions over whole lists; the output comes
in bit-reversed order and is permuted back once.  A matrix is the list of its columns.  This is
the reference the compiled kernels are tested against: every domain-wide step of the prover
(composition, constraint check, DEEP, FRI folding) is written here as directly as the protocol
states it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from hashlib import blake2s

from ..air import DOMAINS, Air, Domain
from ..field import P, batch_inverse, root_of_unity
from ..fri import INV_TWO
from ..merkle import DIGEST_BYTES, LEAF_PERSON, MerkleTree
from ..options import COSET_OFFSET
from ..polynomial import evaluate as evaluate_at_point
from ..transcript import Transcript

Columns = list[list[int]]


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

    def matrix(self, columns: Sequence[Sequence[int]]) -> Columns:
        return [list(c) for c in columns]

    def columns(self, m: Sequence[Sequence[int]]) -> Columns:
        return [list(c) for c in m]

    def merkle_tree(self, columns: Sequence[Sequence[int]]) -> MerkleTree:
        return MerkleTree(self.hash_leaves(columns))

    def open_rows(
        self, columns: Sequence[Sequence[int]], leaves: Sequence[int]
    ) -> tuple[tuple[int, ...], ...]:
        half = len(columns[0]) >> 1
        return tuple(
            tuple([c[q] for c in columns] + [c[q + half] for c in columns]) for q in leaves
        )

    def evaluate_at(
        self, coefficients: Sequence[Sequence[int]], points: Sequence[int]
    ) -> list[list[int]]:
        return [[evaluate_at_point(c, x) for x in points] for c in coefficients]

    def composition_values(
        self,
        air: Air,
        ctx: object,
        lde: Sequence[Sequence[Sequence[int]]],
        coefficients: Sequence[int],
        log_eval: int,
    ) -> Columns:
        """Σ_D 1/Z_D(x) · Σ_{constraints on D} coefficient·numerator(x), on the sub-coset of
        2^log_eval points of the extensions' coset (one column)."""
        columns = [col for m in lde for col in m]
        size = 1 << log_eval
        stride = len(columns[0]) >> log_eval
        rows = list(zip(*[col[::stride] for col in columns], strict=True))
        step = size >> air.log_n  # the next trace row is this many points further on
        inverses = _zerofier_inverses(air.log_n, log_eval, self)
        groups = []
        for d in DOMAINS:
            idx = [i for i, c in enumerate(air.constraints) if c.domain is d]
            if idx:
                groups.append((idx, [coefficients[i] for i in idx], inverses[d]))
        evaluate_frame = air.evaluate
        out = [0] * size
        for i in range(size):
            numerators = evaluate_frame(ctx, rows[i], rows[(i + step) % size])
            acc = 0
            for idx, coeffs, inv in groups:
                s = 0
                for j, c in zip(idx, coeffs, strict=True):
                    s += c * numerators[j]
                acc += s % P * inv[i]
            out[i] = acc % P
        return [out]

    def violated_constraints(
        self, air: Air, ctx: object, trace: Sequence[Sequence[Sequence[int]]]
    ) -> list[tuple[str, int]]:
        """Every (constraint name, row) the trace (main, then auxiliary) breaks, in row order."""
        n = air.trace_length
        rows = list(zip(*[col for m in trace for col in m], strict=True))
        found = []
        for i in range(n):
            values = air.evaluate(ctx, rows[i], rows[(i + 1) % n])
            for constraint, value in zip(air.constraints, values, strict=True):
                d = constraint.domain
                applies = (
                    d is Domain.ALL
                    or (d is Domain.TRANSITION and i < n - 1)
                    or (d is Domain.FIRST and i == 0)
                    or (d is Domain.LAST and i == n - 1)
                )
                if applies and value % P:
                    found.append((constraint.name, i))
        return found

    def deep_composition(
        self,
        lde: Sequence[Sequence[Sequence[int]]],
        part_lde: Sequence[Sequence[int]],
        gammas: Sequence[int],
        ood_current: Sequence[int],
        ood_next: Sequence[int],
        ood_composition: Sequence[int],
        points: Sequence[int],
        log_domain: int,
    ) -> Columns:
        """f₀ = Σ γ(T(x) − T(z))/(x − z) + Σ γ'(T(x) − T(zg))/(x − zg)
        + Σ γ''(C(x) − C(z^parts))/(x − z^parts) on the coset (one column); points = (z, zg,
        z^parts)."""
        columns = [col for m in lde for col in m]
        width = len(columns)
        g_cur, g_next, g_comp = gammas[:width], gammas[width : 2 * width], gammas[2 * width :]
        const_cur = sum(g * v for g, v in zip(g_cur, ood_current, strict=True)) % P
        const_next = sum(g * v for g, v in zip(g_next, ood_next, strict=True)) % P
        const_comp = sum(g * v for g, v in zip(g_comp, ood_composition, strict=True)) % P
        xs = _coset(log_domain)
        z, zg, zp = points
        inv_z = self.batch_inverse([(x - z) % P for x in xs])
        inv_zg = self.batch_inverse([(x - zg) % P for x in xs])
        inv_zp = self.batch_inverse([(x - zp) % P for x in xs])
        s_cur = self.combine(columns, g_cur)
        s_next = self.combine(columns, g_next)
        s_comp = self.combine(part_lde, g_comp)
        return [
            [
                ((a - const_cur) * iz + (b - const_next) * izg + (c - const_comp) * izp) % P
                for a, b, c, iz, izg, izp in zip(
                    s_cur, s_next, s_comp, inv_z, inv_zg, inv_zp, strict=True
                )
            ]
        ]

    def fold(
        self, values: Sequence[Sequence[int]], layer: int, log_domain: int, beta: int
    ) -> Columns:
        """FRI layer k + 1 from layer k = ``layer`` (one column, natural order): the rule of
        :func:`stark.fri.fold_pair` at every point."""
        column = values[0]
        size = len(column)
        half = size >> 1
        log_size = log_domain - layer
        if size != 1 << log_size:
            raise ValueError("the layer's size does not match its domain")
        offset_inv = pow(pow(COSET_OFFSET, 1 << layer, P), -1, P)
        w_inv = pow(root_of_unity(log_size), -1, P)
        # (f(x) + f(−x))/2 + β (f(x) − f(−x)) / (2x), with 1/(2x) running over the half domain
        x_inv = offset_inv * INV_TWO % P
        out = [0] * half
        for i in range(half):
            a = column[i]
            b = column[i + half]
            out[i] = ((a + b) * INV_TWO + beta * (a - b) % P * x_inv) % P
            x_inv = x_inv * w_inv % P
        return [out]

    def grind(self, transcript: Transcript, bits: int) -> int:
        return transcript.grind(bits)


def _coset(log_size: int) -> list[int]:
    """The points COSET_OFFSET·ω^i of the evaluation coset of size 2^log_size."""
    w = root_of_unity(log_size)
    xs = [0] * (1 << log_size)
    x = COSET_OFFSET
    for i in range(len(xs)):
        xs[i] = x
        x = x * w % P
    return xs


def _zerofier_inverses(
    log_n: int, log_domain: int, kernels: PythonKernels
) -> dict[Domain, list[int]]:
    """1/Z_D(x) at every x of the evaluation coset, for each constraint domain D."""
    n = 1 << log_n
    size = 1 << log_domain
    blowup = size // n
    xs = _coset(log_domain)
    last = pow(root_of_unity(log_n), n - 1, P)
    # x^n takes only `blowup` distinct values on the coset
    offset_n = pow(COSET_OFFSET, n, P)
    w_b = root_of_unity(log_domain - log_n)
    vanish_inv_small = kernels.batch_inverse(
        [(offset_n * pow(w_b, j, P) - 1) % P for j in range(blowup)]
    )
    vanish_inv = [vanish_inv_small[i % blowup] for i in range(size)]
    first_inv = kernels.batch_inverse([(x - 1) % P for x in xs])
    last_inv = kernels.batch_inverse([(x - last) % P for x in xs])
    transition = [(x - last) * v % P for x, v in zip(xs, vanish_inv, strict=True)]
    return {
        Domain.ALL: vanish_inv,
        Domain.TRANSITION: transition,
        Domain.FIRST: first_inv,
        Domain.LAST: last_inv,
    }
