"""Each constraint family is enforced: a trace corrupted before proving gives a rejected proof.

Every test corrupts an honest trace the way a cheating prover would, checks which constraints
the corrupted trace breaks (so the test exercises the family it names), proves it anyway through
the prover's testing hooks, and checks that the verifier rejects the proof.
"""

from __future__ import annotations

import dataclasses

import pytest

import stark
from stark.cairo_air import (
    AP,
    DST,
    FLAG0,
    FP,
    MUL,
    OFF_DST,
    OP1,
    OP1_ADDR,
    OPCODE_ASSERT_EQ,
    OPCODE_CALL,
    PC,
    PC_JNZ,
    RES,
    RES_ADD,
    T0,
    CairoAir,
)
from stark.cairo_prover import Tampering, prove_builder
from stark.cairo_trace import CairoTraceBuilder
from stark.field import P
from stark.options import PRESETS
from stark.prover import violated_constraints

CHALLENGES = (1234567, 7654321, 3141592)


@pytest.fixture(scope="module")
def fib_builder(fib_run) -> CairoTraceBuilder:
    return CairoTraceBuilder(fib_run)


@pytest.fixture(scope="module")
def rc_builder(rc_mid_run) -> CairoTraceBuilder:
    return CairoTraceBuilder(rc_mid_run)


def _broken(builder: CairoTraceBuilder, tampering: Tampering) -> set[str]:
    main = builder.main_columns(tampering.execution, tampering.main)
    aux = builder.aux_columns(main, CHALLENGES)
    if tampering.aux is not None:
        tampering.aux(aux, CHALLENGES)
    air = CairoAir(builder.public_input)
    return {name for name, _ in violated_constraints(air, air.context(CHALLENGES), main + aux)}


def _assert_rejected(builder, tampering, family: str, exactly: bool = False) -> None:
    broken = _broken(builder, tampering)
    assert any(family in name for name in broken), broken
    if exactly:
        assert all(family in name for name in broken), broken
    proof = prove_builder(builder, PRESETS["fast"], tampering)
    with pytest.raises(stark.InvalidProof):
        stark.verify(proof)


def _row_with(builder, bit, start=1) -> int:
    cols = builder.main_columns()
    end = builder.statement.end
    return next(i for i in range(start, end) if (cols[FLAG0][i] >> bit) & 1)


def test_honest_trace_breaks_nothing(fib_builder, rc_builder):
    assert _broken(fib_builder, Tampering()) == set()
    assert _broken(rc_builder, Tampering()) == set()


def test_flags_must_be_bits(fib_builder):
    row = 3

    def tamper(cols):
        cols[FLAG0 + 1][row] -= 1  # f0 += 2, f1 -= 1: same instruction word, flags not bits

    _assert_rejected(fib_builder, Tampering(execution=tamper), "is a bit")


def test_instruction_decomposition(fib_builder):
    def tamper(cols):
        cols[OFF_DST][5] += 1

    _assert_rejected(fib_builder, Tampering(execution=tamper), "instruction decomposition")


def test_operand_address(fib_builder):
    # read op1 from another (consistent) memory cell than the instruction names
    def tamper(cols):
        row = 6
        cols[OP1_ADDR][row] = cols[PC][row]
        cols[OP1][row] = cols[FLAG0][0] * 0 + cols[22][row]  # the instruction word at pc

    _assert_rejected(fib_builder, Tampering(execution=tamper), "op1 address")


def test_res(fib_builder):
    row = _row_with(fib_builder, RES_ADD)

    def tamper(cols):
        cols[RES][row] = (cols[RES][row] + 1) % P

    _assert_rejected(fib_builder, Tampering(execution=tamper), "res")


def test_mul(fib_builder):
    def tamper(cols):
        cols[MUL][4] = (cols[MUL][4] + 1) % P

    _assert_rejected(fib_builder, Tampering(execution=tamper), "mul = op0 * op1", exactly=True)


def test_t0(fib_builder):
    row = _row_with(fib_builder, PC_JNZ)

    def tamper(cols):
        cols[T0][row] = (cols[T0][row] + 1) % P

    _assert_rejected(fib_builder, Tampering(execution=tamper), "t0 = jnz * dst")


