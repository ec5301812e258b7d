"""The order of the STARK protocol's messages and challenges, shared by prover and verifier.

Each function names one step of the interaction (after the public input is absorbed):
1. main trace root → interaction challenges;  2. auxiliary trace root → constraint coefficients;
3. composition root → out-of-domain point z;  4. values at z, z·g and z^parts → DEEP coefficients;
5. FRI: β₀, then each layer root → next β, then the last layer's coefficients;
6. proof-of-work nonce → query indices.  Pure standard library.
"""

from __future__ import annotations

from collections.abc import Sequence

from .field import Felt, P, powers
from .options import COSET_OFFSET
from .transcript import Transcript

DOMAIN_SEPARATOR = b"starkstack/cairo-stark/v1"


def draw_interaction_challenges(t: Transcript, main_root: bytes, count: int) -> list[Felt]:
    t.absorb(b"main trace root", main_root)
    return t.squeeze_felts(count)


def draw_constraint_coefficients(t: Transcript, aux_root: bytes | None, count: int) -> list[Felt]:
    """Powers 1, β, β², … of one challenge (the batching costs count/|F| in soundness)."""
    if aux_root is not None:
        t.absorb(b"auxiliary trace root", aux_root)
    return powers(t.squeeze_felt(), count)


def draw_ood_point(
    t: Transcript, composition_root: bytes, log_n: int, log_domain: int, parts: int
) -> Felt:
    """z outside the trace domain and with z, z^parts outside the evaluation coset."""
    t.absorb(b"composition root", composition_root)
    n = 1 << log_n
    size = 1 << log_domain
    coset_power = pow(COSET_OFFSET, size, P)
    while True:
        z = t.squeeze_felt()
        if pow(z, n, P) == 1:
            continue
        if pow(z, size, P) == coset_power or pow(z, parts * size, P) == coset_power:
            continue
        return z


def draw_deep_coefficients(
    t: Transcript,
    ood_current: Sequence[Felt],
    ood_next: Sequence[Felt],
    ood_composition: Sequence[Felt],
) -> list[Felt]:
    """Powers 1, γ, γ², … of one challenge, one per out-of-domain value."""
    t.absorb_felts(b"out-of-domain values", [*ood_current, *ood_next, *ood_composition])
    return powers(t.squeeze_felt(), len(ood_current) + len(ood_next) + len(ood_composition))


def draw_fri_challenge(t: Transcript, layer_root: bytes | None) -> Felt:
    if layer_root is not None:
        t.absorb(b"fri layer root", layer_root)
    return t.squeeze_felt()


def absorb_last_layer(t: Transcript, coefficients: Sequence[Felt]) -> None:
    t.absorb_felts(b"fri last layer", coefficients)


def draw_queries(t: Transcript, nonce: int, log_leaves: int, count: int) -> list[int]:
    t.absorb(b"proof-of-work nonce", nonce.to_bytes(8, "big"))
    return [t.squeeze_index(log_leaves) for _ in range(count)]
