"""The calls a transaction makes: calldata ``[0, n]`` is fibonacci(n), ``[1, n]`` factorial(n).

The sequencer executes each call by running the shipped Cairo program; results are memoised,
since a call's result depends only on (selector, n).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cairovm.errors import CairoVMError, CallError
from cairovm.programs import load
from cairovm.runner import run_program

FIBONACCI = 0
FACTORIAL = 1
#: The largest n each call accepts; the block program enforces the same bounds in the proof.
MAX_N = {FIBONACCI: 10_000, FACTORIAL: 2_000}
_PROGRAM = {FIBONACCI: "fibonacci", FACTORIAL: "factorial"}


@dataclass(frozen=True, slots=True)
class CallResult:
    """The result of a call and the Cairo steps it took."""

    result: int
    steps: int


def check_call(selector: int, n: int) -> None:
    """Raise :class:`CallError` unless (selector, n) is a call the chain executes."""
    if isinstance(selector, bool) or not isinstance(selector, int) or selector not in MAX_N:
        raise CallError(f"unknown selector {selector!r}: 0 is fibonacci, 1 is factorial")
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_N[selector]:
        raise CallError(
            f"n = {n!r} is out of range for {_PROGRAM[selector]}: 0 <= n <= {MAX_N[selector]}"
        )


def execute_call(selector: int, n: int) -> CallResult:
    """Run the call's Cairo program and return its result.

    Raises:
        CallError: the selector is unknown or n is out of range.
    """
    check_call(selector, n)
    return _execute(int(selector), int(n))


@lru_cache(maxsize=65536)
def _execute(selector: int, n: int) -> CallResult:
    try:
        res = run_program(load(_PROGRAM[selector]), layout="small", program_input={"n": n})
    except CairoVMError as exc:  # pragma: no cover - the shipped programs do not fail
        raise CallError(f"{_PROGRAM[selector]}({n}) failed: {exc}") from exc
    return CallResult(result=res.output[1], steps=res.steps)
