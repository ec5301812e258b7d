"""Reference values the tests check the system against, computed independently in Python."""

from __future__ import annotations

PRIME = 2**251 + 17 * 2**192 + 1


def fib(n: int) -> int:
    """fibonacci(n) in the field of Cairo values: fib(0) = 0, fib(1) = 1."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, (a + b) % PRIME
    return a


def fact(n: int) -> int:
    """n! in the field of Cairo values."""
    r = 1
    for k in range(2, n + 1):
        r = r * k % PRIME
    return r
