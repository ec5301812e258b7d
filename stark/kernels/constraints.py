"""An AIR's constraints compiled into a register program and evaluated over limb arrays.

:func:`trace_constraints` runs ``air.evaluate`` once on symbolic frames: every column at x and at
x·g becomes an input symbol, every challenge-derived value a constant, and the arithmetic the AIR
does (``+ − ×``, shifts by constants, ``% P``, ``sum``) records a graph with shared
subexpressions and folded constants.  :func:`compile_program` schedules the graph as straight-line
instructions over a small register file (inputs loaded at first use, registers reused after last
use), optionally followed by the composition: Σ over constraint domains of
``zerofier⁻¹ · Σ coefficient·numerator``.  :func:`run_program` evaluates it at many points, each
instruction over a block of points at a time, blocks split across threads.

Any operation that is not polynomial (a comparison, a branch on a value, ``int()``) raises
:class:`NotPolynomial`: such an AIR stays on the plain-Python path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numba import prange

from ..air import DOMAINS, Air
from ..field import P
from .jit import kernel
from .montgomery import add, load, mont_limbs, mul, store, sub

# graph node kinds
_INPUT, _CONST, _ADD, _SUB, _MUL = 0, 1, 2, 3, 4

# instruction opcodes: (opcode, dst, a, b)
LOAD_MAIN_CUR, LOAD_MAIN_NXT, LOAD_AUX_CUR, LOAD_AUX_NXT, LOAD_ZINV = 0, 1, 2, 3, 4
ADD_RR, SUB_RR, MUL_RR, ADD_RC, SUB_RC, SUB_CR, MUL_RC, SET_C, STORE = 5, 6, 7, 8, 9, 10, 11, 12, 13

BLOCK = 64  # points per instruction pass
TASKS = 16  # pieces the points are cut into for the threads


class NotPolynomial(TypeError):
    """The AIR did something with a symbolic value that a polynomial cannot express."""


class _Graph:
    def __init__(self) -> None:
        self.nodes: list[tuple[int, int, int]] = []
        self.index: dict[tuple[int, int, int], int] = {}
        self.consts: list[int] = []
        self.const_index: dict[int, int] = {}

    def node(self, kind: int, a: int, b: int) -> int:
        key = (kind, a, b)
        found = self.index.get(key)
        if found is None:
            found = len(self.nodes)
            self.nodes.append(key)
            self.index[key] = found
        return found

    def const(self, value: int) -> int:
        value %= P
        slot = self.const_index.get(value)
        if slot is None:
            slot = len(self.consts)
            self.consts.append(value)
            self.const_index[value] = slot
        return self.node(_CONST, slot, 0)

    def value_of(self, node: int) -> int | None:
        kind, a, _ = self.nodes[node]
        return self.consts[a] if kind == _CONST else None

    def binary(self, kind: int, a: int, b: int) -> int:
        va, vb = self.value_of(a), self.value_of(b)
        if va is not None and vb is not None:
            if kind == _ADD:
                return self.const(va + vb)
            if kind == _SUB:
                return self.const(va - vb)
            return self.const(va * vb)
        if kind == _ADD:
            if va == 0:
                return b
            if vb == 0:
                return a
            if a > b:  # commutative: one node for a + b and b + a
                a, b = b, a
        elif kind == _SUB:
            if vb == 0:
                return a
            if a == b:
                return self.const(0)
        else:
            if va == 0 or vb == 0:
                return self.const(0)
            if va == 1:
                return b
            if vb == 1:
                return a
            if a > b:
                a, b = b, a
        return self.node(kind, a, b)


class Symbol:
    """A traced value: a node of the graph, combined with others or with integer constants."""

    __slots__ = ("graph", "node")

    def __init__(self, graph: _Graph, node: int) -> None:
        self.graph = graph
        self.node = node

    def _other(self, other: object) -> int:
        if isinstance(other, Symbol):
            if other.graph is not self.graph:
                raise NotPolynomial("symbols of two different traces combined")
            return other.node
        if isinstance(other, int) and not isinstance(other, bool):
            return self.graph.const(other)
        raise NotPolynomial(f"cannot combine a constraint expression with {type(other).__name__}")

    def _make(self, kind: int, a: int, b: int) -> Symbol:
        return Symbol(self.graph, self.graph.binary(kind, a, b))

    def __add__(self, other: object) -> Symbol:
        return self._make(_ADD, self.node, self._other(other))

    def __radd__(self, other: object) -> Symbol:
        return self._make(_ADD, self._other(other), self.node)

    def __sub__(self, other: object) -> Symbol:
        return self._make(_SUB, self.node, self._other(other))

    def __rsub__(self, other: object) -> Symbol:
        return self._make(_SUB, self._other(other), self.node)

    def __mul__(self, other: object) -> Symbol:
        return self._make(_MUL, self.node, self._other(other))

    def __rmul__(self, other: object) -> Symbol:
        return self._make(_MUL, self._other(other), self.node)

    def __neg__(self) -> Symbol:
        return self._make(_SUB, self.graph.const(0), self.node)

    def __pos__(self) -> Symbol:
        return self

    def __lshift__(self, shift: object) -> Symbol:
        if not isinstance(shift, int) or shift < 0:
            raise NotPolynomial("only shifts by a non-negative integer constant are polynomial")
        return self._make(_MUL, self.node, self.graph.const(1 << shift))

    def __mod__(self, modulus: object) -> Symbol:
        if modulus != P:
            raise NotPolynomial("only reduction modulo the field prime is allowed")
        return self

    def __pow__(self, exponent: object) -> Symbol:
        if not isinstance(exponent, int) or exponent < 0:
            raise NotPolynomial("only non-negative integer constant powers are polynomial")
        result: Symbol | int = 1
        base: Symbol = self
        while exponent:
            if exponent & 1:
                result = base * result
            exponent >>= 1
            if exponent:
                base = base * base
        return result if isinstance(result, Symbol) else Symbol(self.graph, self.graph.const(1))

    def _refuse(self, *args: object) -> bool:
        raise NotPolynomial("constraint expressions cannot be compared, branched on or converted")

    __bool__ = __index__ = __int__ = __float__ = _refuse
    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = __ne__ = _refuse
    __hash__ = None  # type: ignore[assignment]
    __rshift__ = __and__ = __or__ = __xor__ = __floordiv__ = __truediv__ = _refuse


@dataclass(frozen=True)
class TracedConstraints:
    """The graph of one AIR's constraints under fixed challenges."""

    graph: _Graph
    main_width: int
    aux_width: int
    outputs: tuple[int, ...]  # one node per constraint, in the AIR's order
    zinv_inputs: tuple[int, ...]  # one input node per constraint domain (DOMAINS order)


