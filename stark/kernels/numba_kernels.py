"""The compiled kernels: the :class:`stark.kernels.Kernels` interface on Montgomery limb arrays.

Matrices are :class:`.matrix.LimbMatrix` values; every method also accepts plain integer
columns.  Results equal the plain-Python kernels' bit for bit (the tests compare them method by
method).  The trace, its extensions and the DEEP and FRI layers stay in limbs from the first
conversion to the openings, which read out only the queried rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..air import Air, Domain
from ..errors import ProverError
from ..field import P, root_of_unity
from ..options import COSET_OFFSET
from ..transcript import POW_PERSON, Transcript
from . import limbs
from .blake2s import grind
from .constraints import (
    NotPolynomial,
    compile_program,
    composition_node,
    run_program,
    trace_constraints,
)
from .deep import deep_composition, linear_combination
from .domain import inverse_differences, zerofier_inverses
from .folding import fold
from .leaves import digests_to_bytes, leaf_digests
from .matrix import LimbMatrix, as_matrix
from .montgomery import batch_inverse_array, mont_limbs, mul_arrays
from .ntt import bit_reversal, interpolate, interpolate_rev, lde, lde_from_rev, natural_order
from .points import evaluate_rev
from .tree import ArrayMerkleTree

Matrix = LimbMatrix | Sequence[Sequence[int]]

# Rows of the trace checked against the constraints at a time (bounds the memory of the check).
_CHECK_ROWS = 1 << 13


def _log2(n: int) -> int:
    if n <= 0 or n & (n - 1):
        raise ValueError("sizes must be powers of two")
    return n.bit_length() - 1


def _same_lengths(columns: Sequence[Sequence[int]]) -> int:
    n = len(columns[0])
    if any(len(c) != n for c in columns):
        raise ValueError("columns must have equal lengths")
    return n


def _checked(columns: Matrix) -> LimbMatrix:
    if not isinstance(columns, LimbMatrix):
        _log2(_same_lengths(columns))
    m = as_matrix(columns)
    _log2(m.length)
    return m


def _empty(columns: Matrix) -> bool:
    return columns.width == 0 if isinstance(columns, LimbMatrix) else not columns


def _stored(m: LimbMatrix, cosets: int | None = None) -> np.ndarray:
    """The limbs as stored (coset-major or natural), or rearranged to ``cosets`` cosets."""
    if cosets is None or cosets == m.cosets:
        return m.natural() if m.cosets == 1 else m.data
    natural = m.natural()
    if cosets == 1:
        return natural
    width, size, _ = natural.shape
    return np.ascontiguousarray(
        natural.reshape(width, size // cosets, cosets, 4).transpose(0, 2, 1, 3)
    ).reshape(width, size, 4)


def _aux_of(traces: Sequence[Matrix], length: int, cosets: int) -> np.ndarray:
    if len(traces) > 1:
        return _stored(as_matrix(traces[1]), cosets)
    return np.zeros((0, length, 4), dtype=np.uint64)


def _transform_order(coefficients: np.ndarray) -> np.ndarray:
    """Natural coefficients as an inverse transform leaves them: padded to a power of two,
    bit-reversed, times the length."""
    width, length, _ = coefficients.shape
    size = 1 << (length - 1).bit_length() if length > 1 else 1
    padded = np.zeros((width, size, 4), dtype=np.uint64)
    padded[:, :length] = coefficients
    permuted = np.ascontiguousarray(padded[:, bit_reversal(size.bit_length() - 1)])
    flat = permuted.reshape(-1, 4)
    scale = np.tile(mont_limbs(size % P), (flat.shape[0], 1))
    return mul_arrays(flat, scale).reshape(permuted.shape)


def _inverses_by_coset(log_domain: int, cosets: int, shifts: list[int]) -> np.ndarray:
    """(len(shifts), N, 4): 1/(x − a) with x running over the domain in coset-major order."""
    log_cosets = cosets.bit_length() - 1
    w = root_of_unity(log_domain)
    parts = [
        inverse_differences(log_domain - log_cosets, COSET_OFFSET * pow(w, k, P) % P, shifts)
        for k in range(cosets)
    ]
    return np.concatenate(parts, axis=1)


class NumbaKernels:
    name = "numba"

    # --- conversions
    def matrix(self, columns: Sequence[Sequence[int]]) -> LimbMatrix:
        return as_matrix(columns)

    def columns(self, m: Matrix) -> list[list[int]]:
        return m.to_columns() if isinstance(m, LimbMatrix) else [list(c) for c in m]

    # --- transforms
    def interpolate(self, columns: Matrix, offset: int = 1) -> LimbMatrix:
        if _empty(columns):
            return LimbMatrix(np.zeros((0, 1, 4), dtype=np.uint64))
        m = _checked(columns)
        if offset == 1:  # keep the transform's order: extensions and evaluations read it as is
            return LimbMatrix(interpolate_rev(m.natural(), m.log_length), bit_reversed=True)
        return LimbMatrix(interpolate(m.natural(), offset))

    def evaluate(self, coefficients: Matrix, log_size: int, offset: int) -> LimbMatrix:
        if _empty(coefficients):
            return LimbMatrix(np.zeros((0, 1 << log_size, 4), dtype=np.uint64))
        if isinstance(coefficients, LimbMatrix):
            m = coefficients
        else:
            longest = max(1, *(len(c) for c in coefficients))
            padded = [list(c) + [0] * (longest - len(c)) for c in coefficients]
            m = as_matrix(padded)
        if m.length > 1 << log_size:
            raise ValueError("polynomial degree too large for the evaluation domain")
        rev = m.data if m.bit_reversed else _transform_order(m.natural())
        log_n = rev.shape[1].bit_length() - 1
        blowup_log = log_size - log_n
        return LimbMatrix(lde_from_rev(rev, log_n, blowup_log, offset), cosets=1 << blowup_log)

    def lde(self, columns: Matrix, blowup_log: int, offset: int) -> LimbMatrix:
        if _empty(columns):
            return LimbMatrix(np.zeros((0, 1, 4), dtype=np.uint64))
        m = _checked(columns)
        return LimbMatrix(lde(m.natural(), blowup_log, offset), cosets=1 << blowup_log)

    # --- commitments and openings
    def hash_leaves(self, columns: Matrix) -> list[bytes]:
        m = _checked(columns)
        return digests_to_bytes(leaf_digests(_stored(m), m.cosets))

    def merkle_tree(self, columns: Matrix) -> ArrayMerkleTree:
        m = _checked(columns)
        return ArrayMerkleTree.of_matrix(_stored(m), m.cosets)

    def open_rows(self, columns: Matrix, leaves: Sequence[int]) -> tuple[tuple[int, ...], ...]:
        m = as_matrix(columns)
        data = _stored(m)
        half = data.shape[1] >> 1
        positions = np.array(
            [[m.position(q), m.position(q + half)] for q in leaves], dtype=np.int64
        ).reshape(-1)
        picked = np.ascontiguousarray(data[:, positions].transpose(1, 0, 2))  # (2k, width, 4)
        values = limbs.from_mont(picked)  # per opened row: its values, column by column
        rows = []
        for k in range(len(leaves)):
            rows.append(tuple(values[2 * k] + values[2 * k + 1]))
        return tuple(rows)

    # --- field helpers
    def batch_inverse(self, values: Sequence[int]) -> list[int]:
        if not values:
            return []
        inverses, ok = batch_inverse_array(limbs.vector_to_mont(values))
        if not ok:
            raise ZeroDivisionError("zero has no inverse in Stark252")
        return limbs.vector_from_mont(inverses)

    def combine(self, columns: Matrix, coefficients: Sequence[int]) -> list[int]:
        if _empty(columns):
            return []
        m = as_matrix(columns)
        if m.width != len(coefficients):
            raise ValueError("one coefficient per column")
        out = linear_combination(m.natural(), limbs.vector_to_mont(list(coefficients)))
        return limbs.vector_from_mont(out)

    def evaluate_at(self, coefficients: Matrix, points: Sequence[int]) -> list[list[int]]:
        if _empty(coefficients):
            return []
        m = as_matrix(coefficients)
        rev = m.data if m.bit_reversed else _transform_order(m.natural())
        return limbs.from_mont(evaluate_rev(rev, list(points), pow(rev.shape[1], -1, P)))

    # --- constraints
    def composition_values(
        self,
        air: Air,
        ctx: object,
        lde: Sequence[Matrix],
        coefficients: Sequence[int],
        log_eval: int,
    ) -> LimbMatrix:
        try:
            traced = trace_constraints(air, ctx)
        except NotPolynomial:
            from .python import PythonKernels

            plain = PythonKernels().composition_values(
                air, ctx, [self.columns(m) for m in lde], coefficients, log_eval
            )
            return as_matrix(plain)
        first = as_matrix(lde[0])
        main = _stored(first)
        size = main.shape[1]
        program = compile_program(traced, composition_node(traced, air, coefficients))
        points = 1 << log_eval
        zinv = zerofier_inverses(air.log_n, log_eval, COSET_OFFSET)
        out = run_program(
            program,
            main,
            _aux_of(lde, size, first.cosets),
            zinv,
            points,
            size // points,
            size >> air.log_n,
            cosets=first.cosets,
        )
        return LimbMatrix(out)

    def violated_constraints(
        self, air: Air, ctx: object, trace: Sequence[Matrix]
    ) -> list[tuple[str, int]]:
        try:
            traced = trace_constraints(air, ctx)
        except NotPolynomial:
            from .python import PythonKernels

            return PythonKernels().violated_constraints(air, ctx, [self.columns(m) for m in trace])
        main = as_matrix(trace[0]).natural()
        n = main.shape[1]
        aux = _aux_of(trace, n, 1)
        program = compile_program(traced, traced.outputs)
        applies = _domain_masks(air, n)
        found: list[tuple[str, int]] = []
        for start in range(0, n, _CHECK_ROWS):
            count = min(_CHECK_ROWS, n - start)
            values = run_program(program, main, aux, None, count, 1, 1, start=start)
            nonzero = np.any(values != 0, axis=2) & applies[:, start : start + count]
            constraint_idx, rows = np.nonzero(nonzero)
            order = np.lexsort((constraint_idx, rows))
            for k in order:
                found.append((air.constraints[constraint_idx[k]].name, start + int(rows[k])))
        return found

    # --- DEEP, FRI, grinding
    def deep_composition(
        self,
        lde: Sequence[Matrix],
        part_lde: Matrix,
        gammas: Sequence[int],
        ood_current: Sequence[int],
        ood_next: Sequence[int],
        ood_composition: Sequence[int],
        points: Sequence[int],
        log_domain: int,
    ) -> LimbMatrix:
        first = as_matrix(lde[0])
        main = _stored(first)
        size = main.shape[1]
        cosets = first.cosets
        width = len(ood_current)
        g_cur, g_next, g_comp = gammas[:width], gammas[width : 2 * width], gammas[2 * width :]
        consts = [
            sum(g * v for g, v in zip(g_cur, ood_current, strict=True)) % P,
            sum(g * v for g, v in zip(g_next, ood_next, strict=True)) % P,
            sum(g * v for g, v in zip(g_comp, ood_composition, strict=True)) % P,
        ]
        inverses = _inverses_by_coset(log_domain, cosets, list(points))
        out = deep_composition(
            main,
            _aux_of(lde, size, cosets),
            _stored(as_matrix(part_lde), cosets),
            limbs.vector_to_mont(list(g_cur)),
            limbs.vector_to_mont(list(g_next)),
            limbs.vector_to_mont(list(g_comp)),
            limbs.vector_to_mont(consts),
            inverses,
        )
        return LimbMatrix(natural_order(out.reshape(1, size, 4), cosets))

    def fold(self, values: Matrix, layer: int, log_domain: int, beta: int) -> LimbMatrix:
        m = as_matrix(values)
        out = fold(m.natural()[0], layer, log_domain, beta, COSET_OFFSET)
        return LimbMatrix(out.reshape(1, -1, 4))

    def grind(self, transcript: Transcript, bits: int) -> int:
        nonce = grind(transcript.state, POW_PERSON, bits)
        if nonce < 0 or not transcript.check_pow(nonce, bits):
            raise ProverError("grinding found no valid nonce")
        return nonce


def _domain_masks(air: Air, n: int) -> np.ndarray:
    """(constraints, n) bool: the rows each constraint must vanish on."""
    rows = np.arange(n)
    by_domain = {
        Domain.ALL: np.ones(n, dtype=bool),
        Domain.TRANSITION: rows < n - 1,
        Domain.FIRST: rows == 0,
        Domain.LAST: rows == n - 1,
    }
    return np.stack([by_domain[c.domain] for c in air.constraints])
