"""Starknet's Poseidon sponge compiled with numba, on the prover's Montgomery limbs.

Imported only where numba is installed (:mod:`nodes.poseidon` decides). The state is three
field elements in Montgomery form (:mod:`stark.kernels.montgomery`); each permutation is 4 full
rounds, 83 partial rounds and 4 full rounds of: add the round's constants, cube (all three
elements in a full round, the last one in a partial round), multiply by the MDS matrix
[[3, 1, 1], [1, -1, 1], [1, 1, -2]], done with additions.
"""

from __future__ import annotations

import numpy as np

from stark.field import P
from stark.kernels.jit import kernel
from stark.kernels.montgomery import (
    MONT_ONE,
    ZERO,
    R,
    add,
    from_mont,
    limbs_of,
    load,
    mul,
    store,
    sub,
    to_mont,
)

HALF_FULL = 4


def constants_array(constants: list[tuple[int, int, int]]) -> np.ndarray:
    """The round constants as a (rounds, 3, 4) uint64 array in Montgomery form."""
    return np.array(
        [[limbs_of(c * R % P) for c in row] for row in constants],
        dtype=np.uint64,
    )


def limbs(values: list[int]) -> np.ndarray:
    """Field elements (below p) as an (n, 4) uint64 array of canonical limbs."""
    if not values:
        return np.zeros((0, 4), dtype=np.uint64)
    data = b"".join(v.to_bytes(32, "little") for v in values)
    return np.frombuffer(data, dtype="<u8").reshape(-1, 4)


@kernel()
def hash_many(values, ark, out):
    """out ← the Poseidon hash of ``values`` ((n, 4) canonical limbs): absorb two elements
    at a time after padding with 1 and then 0 to an even length; out = first state element."""
    n = values.shape[0]
    rounds = ark.shape[0]
    s0 = ZERO
    s1 = ZERO
    s2 = ZERO
    padded = n + 1 + (n + 1) % 2
    for i in range(0, padded, 2):
        for j in range(i, i + 2):
            if j < n:
                v = to_mont(load(values, j))
            elif j == n:
                v = MONT_ONE
            else:
                v = ZERO
            if j == i:
                s0 = add(s0, v)
            else:
                s1 = add(s1, v)
        for r in range(rounds):
            s0 = add(s0, load(ark[r], 0))
            s1 = add(s1, load(ark[r], 1))
            s2 = add(s2, load(ark[r], 2))
            if r < HALF_FULL or r >= rounds - HALF_FULL:
                s0 = mul(mul(s0, s0), s0)
                s1 = mul(mul(s1, s1), s1)
            s2 = mul(mul(s2, s2), s2)
            pair = add(s0, s1)
            s0, s1, s2 = (
                add(add(pair, s2), add(s0, s0)),
                sub(add(s0, s2), s1),
                sub(pair, add(s2, s2)),
            )
    store(out, 0, from_mont(s0))