def test_jnz_not_taken(fib_builder):
    """A jnz whose dst is 0 must fall through; jumping anyway breaks the pc update."""
    cols = fib_builder.main_columns()
    row = next(
        i
        for i in range(fib_builder.statement.end)
        if (cols[FLAG0][i] >> PC_JNZ) & 1 and cols[DST][i] == 0
    )

    def tamper(cols):
        cols[PC][row + 1] = (cols[PC][row] + cols[OP1][row]) % P

    _assert_rejected(fib_builder, Tampering(execution=tamper), "pc update (jnz not taken)")


@pytest.mark.parametrize(
    "register,family", [(AP, "ap update"), (FP, "fp update"), (PC, "pc update")]
)
def test_register_updates(fib_builder, register, family):
    def tamper(cols):
        cols[register][8] = (cols[register][8] + 1) % P

    _assert_rejected(fib_builder, Tampering(execution=tamper), family)


def test_call_pushes_fp(fib_builder):
    row = _row_with(fib_builder, OPCODE_CALL)

    def tamper(cols):
        cols[DST][row] = (cols[DST][row] + 1) % P

    _assert_rejected(fib_builder, Tampering(execution=tamper), "call pushes fp")


def test_assert_eq(fib_builder):
    row = _row_with(fib_builder, OPCODE_ASSERT_EQ)

    def tamper(cols):
        cols[DST][row] = (cols[DST][row] + 7) % P

    _assert_rejected(fib_builder, Tampering(execution=tamper), "assert_eq")


def _filler(builder, index_from_end=1):
    lay = builder.layout
    ac, vc = lay.memory_filler_columns[-1]
    return ac, vc, builder.trace_length - index_from_end


def test_memory_continuity(fib_builder):
    ac, vc, row = _filler(fib_builder)

    def tamper(cols):
        top, value = max(
            (cols[a][i], cols[v][i])
            for a, v in fib_builder.layout.memory_slots
            for i in range(len(cols[a]))
        )
        cols[ac][row] = top + 5  # an access beyond the last address: a gap
        cols[vc][row] = value  # same value as the last cell, so only continuity breaks

    _assert_rejected(fib_builder, Tampering(execution=tamper), "memory continuity", exactly=True)


def test_memory_single_value(fib_builder):
    ac, vc, row = _filler(fib_builder)

    def tamper(cols):
        cols[ac][row] = 3  # a program cell, read again with another value
        cols[vc][row] = 12345

    _assert_rejected(fib_builder, Tampering(execution=tamper), "memory single value", exactly=True)


def test_memory_permutation(fib_builder):
    _ac, vc, row = _filler(fib_builder)

    def tamper(cols):  # after the sorted copy is made: the copy is no longer a permutation
        cols[vc][row] = (cols[vc][row] + 1) % P

    _assert_rejected(fib_builder, Tampering(main=tamper), "memory permutation", exactly=True)


def test_public_memory_output(fib_builder):
    """The output cells are public memory: a trace writing another value there is rejected."""
    out = fib_builder.public_input.output_begin + 1
    cols = fib_builder.main_columns()
    slot = next(
        (v, i)
        for a, v in fib_builder.layout.memory_slots[:4]
        for i in range(fib_builder.statement.end)
        if cols[a][i] == out
    )

    def tamper(cols):
        cols[slot[0]][slot[1]] = (cols[slot[0]][slot[1]] + 1) % P

    # the public output cell keeps the claimed value, so the trace's memory is not single-valued
    _assert_rejected(fib_builder, Tampering(execution=tamper), "memory single value")


def _rescale_to_pass_last_row(products: list[int], target: int, aux: list[list[int]]) -> None:
    """Multiply a running product by a constant so that its last value is the expected one:
    every step still holds and only the first row betrays it."""
    last = aux[products[-1]][-1]
    factor = target * pow(last, -1, P) % P
    for index in products:
        aux[index] = [v * factor % P for v in aux[index]]


