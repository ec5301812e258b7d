"""Starknet's Poseidon hash, fast.

The node hashes every transaction (Poseidon for INVOKE v3) and every block, and the permutation
starknet-py uses (poseidon_py's C library, reached by ctypes) takes about 70 µs; an INVOKE v3
hash needs up to 13 of them. Here the same function (the Hades permutation of width 3 over the
Stark field: 8 full and 83 partial rounds, round constant k the SHA-256 of ``"Hades<k>"`` mod p,
MDS matrix [[3, 1, 1], [1, -1, 1], [1, 1, -2]]; rate 2, padding with 1 then 0) runs compiled
(:mod:`nodes.poseidon_kernel`) where numba is installed (the ``fast`` extra): about 5 µs a
permutation. Without numba it is starknet-py's. Tests check the two agree.

:func:`install` makes starknet-py's transaction hashes use it, memoising short inputs (an INVOKE
v3 hash is a Poseidon hash over fields of which several are short Poseidon hashes that repeat
from one transaction to the next: tip and resource bounds, empty paymaster and deployment data,
``[selector, n]`` calldata).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Any

from cairovm.felt import PRIME

FULL_ROUNDS = 8
PARTIAL_ROUNDS = 83
WIDTH = 3


def round_constants() -> list[tuple[int, int, int]]:
    """The constants added in each of the 91 rounds, three per round."""
    return [
        tuple(
            int.from_bytes(hashlib.sha256(f"Hades{WIDTH * r + i}".encode()).digest(), "big") % PRIME
            for i in range(WIDTH)
        )
        for r in range(FULL_ROUNDS + PARTIAL_ROUNDS)
    ]


def starknet_py_hash_many(values: Sequence[int]) -> int:
    """starknet-py's Poseidon hash (the reference)."""
    from poseidon_py.poseidon_hash import poseidon_hash_many

    return poseidon_hash_many(list(values))


@cache
def _compiled() -> Callable[[Sequence[int]], int] | None:
    try:
        import numba  # noqa: F401
    except ImportError:
        return None
    import numpy as np

    from nodes import poseidon_kernel as k

    ark = k.constants_array(round_constants())

    def hash_many(values: Sequence[int]) -> int:
        out = np.empty((1, 4), dtype=np.uint64)
        k.hash_many(k.limbs([v % PRIME for v in values]), ark, out)
        return int.from_bytes(out.tobytes(), "little")

    return hash_many


def compiled_available() -> bool:
    """Whether the compiled hash is in use (numba installed)."""
    return _compiled() is not None


def poseidon_hash_many(values: Sequence[int]) -> int:
    """The Poseidon hash of a sequence of field elements (starknet-py's ``poseidon_hash_many``)."""
    compiled = _compiled()
    return compiled(values) if compiled is not None else starknet_py_hash_many(values)


def install(max_memoised: int = 4, cache_size: int = 65536) -> None:
    """Make starknet-py's transaction hashes use :func:`poseidon_hash_many`, remembering the
    hashes of inputs of up to ``max_memoised`` elements."""
    import starknet_py.hash.transaction as transaction_hash

    short = lru_cache(maxsize=cache_size)(lambda values: poseidon_hash_many(values))

    def hash_many(array: Any) -> int:
        values = tuple(array)
        return short(values) if len(values) <= max_memoised else poseidon_hash_many(values)

    transaction_hash.poseidon_hash_many = hash_many
