"""Instruction decoding: every field, and invalid words rejected."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cairovm.errors import InvalidInstructionError
from cairovm.instruction import ApUpdate, FpUpdate, Op1Src, Opcode, PcUpdate, Register, Res, decode


def test_call_rel() -> None:
    ins = decode(0x1104800180018000, 4)  # call rel 4
    assert ins.opcode is Opcode.CALL and ins.pc_update is PcUpdate.JUMP_REL
    assert ins.ap_update is ApUpdate.ADD2 and ins.fp_update is FpUpdate.AP_PLUS2
    assert ins.op1_src is Op1Src.IMM and ins.imm == 4 and ins.size == 2
    assert (ins.off_dst, ins.off_op0, ins.off_op1) == (0, 1, 1)


def test_ret() -> None:
    ins = decode(0x208B7FFF7FFF7FFE)
    assert ins.opcode is Opcode.RET and ins.pc_update is PcUpdate.JUMP
    assert ins.fp_update is FpUpdate.DST and ins.dst_reg is Register.FP
    assert (ins.off_dst, ins.off_op0, ins.off_op1) == (-2, -1, -1)


def test_assert_eq_add_ap_plus_one() -> None:
    ins = decode(0x482680017FFD8000, 1)  # [ap] = [fp - 3] + 1, ap++
    assert ins.opcode is Opcode.ASSERT_EQ and ins.res is Res.ADD
    assert ins.ap_update is ApUpdate.ADD1 and ins.op0_reg is Register.FP and ins.off_op0 == -3


def test_jnz_is_unconstrained() -> None:
    ins = decode(0x020680017FFF7FFF, 5)  # jmp rel 5 if [ap - 1] != 0
    assert ins.pc_update is PcUpdate.JNZ and ins.res is Res.UNCONSTRAINED


@pytest.mark.parametrize(
    ("word", "why"),
    [
        (1 << 63, r"below 2\^63"),
        (0x0000_0000_0000_0000 | (0b11 << (48 + 2)), "op1 source"),  # imm and fp
        ((0b11 << (48 + 5)) | 0x8000_8000_8000, "res"),
        ((0b11 << (48 + 7)) | 0x8000_8000_8000, "pc update"),
        ((0b11 << (48 + 10)) | 0x8000_8000_8000, "ap update"),
        ((0b11 << (48 + 12)) | 0x8000_8000_8000, "opcode"),
        ((1 << (48 + 12)) | (1 << (48 + 10)) | 0x8000_8000_8000, "call with an ap update"),
    ],
)
def test_invalid_words(word: int, why: str) -> None:
    with pytest.raises(InvalidInstructionError, match=why):
        decode(word, 0)


def test_immediate_must_be_present() -> None:
    with pytest.raises(InvalidInstructionError, match="immediate is missing"):
        decode(0x480680017FFF8000, None)


@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_decode_is_total(word: int) -> None:
    """Every word either decodes or raises InvalidInstructionError; offsets round-trip."""
    try:
        ins = decode(word, 0)
    except InvalidInstructionError:
        return
    assert ins.off_dst + 2**15 == word & 0xFFFF
    assert ins.off_op0 + 2**15 == (word >> 16) & 0xFFFF
    assert ins.off_op1 + 2**15 == (word >> 32) & 0xFFFF
