"""The Cairo CPU AIR: one trace row per Cairo step (the Cairo paper, section 9, with Stone's checks).

Main columns, per row: the 16 flag prefixes f̃ᵢ (fᵢ = f̃ᵢ − 2f̃ᵢ₊₁), the three biased offsets,
pc/ap/fp, the instruction and its three operands with their addresses, res, t0, t1, mul;
``memory_fillers`` extra memory accesses (public-memory dummies (0, 0), holes, repeats);
``rc_fillers`` extra range-checked values (holes of the range); when the run used range_check
cells, the builtin's columns (address, value, selector, eight 16-bit parts); then the sorted copies
of all memory accesses (address, value) and of all range-checked values, committed with the main
trace so that they are fixed before the permutation challenges.  Auxiliary columns: the running
products of both permutation arguments, one per access slot.

Constraint families: flags and instruction decomposition; the virtual machine's decoding rules;
operand addresses; res, t0, t1, mul; ap/fp/pc updates; call/ret/assert_eq with Stone's extra
call/ret checks; memory continuity, single value and permutation (first row fixed, last row equal
to the public-memory quotient); range-check continuity and permutation (first row fixed, last row
1, bounds rc_min/rc_max); the range_check builtin (each used cell is the sum of its eight 16-bit
parts, the cells cover [rc_begin, rc_stop) exactly); boundary registers pc/ap/fp at the first and
last rows.  All constraints have degree at most 2, so the composition polynomial has one part.
Pure standard library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .air import Air, Constraint, Domain
from .field import Felt, P, inv
from .public_input import CairoPublicInput, public_memory

# flag bits (instruction bits 48..62)
DST_REG, OP0_REG, OP1_IMM, OP1_FP, OP1_AP = 0, 1, 2, 3, 4
RES_ADD, RES_MUL, PC_JUMP_ABS, PC_JUMP_REL, PC_JNZ = 5, 6, 7, 8, 9
AP_ADD, AP_ADD1, OPCODE_CALL, OPCODE_RET, OPCODE_ASSERT_EQ = 10, 11, 12, 13, 14
FLAG_GROUPS: dict[str, tuple[int, ...]] = {
    "op1 source": (OP1_IMM, OP1_FP, OP1_AP),
    "res logic": (RES_ADD, RES_MUL),
    "pc update": (PC_JUMP_ABS, PC_JUMP_REL, PC_JNZ),
    "ap update": (AP_ADD, AP_ADD1),
    "opcode": (OPCODE_CALL, OPCODE_RET, OPCODE_ASSERT_EQ),
}
OFFSET_BIAS = 1 << 15
RC_PARTS = 8

# main column indices
FLAG0 = 0
OFF_DST, OFF_OP0, OFF_OP1 = 16, 17, 18
PC, AP, FP = 19, 20, 21
INST, DST_ADDR, DST, OP0_ADDR, OP0, OP1_ADDR, OP1 = 22, 23, 24, 25, 26, 27, 28
RES, T0, T1, MUL = 29, 30, 31, 32
CPU_COLUMNS = 33


@dataclass(frozen=True)
class CairoLayout:
    """Where every column of a Cairo trace lives; a function of the public input only."""

    memory_fillers: int
    rc_fillers: int
    rc_builtin: bool
    memory_filler_columns: tuple[tuple[int, int], ...]
    rc_filler_columns: tuple[int, ...]
    rcb_addr: int
    rcb_value: int
    rcb_selector: int
    rcb_parts: tuple[int, ...]
    memory_slots: tuple[tuple[int, int], ...]  # unsorted (address, value) columns
    rc_slots: tuple[int, ...]  # unsorted range-checked columns
    sorted_memory: tuple[tuple[int, int], ...]
    sorted_rc: tuple[int, ...]
    main_width: int
    memory_products: tuple[int, ...]  # indices in the full (main + aux) row
    rc_products: tuple[int, ...]
    aux_width: int


def cairo_layout(pub: CairoPublicInput) -> CairoLayout:
    col = CPU_COLUMNS
    mem_fill = []
    for _ in range(pub.memory_fillers):
        mem_fill.append((col, col + 1))
        col += 2
    rc_fill = tuple(range(col, col + pub.rc_fillers))
    col += pub.rc_fillers
    rc_builtin = pub.rc_cells > 0
    rcb_addr = rcb_value = rcb_selector = -1
    rcb_parts: tuple[int, ...] = ()
    memory_slots = [(PC, INST), (DST_ADDR, DST), (OP0_ADDR, OP0), (OP1_ADDR, OP1), *mem_fill]
    rc_slots = [OFF_DST, OFF_OP0, OFF_OP1, *rc_fill]
    if rc_builtin:
        rcb_addr, rcb_value, rcb_selector = col, col + 1, col + 2
        rcb_parts = tuple(range(col + 3, col + 3 + RC_PARTS))
        col += 3 + RC_PARTS
        memory_slots.append((rcb_addr, rcb_value))
        rc_slots.extend(rcb_parts)
    sorted_memory = []
    for _ in memory_slots:
        sorted_memory.append((col, col + 1))
        col += 2
    sorted_rc = tuple(range(col, col + len(rc_slots)))
    col += len(rc_slots)
    main_width = col
    memory_products = tuple(range(col, col + len(memory_slots)))
    col += len(memory_slots)
    rc_products = tuple(range(col, col + len(rc_slots)))
    col += len(rc_slots)
    return CairoLayout(
        memory_fillers=pub.memory_fillers,
        rc_fillers=pub.rc_fillers,
        rc_builtin=rc_builtin,
        memory_filler_columns=tuple(mem_fill),
        rc_filler_columns=rc_fill,
        rcb_addr=rcb_addr,
        rcb_value=rcb_value,
        rcb_selector=rcb_selector,
        rcb_parts=rcb_parts,
        memory_slots=tuple(memory_slots),
        rc_slots=tuple(rc_slots),
        sorted_memory=tuple(sorted_memory),
        sorted_rc=sorted_rc,
        main_width=main_width,
        memory_products=memory_products,
        rc_products=rc_products,
        aux_width=col - main_width,
    )


@dataclass(frozen=True)
class CairoChallenges:
    alpha: Felt  # weight of the value in a memory access a + α·v
    z_memory: Felt
    z_rc: Felt
    memory_final: Felt  # z^|P| / ∏_P (z − (a + α·v)): the memory product at the last row
    rc_first: Felt  # (z' − off_dst at row 0) / (z' − rc_min): the range-check product at row 0


_ALL, _TRANSITION, _FIRST, _LAST = Domain.ALL, Domain.TRANSITION, Domain.FIRST, Domain.LAST


class CairoAir(Air):
    """The AIR of a proof-mode Cairo run with the output and range_check builtins."""

    num_challenges = 3

    def __init__(self, pub: CairoPublicInput) -> None:
        self.pub = pub
        self.log_n = pub.log_n
        self.layout = cairo_layout(pub)
        self.main_width = self.layout.main_width
        self.aux_width = self.layout.aux_width
        self.first_instruction = pub.bytecode[0]
        self.first_off_dst = pub.bytecode[0] & 0xFFFF
        self.constraints = tuple(self._constraint_list())

    def _constraint_list(self) -> list[Constraint]:
        lay = self.layout
        c: list[Constraint] = []
        c += [Constraint(f"flag {i} is a bit", 2, _ALL) for i in range(15)]
        c.append(Constraint("flag prefix 15 is zero", 1, _ALL))
        c.append(Constraint("instruction decomposition", 1, _ALL))
        c += [Constraint(f"{g} flags sum to a bit", 2, _ALL) for g in FLAG_GROUPS]
        c += [
            Constraint("jnz leaves res unused (res logic)", 2, _ALL),
            Constraint("jnz leaves res unused (ap += res)", 2, _ALL),
            Constraint("jnz leaves res unused (assert_eq)", 2, _ALL),
            Constraint("call keeps ap update regular", 2, _ALL),
            Constraint("immediate operand at pc + 1", 2, _ALL),
        ]
        c += [
            Constraint("dst address", 2, _ALL),
            Constraint("op0 address", 2, _ALL),
            Constraint("op1 address", 2, _ALL),
            Constraint("mul = op0 * op1", 2, _ALL),
            Constraint("res", 2, _ALL),
            Constraint("t0 = jnz * dst", 2, _ALL),
            Constraint("t1 = t0 * res", 2, _ALL),
            Constraint("ap update", 2, _TRANSITION),
            Constraint("fp update", 2, _TRANSITION),
            Constraint("pc update (jnz not taken)", 2, _TRANSITION),
            Constraint("pc update", 2, _TRANSITION),
        ]
        c += [
            Constraint("call pushes fp", 2, _ALL),
            Constraint("call pushes the return pc", 2, _ALL),
            Constraint("call writes dst at [ap]", 2, _ALL),
            Constraint("call writes op0 at [ap + 1]", 2, _ALL),
            Constraint("call addresses relative to ap", 2, _ALL),
            Constraint("ret reads dst at [fp - 2]", 2, _ALL),
            Constraint("ret jumps to [fp - 1]", 2, _ALL),
            Constraint("ret flags", 2, _ALL),
            Constraint("assert_eq: res = dst", 2, _ALL),
        ]
        for j in range(1, len(lay.memory_slots)):
            c += [
                Constraint(f"memory continuity (slot {j})", 2, _ALL),
                Constraint(f"memory single value (slot {j})", 2, _ALL),
                Constraint(f"memory permutation (slot {j})", 2, _ALL),
            ]
        c += [
            Constraint("memory continuity (next row)", 2, _TRANSITION),
            Constraint("memory single value (next row)", 2, _TRANSITION),
            Constraint("memory permutation (next row)", 2, _TRANSITION),
            Constraint("memory first sorted address is 1", 1, _FIRST),
            Constraint("memory first sorted value is the first instruction", 1, _FIRST),
            Constraint("first instruction is the program's", 1, _FIRST),
            Constraint("memory permutation first row", 1, _FIRST),
            Constraint("memory permutation last row (public memory)", 1, _LAST),
        ]
        for j in range(1, len(lay.rc_slots)):
            c += [
                Constraint(f"range-check continuity (slot {j})", 2, _ALL),
                Constraint(f"range-check permutation (slot {j})", 2, _ALL),
            ]
        c += [
            Constraint("range-check continuity (next row)", 2, _TRANSITION),
            Constraint("range-check permutation (next row)", 2, _TRANSITION),
            Constraint("range-check minimum", 1, _FIRST),
            Constraint("first offset is the program's", 1, _FIRST),
            Constraint("range-check permutation first row", 1, _FIRST),
            Constraint("range-check maximum", 1, _LAST),
            Constraint("range-check permutation last row", 1, _LAST),
        ]
        if lay.rc_builtin:
            c += [
                Constraint("range_check selector is a bit", 2, _ALL),
                Constraint("range_check value is the sum of its parts", 2, _ALL),
                Constraint("range_check address step", 1, _TRANSITION),
                Constraint("range_check first address", 1, _FIRST),
                Constraint("range_check first cell is used", 1, _FIRST),
                Constraint("range_check last address", 1, _LAST),
            ]
        c += [
            Constraint("initial pc", 1, _FIRST),
            Constraint("initial ap", 1, _FIRST),
            Constraint("initial fp", 1, _FIRST),
            Constraint("final pc", 1, _LAST),
            Constraint("final ap", 1, _LAST),
            Constraint("final fp", 1, _LAST),
        ]
        return c

    def context(self, challenges: Sequence[Felt]) -> CairoChallenges:
        alpha, z_mem, z_rc = challenges
        cells = public_memory(self.pub)
        denominator = 1
        for address, value in cells:
            denominator = denominator * (z_mem - address - alpha * value) % P
        memory_final = pow(z_mem, len(cells), P) * inv(denominator) % P
        rc_first = (z_rc - self.first_off_dst) * inv(z_rc - self.pub.rc_min) % P
        return CairoChallenges(alpha, z_mem, z_rc, memory_final, rc_first)

    def evaluate(self, ctx: object, cur: Sequence[Felt], nxt: Sequence[Felt]) -> list[int]:
        assert isinstance(ctx, CairoChallenges)
        lay = self.layout
        pub = self.pub
        out: list[int] = []
        push = out.append

        # flags and decomposition
        prefixes = cur[FLAG0 : FLAG0 + 16]
        f = [prefixes[i] - 2 * prefixes[i + 1] for i in range(15)]
        for b in f:
            push(b * b - b)
        push(prefixes[15])
        off_dst, off_op0, off_op1 = cur[OFF_DST], cur[OFF_OP0], cur[OFF_OP1]
        inst = cur[INST]
        push(inst - (off_dst + (off_op0 << 16) + (off_op1 << 32) + (prefixes[0] << 48)))
        for group in FLAG_GROUPS.values():
            s = sum(f[i] for i in group)
            push(s * s - s)
        jnz = f[PC_JNZ]
        call, ret, assert_eq = f[OPCODE_CALL], f[OPCODE_RET], f[OPCODE_ASSERT_EQ]
        res_add, res_mul = f[RES_ADD], f[RES_MUL]
        op1_imm, op1_fp, op1_ap = f[OP1_IMM], f[OP1_FP], f[OP1_AP]
        ap_add, ap_add1 = f[AP_ADD], f[AP_ADD1]
        jump_abs, jump_rel = f[PC_JUMP_ABS], f[PC_JUMP_REL]
        dst_reg, op0_reg = f[DST_REG], f[OP0_REG]
        push(jnz * (res_add + res_mul))
        push(jnz * ap_add)
        push(jnz * assert_eq)
        push(call * (ap_add + ap_add1))
        push(op1_imm * (off_op1 - OFFSET_BIAS - 1))

        # operands
        pc, ap, fp = cur[PC], cur[AP], cur[FP]
        dst, op0, op1 = cur[DST], cur[OP0], cur[OP1]
        res, t0, t1, mul = cur[RES], cur[T0], cur[T1], cur[MUL]
        push(cur[DST_ADDR] - (dst_reg * fp + (1 - dst_reg) * ap + off_dst - OFFSET_BIAS))
        push(cur[OP0_ADDR] - (op0_reg * fp + (1 - op0_reg) * ap + off_op0 - OFFSET_BIAS))
        push(
            cur[OP1_ADDR]
            - (
                op1_imm * pc
                + op1_ap * ap
                + op1_fp * fp
                + (1 - op1_imm - op1_ap - op1_fp) * op0
                + off_op1
                - OFFSET_BIAS
            )
        )
        push(mul - op0 * op1)
        push(
            (1 - jnz) * res
            - (res_add * (op0 + op1) + res_mul * mul + (1 - res_add - res_mul - jnz) * op1)
        )
        push(t0 - jnz * dst)
        push(t1 - t0 * res)

        # registers
        size = op1_imm + 1
        next_pc, next_ap, next_fp = nxt[PC], nxt[AP], nxt[FP]
        push(next_ap - (ap + ap_add * res + ap_add1 + 2 * call))
        push(next_fp - (ret * dst + call * (ap + 2) + (1 - ret - call) * fp))
        push((t1 - jnz) * (next_pc - (pc + size)))
        push(
            t0 * (next_pc - (pc + op1))
            + (1 - jnz) * next_pc
            - (
                (1 - jump_abs - jump_rel - jnz) * (pc + size)
                + jump_abs * res
                + jump_rel * (pc + res)
            )
        )

        # opcodes
        push(call * (dst - fp))
        push(call * (op0 - (pc + size)))
        push(call * (off_dst - OFFSET_BIAS))
        push(call * (off_op0 - OFFSET_BIAS - 1))
        push(call * (dst_reg + op0_reg))
        push(ret * (off_dst - OFFSET_BIAS + 2))
        push(ret * (off_op1 - OFFSET_BIAS + 1))
        push(ret * (jump_abs + dst_reg + op1_fp + (1 - res_add - res_mul) - 4))
        push(assert_eq * (res - dst))

        # memory: continuity, single value, permutation over the row-major slot order
        alpha, z = ctx.alpha, ctx.z_memory
        sorted_mem = lay.sorted_memory
        slots = lay.memory_slots
        products = lay.memory_products
        k = len(slots)
        for j in range(1, k):
            a_prev, v_prev = cur[sorted_mem[j - 1][0]], cur[sorted_mem[j - 1][1]]
            a_j, v_j = cur[sorted_mem[j][0]], cur[sorted_mem[j][1]]
            da = a_j - a_prev
            push(da * da - da)
            push((v_j - v_prev) * (da - 1))
            u = (z - cur[slots[j][0]] - alpha * cur[slots[j][1]]) % P
            s = (z - a_j - alpha * v_j) % P
            push(s * cur[products[j]] - u * cur[products[j - 1]])
        a_last, v_last = cur[sorted_mem[k - 1][0]], cur[sorted_mem[k - 1][1]]
        a_next, v_next = nxt[sorted_mem[0][0]], nxt[sorted_mem[0][1]]
        da = a_next - a_last
        push(da * da - da)
        push((v_next - v_last) * (da - 1))
        u = (z - nxt[slots[0][0]] - alpha * nxt[slots[0][1]]) % P
        s = (z - a_next - alpha * v_next) % P
        push(s * nxt[products[0]] - u * cur[products[k - 1]])
        push(cur[sorted_mem[0][0]] - 1)
        push(cur[sorted_mem[0][1]] - self.first_instruction)
        push(inst - self.first_instruction)
        push(cur[products[0]] - 1)
        push(cur[products[k - 1]] - ctx.memory_final)

        # range checks: continuity and permutation
        zr = ctx.z_rc
        sorted_rc = lay.sorted_rc
        rc_slots = lay.rc_slots
        rc_products = lay.rc_products
        k = len(rc_slots)
        for j in range(1, k):
            r_j = cur[sorted_rc[j]]
            dr = r_j - cur[sorted_rc[j - 1]]
            push(dr * dr - dr)
            push(
                (zr - r_j) * cur[rc_products[j]] - (zr - cur[rc_slots[j]]) * cur[rc_products[j - 1]]
            )
        r_next = nxt[sorted_rc[0]]
        dr = r_next - cur[sorted_rc[k - 1]]
        push(dr * dr - dr)
        push(
            (zr - r_next) * nxt[rc_products[0]] - (zr - nxt[rc_slots[0]]) * cur[rc_products[k - 1]]
        )
        push(cur[sorted_rc[0]] - pub.rc_min)
        push(off_dst - self.first_off_dst)
        push(cur[rc_products[0]] - ctx.rc_first)
        push(cur[sorted_rc[k - 1]] - pub.rc_max)
        push(cur[rc_products[k - 1]] - 1)

        # range_check builtin
        if lay.rc_builtin:
            sel = cur[lay.rcb_selector]
            value = 0
            for i, col in enumerate(lay.rcb_parts):
                value += cur[col] << (16 * i)
            push(sel * sel - sel)
            push(sel * (cur[lay.rcb_value] - value))
            push(nxt[lay.rcb_addr] - cur[lay.rcb_addr] - nxt[lay.rcb_selector])
            push(cur[lay.rcb_addr] - pub.rc_begin)
            push(sel - 1)
            push(cur[lay.rcb_addr] - (pub.rc_stop - 1))

        # boundary registers
        push(pc - pub.pc_init)
        push(ap - pub.ap_init)
        push(fp - pub.fp_init)
        push(pc - pub.pc_final)
        push(ap - pub.ap_final)
        push(fp - pub.fp_final)
        return out
