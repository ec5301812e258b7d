"""The round timer: a deadline on the event loop's clock that the core resets each round."""

from __future__ import annotations

import time


class Timer:
    """Tracks when the current round times out."""

    def __init__(self, duration_ms: int) -> None:
        self.duration = duration_ms / 1000
        self.deadline = time.monotonic() + self.duration

    def reset(self) -> None:
        self.deadline = time.monotonic() + self.duration

    def remaining(self) -> float:
        """Seconds until the deadline (<= 0 once expired)."""
        return self.deadline - time.monotonic()