def trace_constraints(air: Air, ctx: object) -> TracedConstraints:
    """Run ``air.evaluate`` on symbols; raises NotPolynomial for non-polynomial AIR code."""
    graph = _Graph()
    width = air.main_width + air.aux_width
    # input node payload: (slot, 0) with slot = column for cur, width + column for nxt, and
    # 2·width + d for the zerofier inverse of domain d
    cur = [Symbol(graph, graph.node(_INPUT, j, 0)) for j in range(width)]
    nxt = [Symbol(graph, graph.node(_INPUT, width + j, 0)) for j in range(width)]
    zinv = tuple(graph.node(_INPUT, 2 * width + d, 0) for d in range(len(DOMAINS)))
    values = air.evaluate(ctx, cur, nxt)
    if len(values) != len(air.constraints):
        raise ValueError("the AIR returned a different number of values than constraints")
    outputs = []
    for v in values:
        if isinstance(v, Symbol):
            outputs.append(v.node)
        elif isinstance(v, int):
            outputs.append(graph.const(v))
        else:
            raise NotPolynomial(f"a constraint evaluated to {type(v).__name__}")
    return TracedConstraints(graph, air.main_width, air.aux_width, tuple(outputs), zinv)


@dataclass(frozen=True)
class Program:
    """Straight-line instructions over ``registers`` registers, writing ``outputs`` values."""

    instructions: np.ndarray  # (m, 4) int64: opcode, dst, a, b
    constants: np.ndarray  # (c, 4) uint64 Montgomery forms
    registers: int
    outputs: int

    @property
    def multiplications(self) -> int:
        ops = self.instructions[:, 0]
        return int(np.count_nonzero((ops == MUL_RR) | (ops == MUL_RC)))


