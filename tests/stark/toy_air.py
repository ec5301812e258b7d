"""A small AIR used to test the generic prover and verifier.

Columns a, b follow the Fibonacci rule (a' = b, b' = a + b) from a = b = 1; column c cubes itself
(c' = c³, a degree-3 constraint, so the composition has two parts); the auxiliary column acc
accumulates ∏ (γ + a) with the interaction challenge γ.  The claim is b at the last row.
"""

from __future__ import annotations

from stark.air import Air, Constraint, Domain
from stark.field import P


class ToyAir(Air):
    main_width = 3
    aux_width = 1
    num_challenges = 1

    def __init__(self, log_n: int, claimed: int, c0: int = 2) -> None:
        self.log_n = log_n
        self.claimed = claimed
        self.c0 = c0
        self.constraints = (
            Constraint("a' = b", 1, Domain.TRANSITION),
            Constraint("b' = a + b", 1, Domain.TRANSITION),
            Constraint("c' = c^3", 3, Domain.TRANSITION),
            Constraint("a0 = 1", 1, Domain.FIRST),
            Constraint("b0 = 1", 1, Domain.FIRST),
            Constraint("c0", 1, Domain.FIRST),
            Constraint("b_last = claim", 1, Domain.LAST),
            Constraint("acc0", 1, Domain.FIRST),
            Constraint("acc' = acc (gamma + a')", 2, Domain.TRANSITION),
        )

    def context(self, challenges):
        return challenges[0]

    def evaluate(self, ctx, cur, nxt):
        a, b, c, acc = cur
        a1, b1, c1, acc1 = nxt
        gamma = ctx
        return [
            a1 - b,
            b1 - a - b,
            c1 - c * c % P * c,
            a - 1,
            b - 1,
            c - self.c0,
            b - self.claimed,
            acc - (gamma + 1),
            acc1 - acc * (gamma + a1),
        ]


def toy_trace(log_n: int, c0: int = 2) -> tuple[list[list[int]], int]:
    n = 1 << log_n
    a, b, c = [1] * n, [1] * n, [c0] * n
    for i in range(1, n):
        a[i] = b[i - 1]
        b[i] = (a[i - 1] + b[i - 1]) % P
        c[i] = pow(c[i - 1], 3, P)
    return [a, b, c], b[-1]


def toy_aux(main: list[list[int]], gamma: int) -> list[list[int]]:
    a = main[0]
    acc = [0] * len(a)
    running = 1
    for i, v in enumerate(a):
        running = running * (gamma + v) % P
        acc[i] = running
    return [acc]
