"""The Fiat–Shamir transcript: a blake2s-256 hash chain.

The state starts from a domain separator.  Absorbing a message replaces the state by
H(state ‖ label ‖ len ‖ message); each squeeze replaces it by H(state) under a different
personalisation and returns the new state.  Field elements are squeezed by rejection sampling
(252 bits, retried while ≥ p) and query indices by masking to a power-of-two range, so neither
carries a modulo bias.  Proof-of-work grinding asks for a nonce whose hash with the state has a
given number of leading zero bits.  Pure standard library.
"""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import blake2s

from .field import Felt, P

_INIT = b"stkinit"
_ABSORB = b"stkabs"
_SQUEEZE = b"stksqz"
POW_PERSON = b"stkpow"  # proof-of-work digests (the prover's compiled grinding uses it too)
_FELT_MASK = (1 << 252) - 1


def _h(data: bytes, person: bytes) -> bytes:
    return blake2s(data, digest_size=32, person=person).digest()


class Transcript:
    """A prover's or verifier's view of the Fiat–Shamir channel."""

    def __init__(self, domain_separator: bytes) -> None:
        self._state = _h(len(domain_separator).to_bytes(4, "big") + domain_separator, _INIT)

    @property
    def state(self) -> bytes:
        return self._state

    def absorb(self, label: bytes, message: bytes) -> None:
        if len(label) > 255:
            raise ValueError("transcript labels are at most 255 bytes")
        self._state = _h(
            self._state
            + len(label).to_bytes(1, "big")
            + label
            + len(message).to_bytes(8, "big")
            + message,
            _ABSORB,
        )

    def absorb_felts(self, label: bytes, values: Sequence[Felt]) -> None:
        self.absorb(label, b"".join(v.to_bytes(32, "big") for v in values))

    def squeeze(self) -> bytes:
        self._state = _h(self._state, _SQUEEZE)
        return self._state

    def squeeze_felt(self) -> Felt:
        while True:
            value = int.from_bytes(self.squeeze(), "big") & _FELT_MASK
            if value < P:
                return value

    def squeeze_felts(self, count: int) -> list[Felt]:
        return [self.squeeze_felt() for _ in range(count)]

    def squeeze_index(self, log_size: int) -> int:
        """A uniform index in [0, 2^log_size), log_size ≤ 256."""
        if not 0 <= log_size <= 256:
            raise ValueError("index range too large")
        return int.from_bytes(self.squeeze(), "big") & ((1 << log_size) - 1)

    def pow_digest(self, nonce: int) -> bytes:
        return _h(self._state + nonce.to_bytes(8, "big"), POW_PERSON)

    def check_pow(self, nonce: int, bits: int) -> bool:
        """True when H(state ‖ nonce) starts with ``bits`` zero bits."""
        if not 0 <= nonce < 1 << 64:
            return False
        return leading_zero_bits(self.pow_digest(nonce)) >= bits

    def grind(self, bits: int) -> int:
        """Find the least nonce passing :meth:`check_pow` (prover side)."""
        prefix = blake2s(self._state, digest_size=32, person=POW_PERSON)
        threshold = 1 << (256 - bits)
        nonce = 0
        while True:
            h = prefix.copy()
            h.update(nonce.to_bytes(8, "big"))
            if int.from_bytes(h.digest(), "big") < threshold:
                return nonce
            nonce += 1


def leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()