def composition_node(
    traced: TracedConstraints, air: Air, coefficients: Sequence[int]
) -> tuple[int, ...]:
    """The node of Σ_D zinv_D · Σ_{constraints on D} coefficient·numerator."""
    g = traced.graph
    total = g.const(0)
    for d, domain in enumerate(DOMAINS):
        group = g.const(0)
        for c, out, coeff in zip(air.constraints, traced.outputs, coefficients, strict=True):
            if c.domain is domain:
                group = g.binary(_ADD, group, g.binary(_MUL, out, g.const(coeff)))
        if g.value_of(group) != 0:
            total = g.binary(_ADD, total, g.binary(_MUL, group, traced.zinv_inputs[d]))
    return (total,)


def compile_program(traced: TracedConstraints, outputs: Sequence[int]) -> Program:
    """Schedule the nodes ``outputs`` depend on, allocate registers, emit instructions."""
    g = traced.graph
    width = traced.main_width + traced.aux_width
    needed = [False] * len(g.nodes)
    stack = list(outputs)
    while stack:
        k = stack.pop()
        if needed[k]:
            continue
        needed[k] = True
        kind, a, b = g.nodes[k]
        if kind in (_ADD, _SUB, _MUL):
            stack += [a, b]
    # operands of each computed node; inputs are loaded right before their first use
    order = [k for k in range(len(g.nodes)) if needed[k] and g.nodes[k][0] >= _ADD]
    last_use: dict[int, int] = {}
    for step, k in enumerate(order):
        _, a, b = g.nodes[k]
        last_use[a] = step
        last_use[b] = step
    for out in outputs:
        last_use[out] = len(order)  # outputs stay live until stored

    instructions: list[tuple[int, int, int, int]] = []
    register: dict[int, int] = {}
    free: list[int] = []
    count = 0

    def allocate() -> int:
        nonlocal count
        if free:
            return free.pop()
        count += 1
        return count - 1

    def operand(node: int) -> tuple[str, int]:
        kind, a, _ = g.nodes[node]
        if kind == _CONST:
            return "c", a
        if node not in register:  # an input, first use
            r = allocate()
            register[node] = r
            if a < traced.main_width:
                instructions.append((LOAD_MAIN_CUR, r, a, 0))
            elif a < width:
                instructions.append((LOAD_AUX_CUR, r, a - traced.main_width, 0))
            elif a < width + traced.main_width:
                instructions.append((LOAD_MAIN_NXT, r, a - width, 0))
            elif a < 2 * width:
                instructions.append((LOAD_AUX_NXT, r, a - width - traced.main_width, 0))
            else:
                instructions.append((LOAD_ZINV, r, a - 2 * width, 0))
        return "r", register[node]

    for step, k in enumerate(order):
        kind, a, b = g.nodes[k]
        (ta, ra), (tb, rb) = operand(a), operand(b)
        for node in {a, b}:  # release operands whose last use this is (before allocating dst)
            if last_use.get(node) == step and node in register:
                free.append(register.pop(node))
        dst = allocate()
        register[k] = dst
        if ta == "r" and tb == "r":
            op = {_ADD: ADD_RR, _SUB: SUB_RR, _MUL: MUL_RR}[kind]
            instructions.append((op, dst, ra, rb))
        elif ta == "r":
            op = {_ADD: ADD_RC, _SUB: SUB_RC, _MUL: MUL_RC}[kind]
            instructions.append((op, dst, ra, rb))
        else:  # constant first: a + c and a·c commute; c − a has its own opcode
            op = {_ADD: ADD_RC, _SUB: SUB_CR, _MUL: MUL_RC}[kind]
            instructions.append((op, dst, rb, ra))
    for slot, out in enumerate(outputs):
        kind, a, _ = g.nodes[out]
        if kind == _CONST:
            r = allocate()
            instructions.append((SET_C, r, a, 0))
        else:
            _, r = operand(out)
        instructions.append((STORE, slot, r, 0))
    constants = np.array([mont_limbs(v) for v in g.consts] or np.zeros((0, 4)), dtype=np.uint64)
    return Program(
        instructions=np.array(instructions, dtype=np.int64).reshape(-1, 4),
        constants=constants.reshape(-1, 4),
        registers=max(count, 1),
        outputs=len(outputs),
    )


@kernel()
def _load_column(reg, column, k0, count, stride, shift, size, log_n, log_cosets):
    """reg[j] ← natural row (k0 + j)·stride + shift (cyclic) of a column stored coset-major."""
    mask = (1 << log_cosets) - 1
    for j in range(count):
        row = ((k0 + j) * stride + shift) % size
        store(reg, j, load(column, ((row & mask) << log_n) | (row >> log_cosets)))


