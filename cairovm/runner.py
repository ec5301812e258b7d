"""Running a program end to end, as cairo-run does: set-up, run, proof-mode padding, relocation.

:func:`run_program` is the library entry point the sequencer and the prover use; the command
line (:mod:`cairovm.cli`) writes its result to cairo-run's files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from cairovm.builtins import LAYOUTS, BuiltinRunner, InsufficientAllocatedCells, make_runners
from cairovm.errors import CairoVMError, ProgramLoadError, VMRuntimeError
from cairovm.felt import to_signed
from cairovm.instruction import Op1Src, split_word
from cairovm.memory import OFF_MASK, SEG_SHIFT, Segments, key_of, relocate_value
from cairovm.program import Program
from cairovm.relocatable import MaybeRel, Rel
from cairovm.vm import VM, State, run_steps

#: Default bound on the steps of one run (a runaway program stops with StepLimitError).
DEFAULT_MAX_STEPS = 2**26


class TraceEntry(NamedTuple):
    """One step's registers, relocated."""

    pc: int
    ap: int
    fp: int


def _next_power_of_2(n: int) -> int:
    return 1 << (n - 1).bit_length() if n > 1 else 1


@dataclass
class RunResult:
    """What a run produced: output, steps, relocated trace and memory, AIR inputs."""

    program: Program
    layout: str
    proof_mode: bool
    steps: int
    original_steps: int
    output: list[int]
    trace_columns: tuple[list[int], list[int], list[int]]  # relocated (pc, ap, fp) per step
    memory: dict[int, int]
    warnings: list[str]
    _segment_addresses: dict[str, tuple[int, int]] = field(repr=False)
    _public_addresses: list[tuple[int, int]] = field(repr=False)
    _rc_limits: tuple[int, int] = field(repr=False)
    _private: dict[str, list] = field(repr=False)
    output_signed: list[int] = field(default_factory=list)
    has_output_segment: bool = False

    @cached_property
    def trace(self) -> list[TraceEntry]:
        """The relocated trace, one (pc, ap, fp) entry per step."""
        return list(map(TraceEntry._make, zip(*self.trace_columns, strict=True)))

    @cached_property
    def public_input(self) -> dict[str, Any]:
        """The AIR public input, as cairo-run's ``--air_public_input`` JSON."""
        rc_min, rc_max = self._rc_limits
        pcs, aps, _ = self.trace_columns
        segments = {
            "program": {"begin_addr": pcs[0], "stop_ptr": pcs[-1]},
            "execution": {"begin_addr": aps[0], "stop_ptr": aps[-1]},
        }
        for name, (begin, stop) in self._segment_addresses.items():
            segments[name] = {"begin_addr": begin, "stop_ptr": stop}
        return {
            "layout": self.layout,
            "rc_min": rc_min,
            "rc_max": rc_max,
            "n_steps": self.steps,
            "memory_segments": segments,
            "public_memory": [
                {"address": addr, "value": hex(self.memory[addr]), "page": page}
                for addr, page in self._public_addresses
            ],
            "dynamic_params": None,
        }

    def private_input(self, trace_path: str = "", memory_path: str = "") -> dict[str, Any]:
        """The AIR private input, as cairo-run's ``--air_private_input`` JSON."""
        return {"trace_path": trace_path, "memory_path": memory_path, **self._private}


