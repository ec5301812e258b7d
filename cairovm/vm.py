"""The Cairo CPU: executes instructions on registers and write-once memory (Cairo paper, §4).

Registers and addresses are memory keys (see :mod:`cairovm.memory`). Each instruction is
decoded once and turned into a specialised step function (:mod:`cairovm.compiled`); the
reference semantics, which the step functions fall back to whenever a case is not the common
one, are :meth:`VM.step_generic`, a line-by-line statement of cairo-lang's rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cairovm import compiled
from cairovm.builtins import BuiltinRunner, RangeCheckRunner
from cairovm.errors import CairoVMError, InconsistentMemoryError, StepLimitError, VMRuntimeError
from cairovm.felt import PRIME
from cairovm.hints import HintContext, resolve
from cairovm.instruction import (
    ApUpdate,
    FpUpdate,
    Instruction,
    Op1Src,
    Opcode,
    PcUpdate,
    Res,
    decode,
)
from cairovm.memory import OFF_MASK, SEG_SHIFT, Segments, describe, key_of, rel_of
from cairovm.program import Program
from cairovm.relocatable import MaybeRel, Rel, add, sub

State = tuple[int, int, int]  # (pc, ap, fp) as memory keys


def _move(key: int, delta: int) -> int:
    """A key moved by a field element (a signed offset), staying in its segment."""
    off = ((key & OFF_MASK) + delta) % PRIME
    if off > OFF_MASK:
        raise VMRuntimeError(f"address {describe(key)} moved by {delta} leaves its segment")
    return (key & ~OFF_MASK) | off


class VM:
    """Memory, segments, registers and the step loop of one run."""

    def __init__(
        self,
        program: Program,
        mem: dict[int, MaybeRel],
        segments: Segments,
        builtins: list[BuiltinRunner],
        program_input: Any,
    ) -> None:
        self.program = program
        self.mem = mem
        self.segments = segments
        self.program_input = program_input
        self.scopes: list[dict[str, Any]] = [{}]
        self.trace: list[State] = []
        self.validators: dict[int, Callable[[int, MaybeRel], None]] = {}
        for runner in builtins:
            if isinstance(runner, RangeCheckRunner):
                self.validators[runner.base.seg] = runner.validate  # type: ignore[union-attr]
        self.has_range_check = any(isinstance(r, RangeCheckRunner) for r in builtins)
        self.execution_seg = 1
        self._decoded: dict[int, Instruction] = {}
        self._blocks: list[Callable[[State], State] | None] = [None] * len(program.data)
        self._singles: list[Callable[[State], State] | None] = [None] * len(program.data)
        self._hints: dict[int, list] = {}
        #: pcs where a block must stop (the run's end pc): set by the runner.
        self.stop_pcs: set[int] = set()

    # --- memory -------------------------------------------------------------------------
    def write_checked(self, key: int, value: MaybeRel) -> None:
        """Write a cell, applying the builtin validation rule of its segment."""
        old = self.mem.get(key)
        if old is None:
            check = self.validators.get(key >> SEG_SHIFT)
            if check is not None:
                check(key, value)
            self.mem[key] = value
        elif old != value:
            raise InconsistentMemoryError(
                f"inconsistent memory assignment at address {describe(key)}: {old} != {value}"
            )

    def validate_existing(self) -> None:
        """Apply builtin validation rules to cells written before the run."""
        for key, value in list(self.mem.items()):
            check = self.validators.get(key >> SEG_SHIFT)
            if check is not None:
                check(key, value)

    # --- decoding -----------------------------------------------------------------------
    def instruction_at(self, pc: int) -> Instruction:
        ins = self._decoded.get(pc)
        if ins is None:
            word = self.mem.get(pc)
            if word is None:
                raise VMRuntimeError(f"no instruction at pc={describe(pc)}: the cell is unknown")
            if type(word) is not int:
                raise VMRuntimeError(f"Instruction should be an int. Found: {word}")
            imm = self.mem.get(pc + 1)
            ins = decode(word, imm if type(imm) is int else None)
            self._decoded[pc] = ins
        return ins

    def is_program_pc(self, pc: int) -> bool:
        return 0 <= pc < len(self.program.data)

    def hints_at(self, pc: int) -> list:
        """The native hint implementations at ``pc`` (resolved once)."""
        hints = self._hints.get(pc)
        if hints is None:
            hints = self._hints[pc] = resolve(self.program, pc)
        return hints

    def block_function(self, pc: int, single: bool = False) -> Callable[[State], State]:
        """The function running the block at ``pc`` (one step only when ``single``)."""
        table = self._singles if single else self._blocks
        fn = table[pc] if self.is_program_pc(pc) else None
        if fn is None:
            if not self.is_program_pc(pc):
                raise VMRuntimeError(
                    f"pc={describe(pc)} is outside the program (jump out of the program)"
                )
            fn = table[pc] = compiled.build(self, pc, 1 if single else compiled.MAX_BLOCK)
        return fn

    # --- running ------------------------------------------------------------------------
    def run_hints(self, hints: list, state: State) -> None:
        pc, ap, fp = state
        for hint, impl in hints:
            try:
                impl(HintContext(self, hint, pc, ap, fp))
            except CairoVMError as exc:
                exc.args = (f"Error at pc=0:{pc} (hint): {exc}",)
                raise

    def run(self, state: State, end: int | None, max_steps: int, exact: bool = False) -> State:
        """Run from ``state`` until pc == end, for at most ``max_steps`` steps.

        With ``exact``, run exactly ``max_steps`` steps (``end`` is ignored).

        Raises:
            StepLimitError: ``end`` was not reached within ``max_steps`` steps.
            VMRuntimeError: the program failed.
        """
        trace = self.trace
        append = trace.append
        limit = len(trace) + max_steps
        if exact:
            end = None
        try:
            # Blocks run up to MAX_BLOCK steps each: this many always fit in the limit.
            blocks, get_block = self._blocks, self.block_function
            for _ in range(max_steps // compiled.MAX_BLOCK):
                pc = state[0]
                if pc == end:
                    return state
                try:
                    fn = blocks[pc] or get_block(pc)
                except IndexError:
                    fn = get_block(pc)
                append(state)
                state = fn(state)
            # The rest one step at a time, so the count is exact.
            singles = self._singles
            while len(trace) < limit:
                pc = state[0]
                if pc == end:
                    return state
                try:
                    fn = singles[pc] or get_block(pc, True)
                except IndexError:
                    fn = get_block(pc, True)
                append(state)
                state = fn(state)
        except CairoVMError as exc:
            failed_pc = trace.pop()[0] if trace else state[0]
            if not str(exc).startswith("Error at pc="):
                exc.args = (f"Error at pc=0:{failed_pc}:\n{exc}",)
            raise exc from None
        if not exact and state[0] != end:
            raise StepLimitError(f"Error: End of program was not reached after {max_steps} steps")
        return state

    # --- reference semantics ----------------------------------------------------------------
    def step_generic(self, pc: int, state: State) -> State:
        """Execute one instruction exactly as cairo-lang's ``VirtualMachine.step`` does."""
        _, ap, fp = state
        ins = self.instruction_at(pc)
        mem = self.mem
        dst_addr = _move(fp if ins.dst_reg else ap, ins.off_dst)
        dst = mem.get(dst_addr)
        op0_addr = _move(fp if ins.op0_reg else ap, ins.off_op0)
        op0 = mem.get(op0_addr)
        src = ins.op1_src
        if src is Op1Src.IMM:
            op1_addr = _move(pc, 1)
        elif src is Op1Src.FP:
            op1_addr = _move(fp, ins.off_op1)
        elif src is Op1Src.AP:
            op1_addr = _move(ap, ins.off_op1)
        else:
            if op0 is None:
                raise VMRuntimeError("op0 must be known in double dereference.")
            if type(op0) is not Rel:
                raise VMRuntimeError(f"double dereference of a non-pointer value {op0}")
            op1_addr = _move(key_of(op0), ins.off_op1)
        op1 = mem.get(op1_addr)

        res: MaybeRel | None = None
        write_dst, write_op0, write_op1 = dst is None, op0 is None, op1 is None
        opcode = ins.opcode
        if op0 is None:
            if opcode is Opcode.CALL:
                op0 = rel_of(pc + ins.size)
            elif opcode is Opcode.ASSERT_EQ:
                if ins.res is Res.ADD and dst is not None and op1 is not None:
                    op0, res = sub(dst, op1), dst
                elif ins.res is Res.MUL and type(dst) is int and type(op1) is int:
                    if op1 == 0:
                        raise VMRuntimeError(
                            f"Cannot deduce operand in '0 = ? * {dst}' (possibly due to division by 0)."
                        )
                    op0, res = dst * pow(op1, -1, PRIME) % PRIME, dst
        if op1 is None and opcode is Opcode.ASSERT_EQ:
            deduced = None
            if ins.res is Res.OP1 and dst is not None:
                deduced = dst
            elif ins.res is Res.ADD and dst is not None and op0 is not None:
                deduced = sub(dst, op0)
            elif ins.res is Res.MUL and type(dst) is int and type(op0) is int and op0 != 0:
                deduced = dst * pow(op0, -1, PRIME) % PRIME
            if deduced is not None:
                op1 = deduced
                if res is None:
                    res = dst
        if op0 is None:
            raise VMRuntimeError(f"Unknown value for memory cell at address {describe(op0_addr)}.")
        if op1 is None:
            raise VMRuntimeError(f"Unknown value for memory cell at address {describe(op1_addr)}.")
        if res is None:
            if ins.res is Res.OP1:
                res = op1
            elif ins.res is Res.ADD:
                res = add(op0, op1)
            elif ins.res is Res.MUL:
                if type(op0) is not int or type(op1) is not int:
                    raise VMRuntimeError(
                        f"Could not complete computation * of non pure values {op0}, {op1}."
                    )
                res = op0 * op1 % PRIME
        if dst is None:
            if opcode is Opcode.ASSERT_EQ and res is not None:
                dst = res
            elif opcode is Opcode.CALL:
                dst = rel_of(fp)
        if dst is None:
            raise VMRuntimeError(f"Unknown value for memory cell at address {describe(dst_addr)}.")
        if write_dst:
            self.write_checked(dst_addr, dst)
        if write_op0:
            self.write_checked(op0_addr, op0)
        if write_op1:
            self.write_checked(op1_addr, op1)

        if opcode is Opcode.ASSERT_EQ:
            if res is None:
                raise VMRuntimeError("Res.UNCONSTRAINED cannot be used with Opcode.ASSERT_EQ")
            if dst != res:
                raise VMRuntimeError(f"An ASSERT_EQ instruction failed: {dst} != {res}.")
        elif opcode is Opcode.CALL:
            if op0 != rel_of(pc + ins.size):
                raise VMRuntimeError(
                    f"Call failed to write return-pc (inconsistent op0): {op0} != "
                    f"{rel_of(pc + ins.size)}. Did you forget to increment ap?"
                )
            if dst != rel_of(fp):
                raise VMRuntimeError(
                    f"Call failed to write return-fp (inconsistent dst): {dst} != {rel_of(fp)}. "
                    "Did you forget to increment ap?"
                )
        return self._update_registers(ins, pc, ap, fp, dst, op1, res)

    def _update_registers(
        self,
        ins: Instruction,
        pc: int,
        ap: int,
        fp: int,
        dst: MaybeRel,
        op1: MaybeRel,
        res: MaybeRel | None,
    ) -> State:
        new_fp = fp
        if ins.fp_update is FpUpdate.AP_PLUS2:
            new_fp = ap + 2
        elif ins.fp_update is FpUpdate.DST:
            if type(dst) is not Rel:
                raise VMRuntimeError(f"ret: fp would become the non-pointer value {dst}")
            if dst.seg != self.execution_seg and type(res) is Rel and res.seg == 0:
                raise VMRuntimeError(
                    f"ret: fp would leave the execution segment ({dst}) while the program goes on"
                )
            new_fp = key_of(dst)
        au = ins.ap_update
        if au is ApUpdate.ADD:
            if res is None:
                raise VMRuntimeError("Res.UNCONSTRAINED cannot be used with ApUpdate.ADD")
            if type(res) is not int:
                raise VMRuntimeError(f"ap += {res}: cannot add a pointer to ap")
            ap = _move(ap, res)
        elif au is ApUpdate.ADD1:
            ap += 1
        elif au is ApUpdate.ADD2:
            ap += 2
        pu = ins.pc_update
        if pu is PcUpdate.REGULAR:
            pc = pc + ins.size
        elif pu is PcUpdate.JUMP:
            if type(res) is not Rel:
                raise VMRuntimeError(f"jmp abs to the non-pointer value {res}")
            pc = key_of(res)
        elif pu is PcUpdate.JUMP_REL:
            if type(res) is not int:
                raise VMRuntimeError(f"jmp rel by the non-field-element value {res}")
            pc = _move(pc, res)
        else:  # JNZ
            if type(dst) is int:
                taken = dst != 0
            elif type(dst) is Rel:
                taken = True
            else:
                raise VMRuntimeError(f"jnz on an unknown value {dst}")
            if not taken:
                pc = pc + ins.size
            else:
                if type(op1) is not int:
                    raise VMRuntimeError(f"jnz by the non-field-element value {op1}")
                pc = _move(pc, op1)
        return pc, ap, new_fp


def run_steps(vm: VM, state: State, n: int) -> State:
    """Run exactly ``n`` more steps."""
    return vm.run(state, None, n, exact=True) if n > 0 else state


__all__ = ["VM", "State", "StepLimitError", "run_steps"]