@kernel()
def _run_block(ins, consts, main, aux, zinv, regs, out, k0, count, stride, step, first, ln, lc):
    """Points k0 ≤ k < k0 + count (of this run; row (first + k)·stride of the matrices, which
    are stored in 2^lc cosets of 2^ln rows)."""
    size = main.shape[1]
    for t in range(ins.shape[0]):
        op, d, a, b = ins[t, 0], ins[t, 1], ins[t, 2], ins[t, 3]
        rd = regs[d]
        if op == LOAD_MAIN_CUR:
            _load_column(rd, main[a], first + k0, count, stride, 0, size, ln, lc)
        elif op == LOAD_MAIN_NXT:
            _load_column(rd, main[a], first + k0, count, stride, step, size, ln, lc)
        elif op == LOAD_AUX_CUR:
            _load_column(rd, aux[a], first + k0, count, stride, 0, size, ln, lc)
        elif op == LOAD_AUX_NXT:
            _load_column(rd, aux[a], first + k0, count, stride, step, size, ln, lc)
        elif op == LOAD_ZINV:
            _load_column(rd, zinv[a], k0, count, 1, 0, zinv.shape[1], 0, 0)
        elif op == ADD_RR:
            ra, rb = regs[a], regs[b]
            for j in range(count):
                store(rd, j, add(load(ra, j), load(rb, j)))
        elif op == SUB_RR:
            ra, rb = regs[a], regs[b]
            for j in range(count):
                store(rd, j, sub(load(ra, j), load(rb, j)))
        elif op == MUL_RR:
            ra, rb = regs[a], regs[b]
            for j in range(count):
                store(rd, j, mul(load(ra, j), load(rb, j)))
        elif op == ADD_RC:
            ra, c = regs[a], load(consts, b)
            for j in range(count):
                store(rd, j, add(load(ra, j), c))
        elif op == SUB_RC:
            ra, c = regs[a], load(consts, b)
            for j in range(count):
                store(rd, j, sub(load(ra, j), c))
        elif op == SUB_CR:
            ra, c = regs[a], load(consts, b)
            for j in range(count):
                store(rd, j, sub(c, load(ra, j)))
        elif op == MUL_RC:
            ra, c = regs[a], load(consts, b)
            for j in range(count):
                store(rd, j, mul(load(ra, j), c))
        elif op == SET_C:
            c = load(consts, a)
            for j in range(count):
                store(rd, j, c)
        else:  # STORE
            ra = regs[a]
            dst = out[d]
            for j in range(count):
                store(dst, k0 + j, load(ra, j))


@kernel(parallel=True)
def _run(ins, consts, registers, main, aux, zinv, out, points, stride, step, first, ln, lc):
    blocks = (points + BLOCK - 1) // BLOCK
    tasks = min(blocks, TASKS)
    for t in prange(tasks):
        regs = np.empty((registers, BLOCK, 4), dtype=np.uint64)
        for blk in range(t * blocks // tasks, (t + 1) * blocks // tasks):
            k0 = blk * BLOCK
            count = min(BLOCK, points - k0)
            _run_block(
                ins, consts, main, aux, zinv, regs, out, k0, count, stride, step, first, ln, lc
            )


def run_program(
    program: Program,
    main: np.ndarray,
    aux: np.ndarray | None,
    zinv: np.ndarray | None,
    points: int,
    stride: int,
    step: int,
    start: int = 0,
    cosets: int = 1,
) -> np.ndarray:
    """(outputs, points, 4): the program at points k < ``points`` of the matrices' rows.

    Point k reads row (start + k)·stride as the current row and that row + step (cyclically) as
    the next one of ``main`` (width, size, 4) and ``aux``; ``zinv`` is (domains, points, 4),
    indexed by k.  The matrices may be stored coset-major in ``cosets`` cosets (see
    :mod:`.matrix`); rows are natural indices either way.
    """
    size = main.shape[1]
    if aux is None:
        aux = np.zeros((0, size, 4), dtype=np.uint64)
    if zinv is None:
        zinv = np.zeros((0, points, 4), dtype=np.uint64)
    out = np.empty((program.outputs, points, 4), dtype=np.uint64)
    _run(
        program.instructions,
        program.constants,
        program.registers,
        np.ascontiguousarray(main),
        np.ascontiguousarray(aux),
        np.ascontiguousarray(zinv),
        out,
        points,
        stride,
        step,
        start,
        size.bit_length() - cosets.bit_length(),
        cosets.bit_length() - 1,
    )
    return out
