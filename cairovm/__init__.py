"""cairovm: a Cairo 0 virtual machine that runs cairo-compile's output exactly as cairo-run does.

Public API::

    program = load_program("cairovm/programs/fibonacci.json")
    result = run_program(program, layout="small", proof_mode=True, program_input={"n": 10})
    result.output, result.steps, result.trace, result.memory, result.public_input
"""

from cairovm.errors import (
    CairoVMError,
    CallError,
    HintError,
    ProgramInputError,
    ProgramLoadError,
    StepLimitError,
    UnknownHintError,
    VMRuntimeError,
)
from cairovm.felt import PRIME
from cairovm.program import Program, load_program
from cairovm.runner import RunResult, TraceEntry, run_program

__all__ = [
    "PRIME",
    "CairoVMError",
    "CallError",
    "HintError",
    "Program",
    "ProgramInputError",
    "ProgramLoadError",
    "RunResult",
    "StepLimitError",
    "TraceEntry",
    "UnknownHintError",
    "VMRuntimeError",
    "load_program",
    "run_program",
]
