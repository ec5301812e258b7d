"""Hints, implemented natively: each supported hint is recognised by its exact code text.

Hint code is never executed. A program's hint whose text is not in :data:`HINTS` is an
:class:`UnknownHintError` naming it, raised when the run reaches it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cairovm.errors import HintError, ProgramInputError, UnknownHintError
from cairovm.felt import PRIME, RC_BOUND
from cairovm.memory import key_of, rel_of
from cairovm.program import Hint, Program
from cairovm.references import Reference, address_of, evaluate
from cairovm.relocatable import MaybeRel, Rel


class HintContext:
    """What a hint sees: memory, registers, ``ids``, scopes, segments and the program input."""

    def __init__(self, vm: Any, hint: Hint, pc: int, ap: int, fp: int) -> None:
        self.vm = vm
        self.hint = hint
        self.pc = pc
        self.ap = ap
        self.fp = fp

    # --- memory ---------------------------------------------------------------------------
    def read(self, addr: Rel) -> MaybeRel:
        value = self.vm.mem.get(key_of(addr))
        if value is None:
            raise HintError(f"unknown value for memory cell at address {addr}")
        return value

    def write(self, addr: Rel, value: MaybeRel) -> None:
        self.vm.write_checked(key_of(addr), value)

    # --- ids ------------------------------------------------------------------------------
    def _reference(self, name: str) -> Reference:
        for scope in reversed(self.hint.accessible_scopes):
            idx = self.hint.reference_ids.get(f"{scope}.{name}")
            if idx is not None:
                try:
                    return self.vm.program.references[idx]
                except IndexError:
                    raise HintError(f"reference {idx} of ids.{name} does not exist") from None
        raise HintError(f"ids.{name} is not a reference visible to the hint at pc={self.pc}")

    def _ap_for(self, ref: Reference) -> Rel | None:
        if ref.ap_group != self.hint.ap_group:
            return None
        return rel_of(self.ap) + ((ref.ap_offset - self.hint.ap_offset) % PRIME)

    def ids(self, name: str) -> MaybeRel:
        """The value of ``ids.name``."""
        ref = self._reference(name)
        pointee = ref.pointee_type
        if pointee is not None and pointee != "felt" and not pointee.endswith("*"):
            raise HintError(f"ids.{name} has struct type {pointee}, which hints here do not read")
        return evaluate(ref.expr, self._ap_for(ref), rel_of(self.fp), self.read)

    def ids_int(self, name: str) -> int:
        """``ids.name``, which must be a field element (cairo-lang's ``assert_integer``)."""
        value = self.ids(name)
        if type(value) is not int:
            raise HintError(f"Expected integer, found: {value}.")
        return value

    def set_ids(self, name: str, value: MaybeRel) -> None:
        """Assign ``ids.name = value`` (the reference must name a memory cell)."""
        ref = self._reference(name)
        if not ref.is_deref:
            raise HintError(f"ids.{name} is not a memory cell and cannot be assigned")
        self.write(address_of(ref, self._ap_for(ref), rel_of(self.fp), self.read), value)

    # --- scopes, builtins, input ------------------------------------------------------------
    @property
    def scope(self) -> dict[str, Any]:
        return self.vm.scopes[-1]

    def rc_bound(self) -> int:
        if not self.vm.has_range_check:
            raise HintError("this hint needs the range_check builtin, which the layout lacks")
        return RC_BOUND

    def program_input(self) -> Any:
        return self.vm.program_input


# --- starkware.cairo.common -------------------------------------------------------------------


def _alloc(ctx: HintContext) -> None:
    ctx.vm.write_checked(ctx.ap, ctx.vm.segments.add())


def _assert_nn(ctx: HintContext) -> None:
    a = ctx.ids_int("a")
    if not 0 <= a % PRIME < ctx.rc_bound():
        raise HintError(f"a = {a} is out of range.")


def _assert_not_zero(ctx: HintContext) -> None:
    value = ctx.ids_int("value")
    if value % PRIME == 0:
        raise HintError(f"assert_not_zero failed: {value} = 0.")


def _assert_not_equal(ctx: HintContext) -> None:
    a, b = ctx.ids("a"), ctx.ids("b")
    both_ints = type(a) is int and type(b) is int
    both_rel = type(a) is Rel and type(b) is Rel and a.seg == b.seg
    if not (both_ints or both_rel):
        raise HintError(f"assert_not_equal failed: non-comparable values: {a}, {b}.")
    if (a - b) % PRIME == 0:  # type: ignore[operator]
        raise HintError(f"assert_not_equal failed: {a} = {b}.")


def _unsigned_div_rem(ctx: HintContext) -> None:
    div = ctx.ids_int("div")
    if not 0 < div <= PRIME // ctx.rc_bound():
        raise HintError(f"div={hex(div)} is out of the valid range.")
    value = ctx.ids("value")
    if type(value) is not int:
        raise HintError(f"unsigned_div_rem of a pointer {value}")
    q, r = divmod(value, div)
    ctx.set_ids("q", q)
    ctx.set_ids("r", r)


def _is_nn(ctx: HintContext) -> None:
    a = ctx.ids_int("a")
    ctx.vm.write_checked(ctx.ap, 0 if 0 <= a % PRIME < ctx.rc_bound() else 1)


def _is_nn_out_of_range(ctx: HintContext) -> None:
    a = ctx.ids_int("a")
    ctx.vm.write_checked(ctx.ap, 0 if 0 <= (-a - 1) % PRIME < ctx.rc_bound() else 1)


def _memcpy_enter(ctx: HintContext) -> None:
    ctx.vm.scopes.append({"n": ctx.ids("len")})


def _memcpy_loop(ctx: HintContext) -> None:
    n = ctx.scope.get("n")
    if not isinstance(n, int):
        raise HintError("memcpy loop hint outside its scope")
    n -= 1
    ctx.scope["n"] = n
    ctx.set_ids("continue_copying", 1 if n > 0 else 0)


def _exit_scope(ctx: HintContext) -> None:
    if len(ctx.vm.scopes) <= 1:
        raise HintError("vm_exit_scope() with no scope to exit")
    ctx.vm.scopes.pop()


# --- starkstack programs -----------------------------------------------------------------------


def _felt_field(obj: dict, key: str, *, hex_string: bool, limit: int = PRIME) -> int:
    if key not in obj:
        raise ProgramInputError(f"program input: missing field {key!r}")
    value = obj[key]
    if hex_string:
        if not isinstance(value, str) or not value.startswith("0x"):
            raise ProgramInputError(f"program input: {key!r} must be a 0x-prefixed hex string")
        try:
            value = int(value, 16)
        except ValueError:
            raise ProgramInputError(
                f"program input: {key!r} is not hexadecimal: {obj[key]!r}"
            ) from None
    elif not isinstance(value, int) or isinstance(value, bool):
        raise ProgramInputError(f"program input: {key!r} must be an integer, got {value!r}")
    if not 0 <= value < limit:
        raise ProgramInputError(f"program input: {key!r} = {value} is out of range [0, {limit})")
    return value


def _read_n(ctx: HintContext) -> None:
    data = ctx.program_input()
    if not isinstance(data, dict):
        raise ProgramInputError('program input must be a JSON object like {"n": 10}')
    ctx.set_ids("n", _felt_field(data, "n", hex_string=False))


def _read_block(ctx: HintContext) -> None:
    data = ctx.program_input()
    if not isinstance(data, dict):
        raise ProgramInputError("program input must be a JSON object (the block)")
    number = _felt_field(data, "block_number", hex_string=False)
    block_hash = _felt_field(data, "block_hash", hex_string=True)
    txs = data.get("transactions")
    if not isinstance(txs, list):
        raise ProgramInputError("program input: 'transactions' must be a list")
    flat: list[int] = []
    for i, tx in enumerate(txs):
        if not isinstance(tx, dict):
            raise ProgramInputError(f"program input: transaction {i} is not an object")
        flat += [
            _felt_field(tx, "hash", hex_string=True),
            _felt_field(tx, "selector", hex_string=False),
            _felt_field(tx, "n", hex_string=False),
        ]
    ctx.set_ids("block_number", number)
    ctx.set_ids("block_hash", block_hash)
    ctx.set_ids("n_txs", len(txs))
    base = ctx.vm.segments.add()
    for i, value in enumerate(flat):
        ctx.vm.write_checked(key_of(base) + i, value)
    ctx.set_ids("txs", base)


#: Program input hints of the shipped programs (their Cairo text is in cairovm/programs/).
READ_N_HINT = "ids.n = program_input['n']"
READ_BLOCK_HINT = """\
ids.block_number = program_input['block_number']
ids.block_hash = int(program_input['block_hash'], 16)
txs = program_input['transactions']
ids.n_txs = len(txs)
ids.txs = segments.gen_arg(
    [v for tx in txs for v in (int(tx['hash'], 16), tx['selector'], tx['n'])])"""

HINTS: dict[str, Callable[[HintContext], None]] = {
    "memory[ap] = segments.add()": _alloc,
    "from starkware.cairo.common.math_utils import assert_integer\n"
    "assert_integer(ids.a)\n"
    "assert 0 <= ids.a % PRIME < range_check_builtin.bound, f'a = {ids.a} is out of range.'": _assert_nn,
    "from starkware.cairo.common.math_utils import assert_integer\n"
    "assert_integer(ids.value)\n"
    "assert ids.value % PRIME != 0, f'assert_not_zero failed: {ids.value} = 0.'": _assert_not_zero,
    "from starkware.cairo.lang.vm.relocatable import RelocatableValue\n"
    "both_ints = isinstance(ids.a, int) and isinstance(ids.b, int)\n"
    "both_relocatable = (\n"
    "    isinstance(ids.a, RelocatableValue) and isinstance(ids.b, RelocatableValue) and\n"
    "    ids.a.segment_index == ids.b.segment_index)\n"
    "assert both_ints or both_relocatable, \\\n"
    "    f'assert_not_equal failed: non-comparable values: {ids.a}, {ids.b}.'\n"
    "assert (ids.a - ids.b) % PRIME != 0, f'assert_not_equal failed: {ids.a} = {ids.b}.'": _assert_not_equal,
    "from starkware.cairo.common.math_utils import assert_integer\n"
    "assert_integer(ids.div)\n"
    "assert 0 < ids.div <= PRIME // range_check_builtin.bound, \\\n"
    "    f'div={hex(ids.div)} is out of the valid range.'\n"
    "ids.q, ids.r = divmod(ids.value, ids.div)": _unsigned_div_rem,
    "memory[ap] = 0 if 0 <= (ids.a % PRIME) < range_check_builtin.bound else 1": _is_nn,
    "memory[ap] = 0 if 0 <= ((-ids.a - 1) % PRIME) < range_check_builtin.bound else 1": _is_nn_out_of_range,
    "vm_enter_scope({'n': ids.len})": _memcpy_enter,
    "n -= 1\nids.continue_copying = 1 if n > 0 else 0": _memcpy_loop,
    "vm_exit_scope()": _exit_scope,
    READ_N_HINT: _read_n,
    READ_BLOCK_HINT: _read_block,
}


def normalize(code: str) -> str:
    """Hint text as compared with :data:`HINTS`: trailing white space of lines removed."""
    return "\n".join(line.rstrip() for line in code.strip().splitlines())


def resolve(program: Program, pc: int) -> list[tuple[Hint, Callable[[HintContext], None]]]:
    """The native implementations of the hints at ``pc``.

    Raises:
        UnknownHintError: a hint at ``pc`` is not supported.
    """
    out = []
    for hint in program.hints.get(pc, ()):
        impl = HINTS.get(normalize(hint.code))
        if impl is None:
            raise UnknownHintError(pc, hint.code)
        out.append((hint, impl))
    return out
