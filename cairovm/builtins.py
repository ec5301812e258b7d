"""Builtin runners and layouts: the segments builtins own and how a proof-mode run sizes them.

The VM runs programs using the ``output`` and ``range_check`` builtins. In proof mode cairo-run
also opens (empty) segments for every other builtin of the layout and sizes them by the layout's
ratios, which moves the relocated addresses of later segments; those are modelled here too, as
segments only, so that relocated files match cairo-run's.
"""

from __future__ import annotations

from dataclasses import dataclass

from cairovm.errors import BuiltinError, CairoVMError
from cairovm.felt import RC_BOUND
from cairovm.memory import OFF_MASK, SEG_SHIFT, Segments, key_of
from cairovm.relocatable import MaybeRel, Rel


class InsufficientAllocatedCells(CairoVMError):
    """The run has too few steps for the builtins' cells; proof mode adds steps."""


@dataclass(frozen=True)
class Layout:
    """A Cairo layout: the builtins it has (with ratios) and its per-step budgets."""

    name: str
    builtins: tuple[tuple[str, int | None], ...]  # (name, ratio); ratio None for output
    rc_units: int = 16
    memory_units_per_step: int = 8
    public_memory_fraction: int = 4


LAYOUTS: dict[str, Layout] = {
    "plain": Layout("plain", ()),
    "small": Layout(
        "small", (("output", None), ("pedersen", 8), ("range_check", 8), ("ecdsa", 512))
    ),
}

#: Builtins whose behaviour the VM implements; others may exist only as empty proof-mode segments.
SUPPORTED_BUILTINS = ("output", "range_check")
_CELLS = {"pedersen": 3, "range_check": 1, "ecdsa": 2}