class _Run:
    """The state of one run while it is set up, executed and finalised."""

    def __init__(self, program: Program, layout: str, proof_mode: bool, program_input: Any) -> None:
        if layout not in LAYOUTS:
            raise CairoVMError(f"unknown layout {layout!r}; choose one of {sorted(LAYOUTS)}")
        self.program = program
        self.layout = LAYOUTS[layout]
        self.proof_mode = proof_mode
        self.runners: list[BuiltinRunner] = make_runners(self.layout, program.builtins, proof_mode)
        self.by_name = {r.name: r for r in self.runners}
        self.mem: dict[int, MaybeRel] = {}
        self.segments = Segments()
        self.program_base = self.segments.add()
        self.execution_base = self.segments.add()
        for runner in self.runners:
            runner.initialize_segment(self.segments)
        self.vm = VM(program, self.mem, self.segments, self.runners, program_input)
        self.warnings: list[str] = []
        self.execution_public: list[int] = []

    def initialize(self) -> tuple[State, int]:
        """Load program and stack; return the initial state and the pc that ends the run."""
        stack: list[MaybeRel] = []
        for name in self.program.builtins:
            stack += self.by_name[name].initial_stack()
        if self.proof_mode:
            start, end = self.program.start, self.program.end
            if start is None or end is None:
                raise ProgramLoadError(
                    "proof mode needs a program compiled with --proof_mode "
                    "(labels __start__ and __end__ are missing)"
                )
            stack = [self.execution_base + 2, 0, *stack]
            self.execution_public = list(range(len(stack)))
            entry, fp, end_key = start, 2, end
        else:
            main = self.program.main
            if main is None:
                raise ProgramLoadError("Missing main().")
            return_fp = self.segments.add()
            end_ptr = self.segments.add()
            stack += [return_fp, end_ptr]
            entry, fp, end_key = main, len(stack), key_of(end_ptr)
        for i, word in enumerate(self.program.data):
            self.mem[i] = word
        exe = self.execution_base.seg << SEG_SHIFT
        for i, value in enumerate(stack):
            self.mem[exe + i] = value
        self.vm.validate_existing()
        return (entry, exe + fp, exe + fp), end_key

    # --- proof-mode accounting -------------------------------------------------------------
    def accessed_addresses(self) -> set[int]:
        """Addresses the instructions accessed (program cells included), from the trace."""
        mem, vm = self.mem, self.vm
        accessed = set(range(len(self.program.data)))
        by_pc: dict[int, Any] = {}
        for pc, ap, fp in vm.trace:
            ins = by_pc.get(pc)
            if ins is None:
                ins = by_pc[pc] = vm.instruction_at(pc)
            dst = (fp if ins.dst_reg else ap) + ins.off_dst
            op0 = (fp if ins.op0_reg else ap) + ins.off_op0
            src = ins.op1_src
            if src is Op1Src.IMM:
                op1 = pc + 1
            elif src is Op1Src.FP:
                op1 = fp + ins.off_op1
            elif src is Op1Src.AP:
                op1 = ap + ins.off_op1
            else:
                op1 = key_of(mem[op0]) + ins.off_op1  # type: ignore[arg-type]
            accessed.update((dst, op0, op1, pc))
        return accessed

    def rc_limits(self) -> tuple[int, int]:
        offsets: list[int] = []
        for pc in {s[0] for s in self.vm.trace}:
            off0, off1, off2, _ = split_word(self.mem[pc])  # type: ignore[arg-type]
            offsets += (off0, off1, off2)
        rc_min, rc_max = min(offsets), max(offsets)
        for runner in self.runners:
            usage = runner.range_check_usage(self.mem)
            if usage is not None:
                rc_min, rc_max = min(rc_min, usage[0]), max(rc_max, usage[1])
        return rc_min, rc_max

    def check_used_cells(self, steps: int, accessed: set[int]) -> None:
        """cairo-lang's ``check_used_cells``: raises InsufficientAllocatedCells."""
        segs = self.segments
        for runner in self.runners:
            runner.used_and_allocated(segs, steps)
        rc_min, rc_max = self.rc_limits()
        rc_used = sum(r.perm_range_check_units(segs, steps) for r in self.runners)
        unused_rc = (self.layout.rc_units - 3) * steps - rc_used
        if unused_rc < rc_max - rc_min:
            raise InsufficientAllocatedCells(
                f"There are only {unused_rc} cells to fill the range checks holes, but "
                f"potentially {rc_max - rc_min} are required."
            )
        builtin_units = sum(r.allocated_memory_units(segs, steps) for r in self.runners)
        total = self.layout.memory_units_per_step * steps
        unused = total - (total // self.layout.public_memory_fraction + 4 * steps + builtin_units)
        every = set(accessed)
        for runner in self.runners:
            every |= runner.memory_accesses(segs)
        holes = segs.memory_holes(every)
        if unused < holes:
            raise InsufficientAllocatedCells(
                f"There are only {unused} cells to fill the memory address holes, but "
                f"{holes} are required."
            )

    def pad(self, state: State) -> State:
        """Proof mode: run on until the steps are a power of two the builtins fit in."""
        accessed = self.accessed_addresses()
        vm = self.vm
        state = run_steps(vm, state, _next_power_of_2(len(vm.trace)) - len(vm.trace))
        while True:
            try:
                self.check_used_cells(len(vm.trace), accessed)
                return state
            except InsufficientAllocatedCells as exc:
                self.warnings.append(f"Warning: {exc} Increasing number of steps.")
            state = run_steps(vm, state, 1)
            state = run_steps(vm, state, _next_power_of_2(len(vm.trace)) - len(vm.trace))

    def read_return_values(self, ap: int) -> None:
        pointer = Rel(ap >> SEG_SHIFT, ap & OFF_MASK)
        for name in reversed(self.program.builtins):
            pointer = self.by_name[name].final_stack(self.mem, self.segments, pointer)
        if pointer.seg == self.execution_base.seg:
            self.execution_public += list(range(pointer.off, ap & OFF_MASK))

    def finalize_segments(self, steps: int) -> None:
        n = len(self.program.data)
        self.segments.finalize(self.program_base.seg, n, [(i, 0) for i in range(n)])
        self.segments.finalize(
            self.execution_base.seg, None, [(x, 0) for x in self.execution_public]
        )
        for runner in self.runners:
            runner.finalize(self.segments, steps)


def run_program(
    program: Program,
    *,
    layout: str = "plain",
    proof_mode: bool = False,
    program_input: Any = None,
    max_steps: int | None = None,
) -> RunResult:
    """Run ``program`` as ``cairo-run`` would, and return what it produced.

    Raises:
        CairoVMError: the program, its input or its run is invalid; the message says why.
    """
    run = _Run(program, layout, proof_mode, {} if program_input is None else program_input)
    state, end = run.initialize()
    limit = DEFAULT_MAX_STEPS if max_steps is None else max_steps
    vm = run.vm
    vm.stop_pcs.add(end)
    if proof_mode:
        state = vm.run(state, end, max(limit - 1, 0))
        state = run_steps(vm, state, 1)
    else:
        state = vm.run(state, end, limit)
    original_steps = len(vm.trace)
    run.segments.compute_used_sizes(run.mem)
    if proof_mode:
        state = run.pad(state)
    run.read_return_values(state[1])
    if proof_mode:
        run.finalize_segments(len(vm.trace))
    bases = run.segments.relocation_table()

    memory = {
        bases[k >> SEG_SHIFT] + (k & OFF_MASK): v if type(v) is int else bases[v.seg] + v.off
        for k, v in run.mem.items()
    }
    # While a step runs, pc is in the program segment and ap, fp in the execution segment.
    exe_delta = bases[run.execution_base.seg] - (run.execution_base.seg << SEG_SHIFT)
    trace_columns = (
        [s[0] + bases[0] for s in vm.trace],
        [s[1] + exe_delta for s in vm.trace],
        [s[2] + exe_delta for s in vm.trace],
    )
    output: list[int] = []
    out_runner = run.by_name.get("output")
    if out_runner is not None and out_runner.base is not None:
        seg = out_runner.base.seg
        size = run.segments.size(seg)
        for i in range(size):
            value = memory.get(bases[seg] + i)
            if value is None:
                raise VMRuntimeError(f"output cell {i} was never written")
            output.append(value)
    seg_addresses = {}
    for runner in run.runners:
        assert runner.base is not None
        begin = relocate_value(runner.base, bases)
        stop = runner.stop_ptr if runner.name in program.builtins else runner.base
        if stop is None:
            raise VMRuntimeError(f"The {runner.name} builtin stop pointer was not set.")
        seg_addresses[runner.name] = (begin, relocate_value(stop, bases))
    private: dict[str, list] = {}
    for runner in run.runners:
        private.update(runner.private_input(run.mem))
    return RunResult(
        program=program,
        layout=layout,
        proof_mode=proof_mode,
        steps=len(vm.trace),
        original_steps=original_steps,
        output=output,
        trace_columns=trace_columns,
        memory=memory,
        warnings=run.warnings,
        _segment_addresses=seg_addresses,
        _public_addresses=run.segments.public_addresses(bases),
        _rc_limits=run.rc_limits() if vm.trace else (0, 0),
        _private=private,
        output_signed=[to_signed(v) for v in output],
        has_output_segment=out_runner is not None,
    )
