"""The public statement of a Cairo proof, its encoding, its checks and its public memory.

The statement says: the program whose bytecode is ``bytecode`` (loaded at address ``pc_init``)
ran in proof mode for ``2^log_n`` steps, from the registers ``(pc_init, ap_init, fp_init)`` to
``(pc_final, ap_final, fp_final)``, with the builtins listed, writing ``output`` to its output
segment and keeping every cell of ``[rc_begin, rc_stop)`` below 2^128.  The verifier derives the
public memory from it: the bytecode, the initial stack ``[fp, 0, builtin bases…]`` just below
``ap_init``, the final stack of builtin stop pointers just below ``ap_final``, and the output
cells.  Pure standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import blake2s

from .encoding import Reader, Writer
from .errors import InvalidProof
from .field import Felt, P

LAYOUTS: dict[str, tuple[str, ...]] = {
    "plain": (),
    "small": ("output", "range_check"),
}
"""Each supported layout and the builtins (in their canonical order) it may use."""

_LAYOUT_CODES = {"plain": 0, "small": 1}
_BUILTIN_CODES = {"output": 1, "range_check": 2}

JMP_REL_0 = 0x10780017FFF7FFF
"""The instruction ``jmp rel 0`` (followed by its immediate 0) that ends a proof-mode run."""
AP_ADD_IMM = 0x40780017FFF7FFF
"""``ap += imm``: the first instruction of the proof-mode prologue."""
CALL_REL_IMM = 0x1104800180018000
"""``call rel imm``: the prologue's call of main."""
END_OFFSET = 4
"""The prologue ``ap += k; call rel main; jmp rel 0`` puts ``__end__`` at offset 4."""

MIN_LOG_N = 3
MAX_LOG_N = 30
MAX_FILLERS = 64
MAX_PROGRAM = 1 << 20
MAX_OUTPUT = 1 << 20
RC_BOUND = 1 << 16


@dataclass(frozen=True, kw_only=True)
class CairoPublicInput:
    layout: str
    builtins: tuple[str, ...]
    log_n: int
    memory_fillers: int
    rc_fillers: int
    pc_init: int
    ap_init: int
    fp_init: int
    pc_final: int
    ap_final: int
    fp_final: int
    output_begin: int
    rc_begin: int
    rc_stop: int
    rc_min: int
    rc_max: int
    bytecode: tuple[Felt, ...]
    output: tuple[Felt, ...]

    @property
    def steps(self) -> int:
        return 1 << self.log_n

    @property
    def output_stop(self) -> int:
        return self.output_begin + len(self.output)

    @property
    def rc_cells(self) -> int:
        return self.rc_stop - self.rc_begin

    @property
    def program_hash(self) -> str:
        return program_hash(self.bytecode)


def program_hash(program_bytecode: list[int] | tuple[int, ...]) -> str:
    """The program's identity: blake2s-256 of its length and bytecode words, as 0x-hex."""
    h = blake2s(digest_size=32, person=b"stkprog")
    h.update(len(program_bytecode).to_bytes(4, "big"))
    for word in program_bytecode:
        if not 0 <= word < P:
            raise ValueError("bytecode words are field elements")
        h.update(word.to_bytes(32, "big"))
    return "0x" + h.hexdigest()


def encode_public_input(w: Writer, pub: CairoPublicInput) -> None:
    w.u8(_LAYOUT_CODES[pub.layout])
    w.u8(len(pub.builtins))
    for name in pub.builtins:
        w.u8(_BUILTIN_CODES[name])
    w.u8(pub.log_n)
    w.u8(pub.memory_fillers)
    w.u8(pub.rc_fillers)
    for value in (pub.pc_init, pub.ap_init, pub.fp_init, pub.pc_final, pub.ap_final, pub.fp_final):
        w.u64(value)
    w.u64(pub.output_begin)
    w.u64(pub.rc_begin)
    w.u64(pub.rc_stop)
    w.u32(pub.rc_min)
    w.u32(pub.rc_max)
    w.felts(pub.bytecode)
    w.felts(pub.output)


def decode_public_input(r: Reader) -> CairoPublicInput:
    layout_code = r.u8("layout")
    layouts = {v: k for k, v in _LAYOUT_CODES.items()}
    if layout_code not in layouts:
        raise InvalidProof(f"malformed proof: unknown layout code {layout_code}")
    n_builtins = r.u8("number of builtins")
    if n_builtins > len(_BUILTIN_CODES):
        raise InvalidProof(f"malformed proof: {n_builtins} builtins")
    names = {v: k for k, v in _BUILTIN_CODES.items()}
    builtins = []
    for _ in range(n_builtins):
        code = r.u8("builtin")
        if code not in names:
            raise InvalidProof(f"malformed proof: unknown builtin code {code}")
        builtins.append(names[code])
    log_n = r.u8("trace length")
    memory_fillers = r.u8("memory filler columns")
    rc_fillers = r.u8("range-check filler columns")
    registers = [r.u64("register") for _ in range(6)]
    output_begin = r.u64("output segment start")
    rc_begin = r.u64("range-check segment start")
    rc_stop = r.u64("range-check segment stop")
    rc_min = r.u32("rc_min")
    rc_max = r.u32("rc_max")
    bytecode = r.felts("bytecode", MAX_PROGRAM)
    output = r.felts("output", MAX_OUTPUT)
    return CairoPublicInput(
        layout=layouts[layout_code],
        builtins=tuple(builtins),
        log_n=log_n,
        memory_fillers=memory_fillers,
        rc_fillers=rc_fillers,
        pc_init=registers[0],
        ap_init=registers[1],
        fp_init=registers[2],
        pc_final=registers[3],
        ap_final=registers[4],
        fp_final=registers[5],
        output_begin=output_begin,
        rc_begin=rc_begin,
        rc_stop=rc_stop,
        rc_min=rc_min,
        rc_max=rc_max,
        bytecode=bytecode,
        output=output,
    )


