"""The algebraic intermediate representation (AIR) interface shared by prover and verifier.

An AIR fixes a trace of ``2^log_n`` rows: ``main_width`` columns committed first, then
``num_challenges`` random challenges, then ``aux_width`` columns that may depend on them.  Its
constraints are polynomial expressions in a *frame* (the row and the next row, over all columns);
each holds on a domain of rows: every row, every row but the last (transitions), or the first or
last row only.  The verifier evaluates them at one out-of-domain point; the prover at every point
of its evaluation domain.  Pure standard library.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from .field import Felt, P, inv, root_of_unity


class Domain(Enum):
    """The rows a constraint holds on, hence its zerofier."""

    ALL = "all rows"  # X^n − 1
    TRANSITION = "all rows but the last"  # (X^n − 1) / (X − g^(n−1))
    FIRST = "first row"  # X − 1
    LAST = "last row"  # X − g^(n−1)


DOMAINS: tuple[Domain, ...] = (Domain.ALL, Domain.TRANSITION, Domain.FIRST, Domain.LAST)


@dataclass(frozen=True)
class Constraint:
    name: str
    degree: int
    domain: Domain


class Air(ABC):
    """A statement about a trace.  Subclasses fix widths, constraints and their evaluation."""

    log_n: int
    main_width: int
    aux_width: int
    num_challenges: int
    constraints: tuple[Constraint, ...]

    @property
    def trace_length(self) -> int:
        return 1 << self.log_n

    @property
    def width(self) -> int:
        return self.main_width + self.aux_width

    @abstractmethod
    def context(self, challenges: Sequence[Felt]) -> object:
        """Precompute whatever the constraints need from the interaction challenges."""

    @abstractmethod
    def evaluate(self, ctx: object, cur: Sequence[Felt], nxt: Sequence[Felt]) -> list[int]:
        """The constraint numerators at one point, in the order of ``constraints``.

        ``cur`` and ``nxt`` hold every column (main, then auxiliary) at x and at x·g.  The
        results may be unreduced integers; callers reduce them modulo p.
        """

    def max_degree(self) -> int:
        return max(c.degree for c in self.constraints)


def quotient_degree_bound(constraint: Constraint, log_n: int) -> int:
    """An exclusive bound on the degree of numerator / zerofier for a satisfying trace."""
    n = 1 << log_n
    zerofier_degree = {
        Domain.ALL: n,
        Domain.TRANSITION: n - 1,
        Domain.FIRST: 1,
        Domain.LAST: 1,
    }[constraint.domain]
    return max(0, constraint.degree * (n - 1) - zerofier_degree) + 1


def composition_parts(air: Air) -> int:
    """How many degree-<n pieces the composition polynomial is split into."""
    n = air.trace_length
    bound = max(
        quotient_degree_bound(c, air.log_n)
        for c in {(c.degree, c.domain): c for c in air.constraints}.values()
    )
    return max(1, -(-bound // n))


def zerofier_inverses(z: Felt, log_n: int) -> dict[Domain, Felt]:
    """1 / Z_D(z) for each domain D; raises ZeroDivisionError if z is in the trace domain."""
    n = 1 << log_n
    last = pow(root_of_unity(log_n), n - 1, P)
    vanish_inv = inv(pow(z, n, P) - 1)
    return {
        Domain.ALL: vanish_inv,
        Domain.TRANSITION: (z - last) * vanish_inv % P,
        Domain.FIRST: inv(z - 1),
        Domain.LAST: inv(z - last),
    }


def composition_at(
    air: Air,
    ctx: object,
    cur: Sequence[Felt],
    nxt: Sequence[Felt],
    coefficients: Sequence[Felt],
    z: Felt,
) -> Felt:
    """Σ coefficientᵢ · numeratorᵢ(z) / zerofierᵢ(z): the composition polynomial at z."""
    numerators = air.evaluate(ctx, cur, nxt)
    inverses = zerofier_inverses(z, air.log_n)
    sums = dict.fromkeys(DOMAINS, 0)
    for constraint, coefficient, value in zip(
        air.constraints, coefficients, numerators, strict=True
    ):
        sums[constraint.domain] += coefficient * value
    return sum(sums[d] % P * inverses[d] for d in DOMAINS) % P
