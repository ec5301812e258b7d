"""Compiled constraint programs against ``air.evaluate`` on the Cairo AIR and the toy AIR."""

from __future__ import annotations

import random

import numpy as np
import pytest

from stark.air import DOMAINS
from stark.cairo_air import CairoAir
from stark.cairo_trace import CairoTraceBuilder
from stark.field import P
from stark.kernels.constraints import (
    NotPolynomial,
    compile_program,
    composition_node,
    run_program,
    trace_constraints,
)
from stark.kernels.limbs import from_mont, to_mont

from ..toy_air import ToyAir


@pytest.fixture(scope="module")
def cairo_airs(fib_run, block_run):
    """The Cairo AIR without and with the range_check builtin's columns."""
    return [CairoAir(CairoTraceBuilder(run).public_input) for run in (fib_run, block_run)]


def _random_frames(rng: random.Random, width: int, rows: int) -> list[list[int]]:
    return [[rng.randrange(P) for _ in range(rows)] for _ in range(width)]


def _check_numerators(air, ctx, rng, rows=70):
    columns = _random_frames(rng, air.width, rows)
    traced = trace_constraints(air, ctx)
    program = compile_program(traced, traced.outputs)
    main = to_mont(columns[: air.main_width])
    aux = to_mont(columns[air.main_width :]) if air.aux_width else None
    step = 3
    got = from_mont(run_program(program, main, aux, None, rows, 1, step))
    for i in range(rows):
        cur = [c[i] for c in columns]
        nxt = [c[(i + step) % rows] for c in columns]
        expected = [v % P for v in air.evaluate(ctx, cur, nxt)]
        assert [g[i] for g in got] == expected, f"row {i}"
    return program


def test_cairo_numerators_match(cairo_airs):
    rng = random.Random(7)
    for air in cairo_airs:
        ctx = air.context([rng.randrange(P) for _ in range(air.num_challenges)])
        program = _check_numerators(air, ctx, rng)
        assert program.registers < air.width * 2  # inputs are not all live at once


def test_toy_numerators_match():
    rng = random.Random(8)
    air = ToyAir(4, claimed=12345)
    _check_numerators(air, air.context([rng.randrange(P)]), rng)


def test_composition_matches(cairo_airs):
    """Σ_D zinv_D Σ coefficient·numerator, with per-point zerofier inverses, strided rows."""
    rng = random.Random(9)
    air = cairo_airs[1]
    ctx = air.context([rng.randrange(P) for _ in range(3)])
    coefficients = [rng.randrange(P) for _ in air.constraints]
    traced = trace_constraints(air, ctx)
    program = compile_program(traced, composition_node(traced, air, coefficients))
    size, stride, step, points = 64, 2, 4, 32
    columns = _random_frames(rng, air.width, size)
    zinv = [[rng.randrange(P) for _ in range(points)] for _ in DOMAINS]
    out = run_program(
        program,
        to_mont(columns[: air.main_width]),
        to_mont(columns[air.main_width :]),
        to_mont(zinv),
        points,
        stride,
        step,
    )
    got = from_mont(out)[0]
    for k in range(points):
        i = k * stride
        values = air.evaluate(ctx, [c[i] for c in columns], [c[(i + step) % size] for c in columns])
        expected = 0
        for d, domain in enumerate(DOMAINS):
            s = sum(
                coeff * v
                for c, coeff, v in zip(air.constraints, coefficients, values, strict=True)
                if c.domain is domain
            )
            expected += s % P * zinv[d][k]
        assert got[k] == expected % P


def test_constant_outputs_and_folding():
    class Constant(ToyAir):
        def evaluate(self, ctx, cur, nxt):
            a = cur[0]
            return [3, a - a, (a + 0) * 1 - a, 0 * a + 5, (a << 3) - 8 * a, a**3 - a * a * a] + [
                0
            ] * 3

    air = Constant(3, claimed=1)
    traced = trace_constraints(air, 1)
    program = compile_program(traced, traced.outputs)
    main = to_mont([[5] * 8, [0] * 8, [0] * 8])
    out = from_mont(run_program(program, main, to_mont([[0] * 8]), None, 8, 1, 1))
    assert [row[0] for row in out] == [3, 0, 0, 5, 0, 0, 0, 0, 0]
    assert program.multiplications <= 2  # a**3 shares a·a; the rest folds away


@pytest.mark.parametrize(
    "body",
    [
        lambda a: [1 if a > 0 else 0],
        lambda a: [int(a)],
        lambda a: [a // 2],
        lambda a: [a % 7],
        lambda a: [a * 1.5],
    ],
)
def test_non_polynomial_code_refused(body):
    class Odd(ToyAir):
        def evaluate(self, ctx, cur, nxt):
            return body(cur[0]) + [0] * 8

    with pytest.raises(NotPolynomial):
        trace_constraints(Odd(3, claimed=1), 1)


def test_block_boundaries():
    """More points than one block, and a count that is not a multiple of the block."""
    air = ToyAir(8, claimed=77)
    rng = random.Random(10)
    ctx = air.context([rng.randrange(P)])
    traced = trace_constraints(air, ctx)
    program = compile_program(traced, traced.outputs)
    columns = _random_frames(rng, 4, 256)
    out = run_program(program, to_mont(columns[:3]), to_mont(columns[3:]), None, 200, 1, 1)
    got = from_mont(out)
    for i in (0, 63, 64, 65, 127, 128, 199):
        values = air.evaluate(ctx, [c[i] for c in columns], [c[i + 1] for c in columns])
        assert [g[i] for g in got] == [v % P for v in values]
    assert np.asarray(out).shape == (9, 200, 4)
