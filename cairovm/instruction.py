"""Cairo instructions: decoding a 63-bit instruction word into its fields (Cairo paper, §4.5)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache

from cairovm.errors import InvalidInstructionError

OFFSET_BIAS = 2**15


class Register(enum.IntEnum):
    AP = 0
    FP = 1


class Op1Src(enum.IntEnum):
    OP0 = 0
    IMM = 1
    FP = 2
    AP = 4


class Res(enum.IntEnum):
    OP1 = 0
    ADD = 1
    MUL = 2
    UNCONSTRAINED = 3


class PcUpdate(enum.IntEnum):
    REGULAR = 0
    JUMP = 1
    JUMP_REL = 2
    JNZ = 4


class ApUpdate(enum.IntEnum):
    REGULAR = 0
    ADD = 1
    ADD1 = 2
    ADD2 = 3


class FpUpdate(enum.IntEnum):
    REGULAR = 0
    AP_PLUS2 = 1
    DST = 2


class Opcode(enum.IntEnum):
    NOP = 0
    CALL = 1
    RET = 2
    ASSERT_EQ = 4


@dataclass(frozen=True, slots=True)
class Instruction:
    """A decoded instruction; offsets are signed, ``imm`` is set only for immediate operands."""

    off_dst: int
    off_op0: int
    off_op1: int
    imm: int | None
    dst_reg: Register
    op0_reg: Register
    op1_src: Op1Src
    res: Res
    pc_update: PcUpdate
    ap_update: ApUpdate
    fp_update: FpUpdate
    opcode: Opcode

    @property
    def size(self) -> int:
        """Words the instruction occupies: two when it carries an immediate."""
        return 2 if self.op1_src is Op1Src.IMM else 1


_OP1 = {(0, 0, 0): Op1Src.OP0, (1, 0, 0): Op1Src.IMM, (0, 1, 0): Op1Src.FP, (0, 0, 1): Op1Src.AP}
_PC = {
    (0, 0, 0): PcUpdate.REGULAR,
    (1, 0, 0): PcUpdate.JUMP,
    (0, 1, 0): PcUpdate.JUMP_REL,
    (0, 0, 1): PcUpdate.JNZ,
}
_AP = {(0, 0): ApUpdate.REGULAR, (1, 0): ApUpdate.ADD, (0, 1): ApUpdate.ADD1}
_OPCODE = {
    (0, 0, 0): Opcode.NOP,
    (1, 0, 0): Opcode.CALL,
    (0, 1, 0): Opcode.RET,
    (0, 0, 1): Opcode.ASSERT_EQ,
}


def split_word(word: int) -> tuple[int, int, int, int]:
    """Split an instruction word into (biased off_dst, biased off_op0, biased off_op1, flags)."""
    if not 0 <= word < 2**63:
        raise InvalidInstructionError(f"instruction word {word:#x} is not below 2^63")
    return word & 0xFFFF, (word >> 16) & 0xFFFF, (word >> 32) & 0xFFFF, word >> 48


@lru_cache(maxsize=4096)
def decode(word: int, imm: int | None = None) -> Instruction:
    """Decode an instruction word (and its immediate, when it has one).

    Raises:
        InvalidInstructionError: the word is not a valid Cairo instruction.
    """
    off0, off1, off2, flags = split_word(word)
    bit = lambda i: (flags >> i) & 1  # noqa: E731

    def pick(table, key, what):
        try:
            return table[key]
        except KeyError:
            raise InvalidInstructionError(
                f"instruction word {word:#x}: invalid {what} flags {key}"
            ) from None

    op1_src = pick(_OP1, (bit(2), bit(3), bit(4)), "op1 source")
    pc_update = pick(_PC, (bit(7), bit(8), bit(9)), "pc update")
    res_flags = (bit(5), bit(6))
    if res_flags == (1, 1):
        raise InvalidInstructionError(f"instruction word {word:#x}: invalid res flags")
    if res_flags == (1, 0):
        res = Res.ADD
    elif res_flags == (0, 1):
        res = Res.MUL
    else:
        res = Res.UNCONSTRAINED if pc_update is PcUpdate.JNZ else Res.OP1
    if pc_update is PcUpdate.JNZ and res is not Res.UNCONSTRAINED:
        raise InvalidInstructionError(f"instruction word {word:#x}: jnz with a res computation")
    ap_update = pick(_AP, (bit(10), bit(11)), "ap update")
    opcode = pick(_OPCODE, (bit(12), bit(13), bit(14)), "opcode")
    if opcode is Opcode.CALL:
        if ap_update is not ApUpdate.REGULAR:
            raise InvalidInstructionError(f"instruction word {word:#x}: call with an ap update")
        ap_update = ApUpdate.ADD2
    fp_update = {Opcode.CALL: FpUpdate.AP_PLUS2, Opcode.RET: FpUpdate.DST}.get(
        opcode, FpUpdate.REGULAR
    )
    if op1_src is Op1Src.IMM:
        if off2 - OFFSET_BIAS != 1:
            raise InvalidInstructionError(f"instruction word {word:#x}: immediate with off2 != 1")
        if imm is None:
            raise InvalidInstructionError(f"instruction word {word:#x}: immediate is missing")
    else:
        imm = None
    return Instruction(
        off_dst=off0 - OFFSET_BIAS,
        off_op0=off1 - OFFSET_BIAS,
        off_op1=off2 - OFFSET_BIAS,
        imm=imm,
        dst_reg=Register(bit(0)),
        op0_reg=Register(bit(1)),
        op1_src=op1_src,
        res=res,
        pc_update=pc_update,
        ap_update=ap_update,
        fp_update=fp_update,
        opcode=opcode,
    )