class BuiltinRunner:
    """A builtin's segment and its accounting, as cairo-lang's runners compute it."""

    def __init__(self, name: str, included: bool, ratio: int | None) -> None:
        self.name = name
        self.included = included
        self.ratio = ratio
        self.cells_per_instance = _CELLS.get(name, 1)
        self.base: Rel | None = None
        self.stop_ptr: MaybeRel | None = None

    # --- set-up -------------------------------------------------------------------------
    def initialize_segment(self, segments: Segments) -> None:
        self.base = segments.add()

    def initial_stack(self) -> list[MaybeRel]:
        return [self.base] if self.included else []  # type: ignore[list-item]

    # --- accounting ---------------------------------------------------------------------
    def used_cells(self, segments: Segments) -> int:
        assert segments.used_sizes is not None and self.base is not None
        return segments.used_sizes[self.base.seg]

    def used_instances(self, segments: Segments) -> int:
        return -(-self.used_cells(segments) // self.cells_per_instance)

    def allocated_instances(self, segments: Segments, steps: int) -> int:
        if self.ratio is None:
            return self.used_instances(segments)
        if steps < self.ratio:
            raise InsufficientAllocatedCells(
                f"Number of steps must be at least {self.ratio} for the {self.name} builtin."
            )
        if steps % self.ratio:
            raise InsufficientAllocatedCells(f"{steps} steps is not a multiple of {self.ratio}.")
        return steps // self.ratio

    def allocated_memory_units(self, segments: Segments, steps: int) -> int:
        if self.ratio is None:
            return 0
        return self.cells_per_instance * self.allocated_instances(segments, steps)

    def used_and_allocated(self, segments: Segments, steps: int) -> tuple[int, int]:
        used = self.used_cells(segments)
        size = self.cells_per_instance * self.allocated_instances(segments, steps)
        if used > size:
            raise InsufficientAllocatedCells(
                f"The {self.name} builtin used {used} cells but the capacity is {size}."
            )
        return used, size

    def perm_range_check_units(self, segments: Segments, steps: int) -> int:
        return 0

    def range_check_usage(self, mem: dict[int, MaybeRel]) -> tuple[int, int] | None:
        return None

    # --- end of the run -----------------------------------------------------------------
    def final_stack(self, mem: dict[int, MaybeRel], segments: Segments, pointer: Rel) -> Rel:
        """Read the builtin's stop pointer from the end of main's return values."""
        assert self.base is not None
        if not self.included:
            self.stop_ptr = self.base
            return pointer
        self.stop_ptr = mem.get(key_of(pointer - 1))  # type: ignore[arg-type]
        used = self.used_instances(segments) * self.cells_per_instance
        if self.stop_ptr != self.base + used:
            raise BuiltinError(
                f"Invalid stop pointer for {self.name}. "
                f"Expected: {self.base + used}, found: {self.stop_ptr}"
            )
        return pointer - 1  # type: ignore[return-value]

    def finalize(self, segments: Segments, steps: int) -> None:
        assert self.base is not None
        _, size = self.used_and_allocated(segments, steps)
        if self.name == "output":
            segments.finalize(self.base.seg, size, [(i, 0) for i in range(size)])
        else:
            segments.finalize(self.base.seg, size)

    def memory_accesses(self, segments: Segments) -> set[int]:
        """Cells the builtin itself accounts for (not memory holes)."""
        if self.name == "output":
            return set()
        assert self.base is not None
        start = self.base.seg << SEG_SHIFT
        return set(range(start, start + segments.size(self.base.seg)))

    def private_input(self, mem: dict[int, MaybeRel]) -> dict[str, list]:
        if self.name == "output":
            return {}
        return {self.name: []}

    def cells(self, mem: dict[int, MaybeRel]) -> list[tuple[int, MaybeRel]]:
        """(offset, value) of the builtin segment's written cells, in memory order."""
        assert self.base is not None
        seg = self.base.seg
        return [(k & OFF_MASK, v) for k, v in mem.items() if k >> SEG_SHIFT == seg]


class RangeCheckRunner(BuiltinRunner):
    """The range_check builtin: every cell holds a value in [0, 2^128), eight 16-bit parts."""

    n_parts = 8
    inner_bound = 2**16
    bound = RC_BOUND

    def validate(self, key: int, value: MaybeRel) -> None:
        if type(value) is not int:
            raise BuiltinError(
                f"Range-check builtin: Expected value at address {key & OFF_MASK} to be an "
                f"integer. Got: {value}."
            )
        if not 0 <= value < self.bound:
            raise BuiltinError(
                f"Value {value}, in range check builtin {key & OFF_MASK}, is out of range "
                f"[0, {self.bound})."
            )

    def perm_range_check_units(self, segments: Segments, steps: int) -> int:
        used, _ = self.used_and_allocated(segments, steps)
        return used * self.n_parts

    def range_check_usage(self, mem: dict[int, MaybeRel]) -> tuple[int, int] | None:
        parts = [
            (v >> (16 * i)) & 0xFFFF
            for _, v in self.cells(mem)
            for i in range(self.n_parts)  # type: ignore[operator]
        ]
        return (min(parts), max(parts)) if parts else None

    def private_input(self, mem: dict[int, MaybeRel]) -> dict[str, list]:
        entries = sorted(self.cells(mem), key=lambda c: c[0])
        return {self.name: [{"index": off, "value": hex(v)} for off, v in entries]}  # type: ignore[arg-type]


def make_runners(
    layout: Layout, program_builtins: tuple[str, ...], proof_mode: bool
) -> list[BuiltinRunner]:
    """The builtin runners of a run, in layout order (cairo-lang's order).

    Raises:
        CairoVMError: the program needs a builtin that the layout lacks or the VM does not run.
    """
    layout_names = [name for name, _ in layout.builtins]
    missing = [b for b in program_builtins if b not in layout_names]
    if missing:
        raise CairoVMError(
            f"Builtins {missing} are not present in layout {layout.name!r}"
            + (" (use --layout small)" if layout.name == "plain" else "")
        )
    order = [layout_names.index(b) for b in program_builtins]
    if order != sorted(order) or len(set(order)) != len(order):
        raise CairoVMError(
            f"The builtins of the %builtins directive must be a subsequence of {layout_names}; "
            f"got {list(program_builtins)}"
        )
    unsupported = [b for b in program_builtins if b not in SUPPORTED_BUILTINS]
    if unsupported:
        raise CairoVMError(f"builtins {unsupported} are not supported by this VM")
    runners: list[BuiltinRunner] = []
    for name, ratio in layout.builtins:
        included = name in program_builtins
        if included or proof_mode:
            cls = RangeCheckRunner if name == "range_check" else BuiltinRunner
            runners.append(cls(name, included, ratio))
    return runners
