"""Step functions: each decoded instruction becomes a small specialised Python function.

``build`` returns, for the instruction at a pc, a function ``state -> state``. The common forms
(assert_eq with add, mul or a plain copy, call, ret, jmp rel/abs, jnz, ap += imm) get
straight-line generated code with the instruction's offsets and immediates folded in. Any value
or case outside that fast path (an unknown operand to deduce, a pointer where a field element
was expected, a failed assertion) falls back to :meth:`cairovm.vm.VM.step_generic` *before*
anything is written, so every result is that of the reference semantics.

Registers are memory keys (``segment << 64 | offset``); ap and fp stay in the execution segment
(the VM refuses a ``ret`` that would move fp elsewhere while execution continues), so cells
addressed from ap or fp never belong to a builtin segment and need no validation rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cairovm.felt import PRIME
from cairovm.instruction import ApUpdate, FpUpdate, Op1Src, Opcode, PcUpdate, Register, Res
from cairovm.memory import OFF_MASK, SEG_SHIFT
from cairovm.relocatable import Rel

if TYPE_CHECKING:
    from cairovm.instruction import Instruction
    from cairovm.vm import VM, State

_HALF = PRIME // 2


def _signed(value: int) -> int:
    return value - PRIME if value > _HALF else value


def _addr(reg: Register, off: int) -> str:
    name = "fp" if reg is Register.FP else "ap"
    return f"{name} + {off}" if off >= 0 else f"{name} - {-off}"


def _op1_lines(ins: Instruction) -> tuple[list[str], str] | None:
    """Lines that load op1 into ``b`` (or None when op1 must be deduced), and its expression."""
    src = ins.op1_src
    if src is Op1Src.IMM:
        return [], repr(ins.imm)
    if src is Op1Src.OP0:
        return [
            f"a0 = get({_addr(ins.op0_reg, ins.off_op0)})",
            "if type(a0) is not Rel: return generic(PC, s)",
            f"b = get((a0.seg << {SEG_SHIFT} | a0.off) + {ins.off_op1})",
            "if b is None: return generic(PC, s)",
        ], "b"
    reg = Register.FP if src is Op1Src.FP else Register.AP
    return [f"b = get({_addr(reg, ins.off_op1)})", "if b is None: return generic(PC, s)"], "b"


def _assert_eq(pc: int, ins: Instruction) -> list[str] | None:
    if ins.pc_update is not PcUpdate.REGULAR or ins.ap_update not in (
        ApUpdate.REGULAR,
        ApUpdate.ADD1,
    ):
        return None
    op1 = _op1_lines(ins)
    if op1 is None:
        return None
    lines, b = op1
    next_state = (
        f"return ({pc + ins.size}, ap{' + 1' if ins.ap_update is ApUpdate.ADD1 else ''}, fp)"
    )
    dst = _addr(ins.dst_reg, ins.off_dst)
    op0 = _addr(ins.op0_reg, ins.off_op0)
    if ins.res is Res.OP1:
        lines += [f"if {op0} not in mem: return generic(PC, s)", f"r = {b}"]
    else:
        if ins.op1_src is not Op1Src.OP0:
            lines.append(f"a = get({op0})")
        else:
            lines.append("a = a0")
        check = "type(a) is int" if b != "b" else "type(a) is int and type(b) is int"
        lines.append(f"if not ({check}): return generic(PC, s)")
        if ins.res is Res.ADD:
            lines += [f"r = a + {b}", "if r >= P: r -= P"]
        else:
            lines.append(f"r = a * {b} % P")
    lines += [
        f"d = get({dst})",
        "if d is None:",
        f"    mem[{dst}] = r",
        f"    {next_state}",
        "if d == r and type(d) is type(r):",
        f"    {next_state}",
        "return generic(PC, s)",
    ]
    return lines


def _call(pc: int, ins: Instruction) -> list[str] | None:
    if ins.op1_src is not Op1Src.IMM or ins.pc_update is not PcUpdate.JUMP_REL:
        return None
    if (
        ins.dst_reg is not Register.AP
        or ins.off_dst != 0
        or ins.op0_reg is not Register.AP
        or ins.off_op0 != 1
    ):
        return None
    target = pc + _signed(ins.imm)  # type: ignore[arg-type]
    return [
        "if ap in mem or ap + 1 in mem: return generic(PC, s)",
        f"mem[ap] = Rel(fp >> {SEG_SHIFT}, fp & MASK)",
        "mem[ap + 1] = RET_PC",
        f"return ({target}, ap + 2, ap + 2)",
    ]


def _ret(ins: Instruction) -> list[str] | None:
    if (
        (ins.dst_reg, ins.off_dst, ins.op0_reg, ins.off_op0, ins.op1_src, ins.off_op1)
        != (Register.FP, -2, Register.FP, -1, Op1Src.FP, -1)
        or ins.res is not Res.OP1
        or ins.pc_update is not PcUpdate.JUMP
        or ins.ap_update is not ApUpdate.REGULAR
    ):
        return None  # fmt: skip
    return [
        "d = get(fp - 2)",
        "b = get(fp - 1)",
        "if type(d) is not Rel or type(b) is not Rel or d.seg != EXE: return generic(PC, s)",
        f"return (b.seg << {SEG_SHIFT} | b.off, ap, EXE_KEY | d.off)",
    ]


def _nop(pc: int, ins: Instruction) -> list[str] | None:
    dst = _addr(ins.dst_reg, ins.off_dst)
    op0 = _addr(ins.op0_reg, ins.off_op0)
    known = f"if {dst} not in mem or {op0} not in mem: return generic(PC, s)"
    pu, au = ins.pc_update, ins.ap_update
    if ins.op1_src is not Op1Src.IMM:
        return None
    imm = _signed(ins.imm)  # type: ignore[arg-type]
    if au is ApUpdate.REGULAR and pu is PcUpdate.JUMP_REL:
        return [known, f"return ({pc + imm}, ap, fp)"]
    if au is ApUpdate.ADD and pu is PcUpdate.REGULAR:
        return [known, f"return ({pc + ins.size}, ap + {imm}, fp)"] if imm >= 0 else None
    if pu is PcUpdate.JNZ and au in (ApUpdate.REGULAR, ApUpdate.ADD1):
        step = " + 1" if au is ApUpdate.ADD1 else ""
        return [
            f"d = get({dst})",
            f"if type(d) is not int or {op0} not in mem: return generic(PC, s)",
            f"if d: return ({pc + imm}, ap{step}, fp)",
            f"return ({pc + ins.size}, ap{step}, fp)",
        ]
    return None


def _body(pc: int, ins: Instruction) -> list[str] | None:
    if ins.opcode is Opcode.ASSERT_EQ and ins.fp_update is FpUpdate.REGULAR:
        return _assert_eq(pc, ins)
    if ins.opcode is Opcode.CALL:
        return _call(pc, ins)
    if ins.opcode is Opcode.RET:
        return _ret(ins)
    if ins.opcode is Opcode.NOP:
        return _nop(pc, ins)
    return None


def build(vm: VM, pc: int, ins: Instruction, hints: list) -> Callable[[State], State]:
    """The step function for ``ins`` at ``pc`` (running its hints first, if any)."""
    generic = vm.step_generic
    body = _body(pc, ins)
    exe = vm.execution_seg
    namespace = {
        "mem": vm.mem,
        "get": vm.mem.get,
        "P": PRIME,
        "Rel": Rel,
        "MASK": OFF_MASK,
        "EXE": exe,
        "EXE_KEY": exe << SEG_SHIFT,
        "PC": pc,
        "RET_PC": Rel(0, pc + ins.size),
        "generic": generic,
        "run_hints": vm.run_hints,
        "HINTS": hints,
    }
    lines = ["def step(s):"]
    if hints:
        lines.append("    run_hints(HINTS, s)")
    if body is None:
        lines.append("    return generic(PC, s)")
    else:
        lines.append("    _, ap, fp = s")
        lines += [f"    {line}" for line in body]
    exec(
        compile("\n".join(lines), f"<cairo pc={pc}>", "exec"), namespace
    )  # generated code, not hints
    step = namespace["step"]
    step.source = "\n".join(lines)  # type: ignore[attr-defined]
    return step
