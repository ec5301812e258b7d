"""Step functions: runs of decoded instructions become specialised Python functions.

``build`` returns, for a pc, a function ``state -> state`` that executes the *block* starting
there: straight-line instructions up to and including the next jump, call or return (at most
``MAX_BLOCK`` of them), appending the state before each instruction after the first to the
trace (the caller appends the first). The common forms (assert_eq with add, mul or a plain copy,
ap += imm, call rel, ret, jmp rel, jnz) become generated code with the instruction's offsets and
immediates folded in. Any value or case outside that fast path (an unknown operand to deduce, a
pointer where a field element was expected, a failed assertion) hands the instruction to
:meth:`cairovm.vm.VM.step_generic` *before* anything of it is written, so every result is that
of the reference semantics; the block then ends.

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


MAX_BLOCK = 16


class _Block:
    """Code generation state of one block: ap's offset from its value at block entry, and the
    cells already known to be written (memory is write-once, so they stay known)."""

    def __init__(self) -> None:
        self.apd = 0
        self.known: set[tuple[str, int]] = set()
        self.fallback = ""

    def cell(self, reg: Register, off: int) -> tuple[str, int]:
        return ("fp", off) if reg is Register.FP else ("ap", off + self.apd)

    def addr(self, reg: Register, off: int) -> str:
        name, o = self.cell(reg, off)
        return f"{name} + {o}" if o >= 0 else f"{name} - {-o}"

    def ap(self, extra: int = 0) -> str:
        o = self.apd + extra
        return f"ap + {o}" if o > 0 else ("ap" if o == 0 else f"ap - {-o}")

    def require(self, *cells: tuple[Register, int]) -> list[str]:
        """A check that the cells are written (skipped for cells already known)."""
        todo = []
        for reg, off in cells:
            c = self.cell(reg, off)
            if c not in self.known and self.addr(reg, off) not in todo:
                todo.append(self.addr(reg, off))
            self.known.add(c)
        if not todo:
            return []
        return ["if " + " or ".join(f"{a} not in mem" for a in todo) + f": {self.fallback}"]


def _imm_add(var: str, imm: int) -> list[str]:
    if imm > _HALF:
        return [f"r = {var} - {PRIME - imm}", "if r < 0: r += P"]
    return [f"r = {var} + {imm}", "if r >= P: r -= P"]


def _op1_lines(g: _Block, ins: Instruction) -> tuple[list[str], str]:
    """Lines that load op1 into ``b`` (falling back when it is unknown), and its expression."""
    src, fb = ins.op1_src, g.fallback
    if src is Op1Src.IMM:
        return [], repr(ins.imm)
    if src is Op1Src.OP0:
        g.known.add(g.cell(ins.op0_reg, ins.off_op0))
        return [
            f"a0 = get({g.addr(ins.op0_reg, ins.off_op0)})",
            f"if type(a0) is not Rel: {fb}",
            f"b = get((a0.seg << {SEG_SHIFT} | a0.off) + {ins.off_op1})",
            f"if b is None: {fb}",
        ], "b"
    reg = Register.FP if src is Op1Src.FP else Register.AP
    g.known.add(g.cell(reg, ins.off_op1))
    return [f"b = get({g.addr(reg, ins.off_op1)})", f"if b is None: {fb}"], "b"


def _assert_eq(g: _Block, ins: Instruction) -> list[str] | None:
    """assert_eq that falls through to the next instruction (ap unchanged or ap++)."""
    if ins.pc_update is not PcUpdate.REGULAR or ins.ap_update not in (
        ApUpdate.REGULAR,
        ApUpdate.ADD1,
    ):
        return None
    fb = g.fallback
    lines, b = _op1_lines(g, ins)
    dst = g.addr(ins.dst_reg, ins.off_dst)
    if ins.res is Res.OP1:
        lines += g.require((ins.op0_reg, ins.off_op0))
        lines.append(f"r = {b}")
    else:
        if ins.op1_src is Op1Src.OP0:
            lines.append("a = a0")
        else:
            lines.append(f"a = get({g.addr(ins.op0_reg, ins.off_op0)})")
            g.known.add(g.cell(ins.op0_reg, ins.off_op0))
        check = "type(a) is int and type(b) is int" if b == "b" else "type(a) is int"
        lines.append(f"if not ({check}): {fb}")
        if ins.res is Res.ADD:
            lines += _imm_add("a", ins.imm) if b != "b" else ["r = a + b", "if r >= P: r -= P"]  # type: ignore[arg-type]
        else:
            lines.append(f"r = a * {b} % P")
    lines += [
        f"d = get({dst})",
        "if d is None:",
        f"    mem[{dst}] = r",
        "elif d != r or type(d) is not type(r):",
        f"    {fb}",
    ]
    g.known.add(g.cell(ins.dst_reg, ins.off_dst))
    if ins.ap_update is ApUpdate.ADD1:
        g.apd += 1
    return lines


def _ap_add(g: _Block, ins: Instruction) -> list[str] | None:
    """ap += imm (falls through)."""
    if ins.op1_src is not Op1Src.IMM or ins.pc_update is not PcUpdate.REGULAR:
        return None
    imm = _signed(ins.imm)  # type: ignore[arg-type]
    if imm < 0:
        return None
    lines = g.require((ins.dst_reg, ins.off_dst), (ins.op0_reg, ins.off_op0))
    g.apd += imm
    return lines


def _call(g: _Block, pc: int, ins: Instruction) -> list[str] | None:
    """call rel imm (ends the block)."""
    if ins.op1_src is not Op1Src.IMM or ins.pc_update is not PcUpdate.JUMP_REL:
        return None
    if (ins.dst_reg, ins.off_dst, ins.op0_reg, ins.off_op0) != (Register.AP, 0, Register.AP, 1):
        return None
    target = pc + _signed(ins.imm)  # type: ignore[arg-type]
    a0, a1, new = g.ap(), g.ap(1), g.ap(2)
    return [
        f"if {a0} in mem or {a1} in mem: {g.fallback}",
        f"mem[{a0}] = Rel(EXE, fp & MASK)",
        f"mem[{a1}] = Rel(0, {pc + ins.size})",
        f"return ({target}, {new}, {new})",
    ]


def _ret(g: _Block, ins: Instruction) -> list[str] | None:
    """ret (ends the block)."""
    if (
        (ins.dst_reg, ins.off_dst, ins.op0_reg, ins.off_op0, ins.op1_src, ins.off_op1)
        != (Register.FP, -2, Register.FP, -1, Op1Src.FP, -1)
        or ins.res is not Res.OP1
        or ins.ap_update is not ApUpdate.REGULAR
    ):
        return None  # fmt: skip
    return [
        "d = get(fp - 2)",
        "b = get(fp - 1)",
        f"if type(d) is not Rel or type(b) is not Rel or d.seg != EXE: {g.fallback}",
        f"return (b.seg << {SEG_SHIFT} | b.off, {g.ap()}, EXE_KEY | d.off)",
    ]


def _jump(g: _Block, pc: int, ins: Instruction) -> list[str] | None:
    """jmp rel imm and jnz (ends the block)."""
    if ins.op1_src is not Op1Src.IMM:
        return None
    imm = _signed(ins.imm)  # type: ignore[arg-type]
    pu, au = ins.pc_update, ins.ap_update
    if pu is PcUpdate.JUMP_REL and au is ApUpdate.REGULAR:
        lines = g.require((ins.dst_reg, ins.off_dst), (ins.op0_reg, ins.off_op0))
        return [*lines, f"return ({pc + imm}, {g.ap()}, fp)"]
    if pu is PcUpdate.JNZ and au in (ApUpdate.REGULAR, ApUpdate.ADD1):
        new_ap = g.ap(1 if au is ApUpdate.ADD1 else 0)
        return [
            f"d = get({g.addr(ins.dst_reg, ins.off_dst)})",
            f"if type(d) is not int: {g.fallback}",
            *g.require((ins.op0_reg, ins.off_op0)),
            f"if d: return ({pc + imm}, {new_ap}, fp)",
            f"return ({pc + ins.size}, {new_ap}, fp)",
        ]
    return None


def _fragment(g: _Block, pc: int, ins: Instruction) -> tuple[list[str] | None, bool]:
    """(lines, ends_block) for one instruction; lines None when it has no fast form."""
    op = ins.opcode
    if op is Opcode.ASSERT_EQ:
        return (_assert_eq(g, ins) if ins.fp_update is FpUpdate.REGULAR else None), False
    if op is Opcode.CALL:
        return _call(g, pc, ins), True
    if op is Opcode.RET:
        return _ret(g, ins), True
    if ins.pc_update is PcUpdate.REGULAR:
        return (_ap_add(g, ins) if ins.ap_update is ApUpdate.ADD else None), False
    return _jump(g, pc, ins), True


def build(vm: VM, pc: int, max_len: int = MAX_BLOCK) -> Callable[[State], State]:
    """The function running the block that starts at ``pc`` (at most ``max_len`` steps)."""
    lines = ["def block(s):"]
    hints = vm.hints_at(pc)
    if hints:
        lines.append("    run_hints(HINTS, s)")
    lines.append("    _, ap, fp = s")
    g = _Block()
    cur, n, ended = pc, 0, False
    while n < max_len:
        if n > 0 and (vm.hints_at(cur) or cur in vm.stop_pcs or not vm.is_program_pc(cur)):
            break
        ins = vm.instruction_at(cur)
        state = "s" if n == 0 else f"({cur}, {g.ap()}, fp)"
        g.fallback = f"return generic({cur}, {state})"
        frag, ends = _fragment(g, cur, ins)
        if frag is None:
            if n == 0:
                lines.append(f"    {g.fallback}")
                ended = True
            break
        if n > 0:
            lines.append(f"    append({state})")
        lines += [f"    {line}" for line in frag]
        n += 1
        if ends:
            ended = True
            break
        cur += ins.size
    if not ended:
        lines.append(f"    return ({cur}, {g.ap()}, fp)")
    exe = vm.execution_seg
    namespace = {
        "mem": vm.mem,
        "get": vm.mem.get,
        "append": vm.trace.append,
        "P": PRIME,
        "Rel": Rel,
        "MASK": OFF_MASK,
        "EXE": exe,
        "EXE_KEY": exe << SEG_SHIFT,
        "generic": vm.step_generic,
        "run_hints": vm.run_hints,
        "HINTS": hints,
    }
    source = "\n".join(lines)
    exec(compile(source, f"<cairo block pc={pc}>", "exec"), namespace)  # our generated code
    block = namespace["block"]
    block.source = source  # type: ignore[attr-defined]
    return block