def test_memory_first_row(fib_builder):
    """The attack on a missing first-row constraint: forge memory, rescale the product."""
    air = CairoAir(fib_builder.public_input)
    lay = fib_builder.layout
    _ac, vc, row = _filler(fib_builder)
    width = lay.main_width

    def forge(cols):
        cols[vc][row] = (cols[vc][row] + 1) % P  # inconsistent memory, sorted copy stays honest

    def rescale(aux, challenges):
        target = air.context(challenges).memory_final
        _rescale_to_pass_last_row([i - width for i in lay.memory_products], target, aux)

    _assert_rejected(
        fib_builder,
        Tampering(main=forge, aux=rescale),
        "memory permutation first row",
        exactly=True,
    )


def test_range_check_first_row(rc_builder):
    lay = rc_builder.layout
    width = lay.main_width
    col = lay.rc_filler_columns[0]

    def forge(cols):
        cols[col][0] = 1 << 20  # an out-of-range value on the unsorted side only

    def rescale(aux, challenges):
        _rescale_to_pass_last_row([i - width for i in lay.rc_products], 1, aux)

    _assert_rejected(
        rc_builder,
        Tampering(main=forge, aux=rescale),
        "range-check permutation first row",
        exactly=True,
    )


def test_range_check_continuity(rc_builder):
    lay = rc_builder.layout
    col = lay.rc_filler_columns[0]

    def tamper(cols):
        cols[col] = [rc_builder.rc_min] * len(cols[col])  # drop the holes they filled

    _assert_rejected(
        rc_builder, Tampering(execution=tamper), "range-check continuity", exactly=True
    )


def test_range_check_permutation(rc_builder):
    col = rc_builder.layout.rc_filler_columns[0]

    def tamper(cols):
        cols[col][1] = (cols[col][1] + 1) % P

    _assert_rejected(
        rc_builder, Tampering(main=tamper), "range-check permutation last row", exactly=True
    )


def test_offset_out_of_range(rc_builder):
    col = rc_builder.layout.rc_filler_columns[0]

    def tamper(cols):
        cols[col][2] = rc_builder.rc_max + 1

    _assert_rejected(rc_builder, Tampering(execution=tamper), "range-check")


def test_range_check_builtin_value(rc_builder):
    lay = rc_builder.layout

    def tamper(cols):
        cols[lay.rcb_parts[0]][0] += 1  # 0x8000 -> 0x8001: still a 16-bit part, wrong sum

    _assert_rejected(
        rc_builder, Tampering(execution=tamper), "range_check value is the sum", exactly=True
    )


def test_range_check_builtin_cell_skipped(rc_builder):
    """Marking a used cell as unused (to escape its decomposition) breaks the address step."""
    lay = rc_builder.layout

    def tamper(cols):
        cols[lay.rcb_selector][1] = 0
        cols[lay.rcb_value][1] = 2**200  # far beyond 2^128
        cols[lay.rcb_addr][1] = cols[lay.rcb_addr][0]

    broken = _broken(rc_builder, Tampering(execution=tamper))
    assert "range_check value is the sum of its parts" not in broken
    _assert_rejected(rc_builder, Tampering(execution=tamper), "range_check")


def test_range_check_builtin_wrong_address(rc_builder):
    lay = rc_builder.layout

    def tamper(cols):
        cols[lay.rcb_addr][1] += 3

    _assert_rejected(rc_builder, Tampering(execution=tamper), "range_check address step")


def _claiming(builder: CairoTraceBuilder, **changes) -> CairoTraceBuilder:
    """The same trace, presented as a proof of a statement with other registers."""
    clone = object.__new__(CairoTraceBuilder)
    clone.__dict__.update(builder.__dict__)
    clone.public_input = dataclasses.replace(builder.public_input, **changes)
    return clone


@pytest.mark.parametrize(
    "shift,families",
    [
        (("ap_init", "fp_init", "fp_final"), ("initial ap", "initial fp", "final fp")),
        (("ap_final", "output_begin"), ("final ap",)),
    ],
)
def test_boundary_registers(fib_builder, shift, families):
    pub = fib_builder.public_input
    forged = _claiming(fib_builder, **{name: getattr(pub, name) + 1 for name in shift})
    broken = _broken(forged, Tampering())
    for family in families:
        assert family in broken, broken
    proof = prove_builder(forged, PRESETS["fast"], Tampering())
    with pytest.raises(stark.InvalidProof, match="out-of-domain"):
        stark.verify(proof)
