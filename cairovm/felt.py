"""The field of Cairo values: integers modulo the Stark prime."""

from __future__ import annotations

#: The Stark prime, p = 2^251 + 17·2^192 + 1: every Cairo value is an element of F_p.
PRIME = 2**251 + 17 * 2**192 + 1

#: Values a range-check cell may hold lie in [0, RC_BOUND).
RC_BOUND = 2**128


def to_signed(value: int) -> int:
    """Map a field element to the representative in (-p/2, p/2]."""
    return value - PRIME if value > PRIME // 2 else value
