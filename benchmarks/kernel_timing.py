"""Where a proof's time goes: a kernels proxy that times every call by method.

:func:`timed_kernels` installs a :class:`TimedKernels` around the configured kernels for the
duration of a ``with`` block (the prover picks it up through :func:`stark.kernels.get_kernels`)
and yields it; its ``seconds`` maps each method to (wall, CPU) seconds summed over calls.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import stark.kernels as kernels_module

# The prover's steps, by the kernel methods that carry them out.
PHASES: dict[str, tuple[str, ...]] = {
    "LDE/NTT": ("matrix", "interpolate", "evaluate", "lde"),
    "hashing (Merkle)": ("merkle_tree", "hash_leaves"),
    "constraint check": ("violated_constraints",),
    "composition": ("composition_values",),
    "out-of-domain": ("evaluate_at",),
    "DEEP": ("deep_composition", "combine", "batch_inverse"),
    "FRI folding": ("fold",),
    "grinding": ("grind",),
    "openings": ("open_rows", "columns"),
}


class TimedKernels:
    """Forwards every method to ``inner``, adding its wall and CPU time to ``seconds``."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.seconds: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])

    def __getattr__(self, attr: str) -> Any:
        target = getattr(self.inner, attr)
        if not callable(target):
            return target

        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return target(*args, **kwargs)
            finally:
                entry = self.seconds[attr]
                entry[0] += time.perf_counter() - wall
                entry[1] += time.process_time() - cpu

        return timed

    def phases(self) -> dict[str, tuple[float, float]]:
        """(wall, CPU) seconds per phase of :data:`PHASES`."""
        out = {}
        for phase, methods in PHASES.items():
            wall = sum(self.seconds[m][0] for m in methods if m in self.seconds)
            cpu = sum(self.seconds[m][1] for m in methods if m in self.seconds)
            out[phase] = (wall, cpu)
        return out


@contextmanager
def timed_kernels(inner: Any | None = None) -> Iterator[TimedKernels]:
    """Install a timing proxy (around ``inner`` or the configured kernels) for the block."""
    previous = kernels_module._KERNELS
    proxy = TimedKernels(inner or kernels_module.get_kernels())
    kernels_module._KERNELS = proxy  # type: ignore[assignment]
    try:
        yield proxy
    finally:
        kernels_module._KERNELS = previous