def check_public_input(pub: CairoPublicInput) -> None:
    """Reject statements that are not of the proof-mode shape this AIR proves.

    Raises InvalidProof with the reason.
    """

    def bad(reason: str) -> InvalidProof:
        return InvalidProof(f"public input rejected: {reason}")

    allowed = LAYOUTS[pub.layout]
    if tuple(b for b in allowed if b in pub.builtins) != pub.builtins:
        raise bad(f"builtins {list(pub.builtins)} are not an ordered subset of {list(allowed)}")
    if not MIN_LOG_N <= pub.log_n <= MAX_LOG_N:
        raise bad(f"trace length 2^{pub.log_n} outside 2^{MIN_LOG_N}..2^{MAX_LOG_N}")
    if not 1 <= pub.memory_fillers <= MAX_FILLERS:
        raise bad(f"{pub.memory_fillers} memory filler columns outside 1..{MAX_FILLERS}")
    if not 0 <= pub.rc_fillers <= MAX_FILLERS:
        raise bad(f"{pub.rc_fillers} range-check filler columns outside 0..{MAX_FILLERS}")
    if not pub.bytecode:
        raise bad("empty program")
    if pub.pc_init != 1:
        raise bad(f"initial pc {pub.pc_init} is not the program's first address 1")
    if pub.ap_init != pub.fp_init:
        raise bad("initial ap and fp differ")
    if pub.fp_final != pub.fp_init:
        raise bad("final fp differs from the initial fp")
    program_stop = pub.pc_init + len(pub.bytecode)
    if pub.ap_init - 2 < program_stop:
        raise bad("the execution segment overlaps the program")
    prologue = pub.bytecode[: END_OFFSET + 2]
    if (
        len(prologue) < END_OFFSET + 2
        or prologue[0] != AP_ADD_IMM
        or prologue[1] != len(pub.builtins)
        or prologue[2] != CALL_REL_IMM
        or prologue[END_OFFSET:] != (JMP_REL_0, 0)
    ):
        raise bad("the program does not start with the proof-mode prologue for its builtins")
    if pub.pc_final != pub.pc_init + END_OFFSET:
        raise bad("the final pc is not the end of the proof-mode prologue (main did not return)")
    if pub.ap_final < pub.ap_init + len(pub.builtins):
        raise bad("the final ap lies below the initial stack")
    if "output" in pub.builtins:
        if pub.output_begin < pub.ap_final:
            raise bad("the output segment overlaps the execution segment")
    elif pub.output_begin != 0 or pub.output:
        raise bad("output stated without the output builtin")
    if "range_check" in pub.builtins:
        floor = pub.output_stop if "output" in pub.builtins else pub.ap_final
        if pub.rc_begin < floor:
            raise bad("the range-check segment overlaps an earlier segment")
        if not pub.rc_begin <= pub.rc_stop <= pub.rc_begin + pub.steps:
            raise bad("the range-check segment is negative or larger than the trace allows")
    elif pub.rc_begin != 0 or pub.rc_stop != 0:
        raise bad("a range-check segment stated without the range_check builtin")
    if not 0 <= pub.rc_min <= pub.rc_max < RC_BOUND:
        raise bad(f"range-check bounds [{pub.rc_min}, {pub.rc_max}] not within [0, 2^16)")
    for value in (pub.ap_final, pub.output_stop, pub.rc_stop):
        if value >= P:
            raise bad("an address exceeds the field")


def builtin_bases_and_stops(pub: CairoPublicInput) -> list[tuple[int, int]]:
    """(base, stop) pointer of each builtin, in the program's builtin order."""
    out = []
    for name in pub.builtins:
        if name == "output":
            out.append((pub.output_begin, pub.output_stop))
        else:
            out.append((pub.rc_begin, pub.rc_stop))
    return out


def public_memory(pub: CairoPublicInput) -> list[tuple[int, Felt]]:
    """Every (address, value) cell the statement fixes, sorted by address.

    Raises InvalidProof if two of them share an address.
    """
    cells: dict[int, Felt] = {}

    def put(address: int, value: Felt) -> None:
        if address in cells:
            raise InvalidProof(f"public input rejected: two public memory cells at {address}")
        cells[address] = value % P

    for i, word in enumerate(pub.bytecode):
        put(pub.pc_init + i, word)
    pointers = builtin_bases_and_stops(pub)
    put(pub.ap_init - 2, pub.fp_init)
    put(pub.ap_init - 1, 0)
    for i, (base, _) in enumerate(pointers):
        put(pub.ap_init + i, base)
    for i, (_, stop) in enumerate(pointers):
        put(pub.ap_final - len(pointers) + i, stop)
    for i, value in enumerate(pub.output):
        put(pub.output_begin + i, value)
    return sorted(cells.items())
