"""Configuration of the prover, read from the environment once.

``STARK_KERNELS`` picks the arithmetic kernels (``auto``, the default: compiled when numba imports,
else plain Python; or ``numba``, ``python``); ``PROOF_PRESET`` the default
preset of the command line and of :func:`stark.prove_program` (default ``secure``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, kw_only=True)
class StarkConfig:
    kernels: str = "auto"
    preset: str = "secure"


@lru_cache(maxsize=1)
def load_config() -> StarkConfig:
    return StarkConfig(
        kernels=os.environ.get("STARK_KERNELS", "auto").strip() or "auto",
        preset=os.environ.get("PROOF_PRESET", "secure").strip() or "secure",
    )
