"""From a Cairo run to the trace of :class:`stark.cairo_air.CairoAir` (prover side).

:class:`CairoRun` is what a proof-mode run leaves behind: the (pc, ap, fp) of every step, the
relocated memory and cairo-run's AIR public input.  :func:`plan_statement` reads the statement off
it (bytecode, registers, builtins, output, range-check cells), refusing builtins the AIR does not
constrain, and picks the trace length and filler columns; :class:`CairoTraceBuilder` fills the
main columns and, once the challenges are known, the running products.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .cairo_air import (
    AP,
    CPU_COLUMNS,
    DST,
    DST_ADDR,
    FLAG0,
    FP,
    INST,
    MUL,
    OFF_DST,
    OFF_OP0,
    OFF_OP1,
    OFFSET_BIAS,
    OP0,
    OP0_ADDR,
    OP1,
    OP1_ADDR,
    PC,
    RC_PARTS,
    RES,
    T0,
    T1,
    CairoLayout,
    cairo_layout,
)
from .errors import InvalidProof, InvalidTrace, ProverError, UnsupportedBuiltin
from .field import P, batch_inverse
from .public_input import (
    LAYOUTS,
    MAX_FILLERS,
    MAX_LOG_N,
    MIN_LOG_N,
    CairoPublicInput,
    check_public_input,
    public_memory,
)

Columns = list[list[int]]
Tamper = Callable[[Columns], None]


@dataclass(frozen=True)
class CairoRun:
    """A finished proof-mode run: registers per step, relocated memory, AIR public input."""

    trace: tuple[tuple[int, int, int], ...]  # (pc, ap, fp)
    memory: Mapping[int, int]
    air_public_input: Mapping[str, Any]


@dataclass(frozen=True)
class _Decoded:
    off_dst: int
    off_op0: int
    off_op1: int
    flags: int


def _decode(inst: int) -> _Decoded:
    if not 0 <= inst < 1 << 63:
        raise InvalidTrace(f"{inst:#x} is not a Cairo instruction")
    return _Decoded(inst & 0xFFFF, (inst >> 16) & 0xFFFF, (inst >> 32) & 0xFFFF, inst >> 48)


def _bit(flags: int, i: int) -> int:
    return (flags >> i) & 1


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _read(memory: Mapping[int, int], address: int, step: int) -> int:
    try:
        return memory[address]
    except KeyError:
        raise InvalidTrace(f"step {step} reads memory cell {address}, never written") from None


@dataclass
class _Rows:
    """Per-step values of the CPU columns for the steps up to the end of the run."""

    columns: Columns  # CPU_COLUMNS lists
    accesses: list[tuple[int, int]]
    offsets: list[int]


def _execute_rows(trace: Sequence[tuple[int, int, int]], memory: Mapping[int, int]) -> _Rows:
    n = len(trace)
    cols = [[0] * n for _ in range(CPU_COLUMNS)]
    accesses: list[tuple[int, int]] = []
    offsets: list[int] = []
    cache: dict[int, _Decoded] = {}
    for i, (pc, ap, fp) in enumerate(trace):
        inst = _read(memory, pc, i)
        d = cache.get(inst)
        if d is None:
            d = cache[inst] = _decode(inst)
        fl = d.flags
        for j in range(16):
            cols[FLAG0 + j][i] = fl >> j
        dst_addr = ((fp if _bit(fl, 0) else ap) + d.off_dst - OFFSET_BIAS) % P
        op0_addr = ((fp if _bit(fl, 1) else ap) + d.off_op0 - OFFSET_BIAS) % P
        dst = _read(memory, dst_addr, i)
        op0 = _read(memory, op0_addr, i)
        if _bit(fl, 2):
            base = pc
        elif _bit(fl, 4):
            base = ap
        elif _bit(fl, 3):
            base = fp
        else:
            base = op0
        op1_addr = (base + d.off_op1 - OFFSET_BIAS) % P
        op1 = _read(memory, op1_addr, i)
        jnz = _bit(fl, 9)
        mul = op0 * op1 % P
        if jnz:
            res = pow(dst, -1, P) if dst else 0
        elif _bit(fl, 5):
            res = (op0 + op1) % P
        elif _bit(fl, 6):
            res = mul
        else:
            res = op1
        t0 = dst if jnz else 0
        for col, value in (
            (OFF_DST, d.off_dst),
            (OFF_OP0, d.off_op0),
            (OFF_OP1, d.off_op1),
            (PC, pc),
            (AP, ap),
            (FP, fp),
            (INST, inst),
            (DST_ADDR, dst_addr),
            (DST, dst),
            (OP0_ADDR, op0_addr),
            (OP0, op0),
            (OP1_ADDR, op1_addr),
            (OP1, op1),
            (RES, res),
            (T0, t0),
            (T1, t0 * res % P),
            (MUL, mul),
        ):
            cols[col][i] = value
        accesses += ((pc, inst), (dst_addr, dst), (op0_addr, op0), (op1_addr, op1))
        offsets += (d.off_dst, d.off_op0, d.off_op1)
    return _Rows(cols, accesses, offsets)


@dataclass(frozen=True)
class _Statement:
    layout: str
    builtins: tuple[str, ...]
    bytecode: tuple[int, ...]
    output_begin: int
    output: tuple[int, ...]
    rc_begin: int
    rc_stop: int
    registers: tuple[int, int, int, int, int, int]
    end: int  # index of the first step that reached the final state


def _read_statement(run: CairoRun, layout: str) -> _Statement:
    pub = run.air_public_input
    memory = run.memory
    if layout not in LAYOUTS:
        raise ProverError(f"layout {layout!r} not supported (supported: {', '.join(LAYOUTS)})")
    if not run.trace:
        raise InvalidTrace("empty trace")
    pc0, ap0, fp0 = run.trace[0]
    final = run.trace[-1]
    end = next(i for i, state in enumerate(run.trace) if state == final)
    if any(state != final for state in run.trace[end:]):
        raise InvalidTrace("the run does not stay in its final state once it reaches it")
    segments = pub.get("memory_segments", {})
    public_cells = {
        int(c["address"]): int(str(c["value"]), 0) for c in pub.get("public_memory", [])
    }
    # the initial stack [fp, 0, builtin bases…] and the final stack of stop pointers are public
    exec_base = ap0 - 2
    k2 = sum(1 for a in public_cells if exec_base <= a < final[1])
    if k2 < 2 or k2 % 2:
        raise InvalidTrace("the public memory does not hold a proof-mode initial and final stack")
    builtins = []
    begins = {
        name: int(seg["begin_addr"])
        for name, seg in segments.items()
        if name not in ("program", "execution")
    }
    for i in range((k2 - 2) // 2):
        base = _read(memory, ap0 + i, 0)
        names = [name for name, begin in begins.items() if begin == base and name not in builtins]
        if not names:
            raise InvalidTrace(f"initial stack cell {ap0 + i} is no builtin's base")
        builtins.append(names[0])
    for name in builtins:
        if name not in LAYOUTS["small"]:
            raise UnsupportedBuiltin(name)
    if tuple(b for b in LAYOUTS[layout] if b in builtins) != tuple(builtins):
        raise ProverError(f"builtins {builtins} are not available in layout {layout!r}")
    stops = {
        name: _read(memory, final[1] - len(builtins) + i, 0) for i, name in enumerate(builtins)
    }
    program_size = exec_base - pc0
    if pc0 != 1 or program_size <= 0:
        raise InvalidTrace("the program is not loaded at address 1 just below the execution")
    bytecode = tuple(_read(memory, pc0 + i, 0) for i in range(program_size))
    output_begin = begins.get("output", 0) if "output" in builtins else 0
    output: tuple[int, ...] = ()
    if "output" in builtins:
        output = tuple(_read(memory, a, 0) for a in range(output_begin, stops["output"]))
    rc_begin = begins["range_check"] if "range_check" in builtins else 0
    rc_stop = stops["range_check"] if "range_check" in builtins else 0
    return _Statement(
        layout=layout,
        builtins=tuple(builtins),
        bytecode=bytecode,
        output_begin=output_begin,
        output=output,
        rc_begin=rc_begin,
        rc_stop=rc_stop,
        registers=(pc0, ap0, fp0, *final),
        end=end,
    )


def _rc_parts(value: int, address: int) -> list[int]:
    if not 0 <= value < 1 << (16 * RC_PARTS):
        raise InvalidTrace(f"range_check cell {address} holds {value:#x}, not below 2^128")
    return [(value >> (16 * k)) & 0xFFFF for k in range(RC_PARTS)]


class CairoTraceBuilder:
    """Plans the statement of a run and builds the columns of its trace."""

    def __init__(self, run: CairoRun, layout: str = "small", min_log_n: int = MIN_LOG_N) -> None:
        self.run = run
        st = _read_statement(run, layout)
        self.statement = st
        rows = _execute_rows(run.trace[: st.end + 1], run.memory)
        self._rows = rows
        self._rc_cells = [(a, _read(run.memory, a, 0)) for a in range(st.rc_begin, st.rc_stop)]
        self._rc_values = [p for a, v in self._rc_cells for p in _rc_parts(v, a)]
        values = rows.offsets + self._rc_values
        self.rc_min, self.rc_max = min(values), max(values)
        present = set(values)
        self._rc_holes = [v for v in range(self.rc_min, self.rc_max + 1) if v not in present]
        probe = self._public_input(log_n=MIN_LOG_N, memory_fillers=1, rc_fillers=0)
        self._public = public_memory(probe)
        self._check_public_memory()
        accessed = {a for a, _ in rows.accesses}
        accessed.update(a for a, _ in self._rc_cells)
        accessed.update(a for a, _ in self._public)
        top = max(accessed)
        self._memory_holes = [
            (a, run.memory.get(a, 0)) for a in range(1, top + 1) if a not in accessed
        ]
        self.public_input = self._choose_sizes(max(min_log_n, (st.end + 1 - 1).bit_length()))
        self.layout: CairoLayout = cairo_layout(self.public_input)

    def _public_input(
        self, *, log_n: int, memory_fillers: int, rc_fillers: int
    ) -> CairoPublicInput:
        st = self.statement
        pc0, ap0, fp0, pc1, ap1, fp1 = st.registers
        return CairoPublicInput(
            layout=st.layout,
            builtins=st.builtins,
            log_n=log_n,
            memory_fillers=memory_fillers,
            rc_fillers=rc_fillers,
            pc_init=pc0,
            ap_init=ap0,
            fp_init=fp0,
            pc_final=pc1,
            ap_final=ap1,
            fp_final=fp1,
            output_begin=st.output_begin,
            rc_begin=st.rc_begin,
            rc_stop=st.rc_stop,
            rc_min=self.rc_min,
            rc_max=self.rc_max,
            bytecode=st.bytecode,
            output=st.output,
        )

    def _check_public_memory(self) -> None:
        stated = self.run.air_public_input.get("public_memory")
        if stated is None:
            return
        theirs = {(int(c["address"]), int(str(c["value"]), 0) % P) for c in stated}
        if theirs != set(self._public):
            raise InvalidTrace("the run's public memory is not the one its statement implies")

    def _choose_sizes(self, min_log_n: int) -> CairoPublicInput:
        m = len(self._rc_cells)
        need_memory = len(self._public) + len(self._memory_holes)
        best = None
        for log_n in range(max(min_log_n, max(m - 1, 0).bit_length()), MAX_LOG_N + 1):
            n = 1 << log_n
            e = max(1, _ceil_div(need_memory, n))
            free_rc = RC_PARTS * (n - m) if m else 0
            f = max(0, _ceil_div(len(self._rc_holes) - free_rc, n))
            if e > MAX_FILLERS or f > MAX_FILLERS:
                continue
            pub = self._public_input(log_n=log_n, memory_fillers=e, rc_fillers=f)
            lay = cairo_layout(pub)
            cost = n * (lay.main_width + lay.aux_width)
            if best is None or cost < best[0]:
                best = (cost, pub)
            elif best is not None:
                break
        if best is None:
            raise ProverError("the run's memory or range-check holes do not fit any trace size")
        try:
            check_public_input(best[1])
        except InvalidProof as exc:
            raise InvalidTrace(f"the run is not a provable proof-mode run: {exc.reason}") from exc
        return best[1]

    @property
    def trace_length(self) -> int:
        return 1 << self.public_input.log_n

    def main_columns(
        self, tamper_execution: Tamper | None = None, tamper_main: Tamper | None = None
    ) -> Columns:
        """All main columns.  The tamper hooks exist for soundness tests only: the first may
        change the execution columns before the sorted copies are derived from them, the
        second any main column afterwards."""
        lay = self.layout
        n = self.trace_length
        rows = self._rows
        cols: Columns = []
        for cpu in rows.columns:
            tail = cpu[-1]
            cols.append(cpu + [tail] * (n - len(cpu)))
        cols += [[0] * n for _ in range(lay.main_width - CPU_COLUMNS)]
        # memory fillers: public-memory dummies, holes, then repeats of the first cell
        fill = [(0, 0)] * len(self._public) + self._memory_holes
        first_cell = (self.public_input.pc_init, self.public_input.bytecode[0])
        fill += [first_cell] * (len(lay.memory_filler_columns) * n - len(fill))
        for e, (ac, vc) in enumerate(lay.memory_filler_columns):
            chunk = fill[e * n : (e + 1) * n]
            cols[ac] = [a for a, _ in chunk]
            cols[vc] = [v for _, v in chunk]
        # range_check builtin: used cells first, then repeats of the last one (their parts free)
        rc_fill = list(self._rc_holes)
        if lay.rc_builtin:
            m = len(self._rc_cells)
            last_addr, last_value = self._rc_cells[-1]
            for i in range(n):
                active = i < m
                addr, value = self._rc_cells[i] if active else (last_addr, last_value)
                cols[lay.rcb_addr][i] = addr
                cols[lay.rcb_value][i] = value
                cols[lay.rcb_selector][i] = 1 if active else 0
                if active:
                    parts = self._rc_values[RC_PARTS * i : RC_PARTS * (i + 1)]
                else:
                    parts = rc_fill[:RC_PARTS]
                    del rc_fill[:RC_PARTS]
                    parts += [self.rc_min] * (RC_PARTS - len(parts))
                for col, part in zip(lay.rcb_parts, parts, strict=True):
                    cols[col][i] = part
        rc_fill += [self.rc_min] * (len(lay.rc_filler_columns) * n - len(rc_fill))
        for e, col in enumerate(lay.rc_filler_columns):
            cols[col] = rc_fill[e * n : (e + 1) * n]
        if tamper_execution is not None:
            tamper_execution(cols)
        self._fill_sorted(cols)
        if tamper_main is not None:
            tamper_main(cols)
        return cols

    def _fill_sorted(self, cols: Columns) -> None:
        lay = self.layout
        n = self.trace_length
        dummies = len(self._public)
        entries = []
        for ac, vc in lay.memory_slots:
            entries += zip(cols[ac], cols[vc], strict=True)
        # the |P| dummy accesses (0, 0) stand for the public cells
        removed = 0
        kept = []
        for entry in entries:
            if entry == (0, 0) and removed < dummies:
                removed += 1
            else:
                kept.append(entry)
        kept += self._public[:removed]
        kept.sort()
        k = len(lay.memory_slots)
        for j, (ac, vc) in enumerate(lay.sorted_memory):
            cols[ac] = [kept[i * k + j][0] for i in range(n)]
            cols[vc] = [kept[i * k + j][1] for i in range(n)]
        values = sorted(v for col in lay.rc_slots for v in cols[col])
        k = len(lay.rc_slots)
        for j, col in enumerate(lay.sorted_rc):
            cols[col] = values[j::k]

    def aux_columns(self, main: Columns, challenges: Sequence[int]) -> Columns:
        """The running products of both permutation arguments, row-major over the slots."""
        lay = self.layout
        n = self.trace_length
        alpha, z, zr = challenges
        aux: Columns = []
        k = len(lay.memory_slots)
        numer = [0] * (n * k)
        denom = [0] * (n * k)
        for j in range(k):
            (ua, uv), (sa, sv) = lay.memory_slots[j], lay.sorted_memory[j]
            ua, uv, sa, sv = main[ua], main[uv], main[sa], main[sv]
            for i in range(n):
                numer[i * k + j] = (z - ua[i] - alpha * uv[i]) % P
                denom[i * k + j] = (z - sa[i] - alpha * sv[i]) % P
        aux += _running_product(numer, denom, n, k)
        k = len(lay.rc_slots)
        numer = [0] * (n * k)
        denom = [0] * (n * k)
        for j in range(k):
            u, s = main[lay.rc_slots[j]], main[lay.sorted_rc[j]]
            for i in range(n):
                numer[i * k + j] = (zr - u[i]) % P
                denom[i * k + j] = (zr - s[i]) % P
        aux += _running_product(numer, denom, n, k)
        return aux


def _running_product(numer: list[int], denom: list[int], n: int, k: int) -> Columns:
    inverses = batch_inverse(denom)
    cols = [[0] * n for _ in range(k)]
    acc = 1
    for t, (a, b) in enumerate(zip(numer, inverses, strict=True)):
        acc = acc * a % P * b % P
        cols[t % k][t // k] = acc
    return cols


def with_trace_length(builder: CairoTraceBuilder, log_n: int) -> CairoTraceBuilder:
    """A copy of ``builder`` proving over a longer trace (tests of size handling)."""
    if log_n < builder.public_input.log_n:
        raise ProverError("the trace cannot be shorter than the run")
    clone = object.__new__(CairoTraceBuilder)
    clone.__dict__.update(builder.__dict__)
    clone.public_input = replace(builder.public_input, log_n=log_n)
    clone.layout = cairo_layout(clone.public_input)
    return clone
