"""Errors of the Cairo VM: one root, typed children that carry their reason.

Every failure a user can cause (a bad program file, a bad input, a program that fails at run
time) is a :class:`CairoVMError`; the command line prints its message and exits non-zero.
"""

from __future__ import annotations


class CairoVMError(Exception):
    """Root of every error the Cairo VM raises."""


class ProgramLoadError(CairoVMError):
    """The compiled program JSON is missing, malformed or inconsistent."""


class ProgramInputError(CairoVMError):
    """The program input (``--program_input``) is missing or malformed."""


class UnknownHintError(CairoVMError):
    """A hint whose code the VM does not implement natively."""

    def __init__(self, pc: int, code: str) -> None:
        first = code.strip().splitlines()[0] if code.strip() else "<empty>"
        super().__init__(f"unknown hint at pc={pc}: {first!r} (the VM never executes hint code)")
        self.pc = pc
        self.code = code


class HintError(CairoVMError):
    """A supported hint failed, e.g. an assertion of ``assert_nn``."""


class VMRuntimeError(CairoVMError):
    """The program failed while running; the message names the pc and the reason."""


class InconsistentMemoryError(VMRuntimeError):
    """A memory cell was written twice with different values."""


class InvalidInstructionError(VMRuntimeError):
    """An instruction word that is not a valid Cairo instruction."""


class StepLimitError(VMRuntimeError):
    """The run reached its step limit before the program ended."""


class BuiltinError(VMRuntimeError):
    """A builtin's rule was broken (e.g. a range-check value out of range)."""


class CallError(CairoVMError):
    """A sequencer call (selector, n) that cannot be executed."""
