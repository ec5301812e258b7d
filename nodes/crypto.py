"""Keys, signatures and digests of the consensus layer.

Authorities are named by their ed25519 public key (32 bytes). Messages are signed over a
32-byte BLAKE2b digest. PyNaCl (libsodium) does the elliptic-curve work; its errors are
translated into `InvalidSignature` here so no other module sees them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

from nodes.errors import ConfigError, InvalidSignature

Digest = bytes  # 32 bytes
PublicKey = bytes  # 32 bytes, an authority's name
Signature = bytes  # 64 bytes

DIGEST_SIZE = 32
KEY_SIZE = 32
SIGNATURE_SIZE = 64


def digest(*parts: bytes) -> Digest:
    """BLAKE2b-256 over the length-prefixed parts (so that part boundaries are unambiguous)."""
    h = hashlib.blake2b(digest_size=DIGEST_SIZE)
    for part in parts:
        h.update(len(part).to_bytes(4, "big"))
        h.update(part)
    return h.digest()


def u64(value: int) -> bytes:
    """The 8-byte big-endian encoding used inside digests."""
    return value.to_bytes(8, "big")


@dataclass(frozen=True)
class KeyPair:
    """An authority's signing key and its public name."""

    name: PublicKey
    secret: bytes  # 32-byte ed25519 seed

    @classmethod
    def generate(cls) -> KeyPair:
        key = nacl.signing.SigningKey.generate()
        return cls(name=bytes(key.verify_key), secret=bytes(key))

    @classmethod
    def from_seed(cls, seed: bytes) -> KeyPair:
        """The key pair for a 32-byte seed (deterministic keys for tests)."""
        if len(seed) != KEY_SIZE:
            raise ConfigError(f"an ed25519 seed has {KEY_SIZE} bytes, got {len(seed)}")
        key = nacl.signing.SigningKey(seed)
        return cls(name=bytes(key.verify_key), secret=seed)

    def signer(self) -> Signer:
        return Signer(self)


class Signer:
    """Signs digests with one authority's key (the key object is built once)."""

    def __init__(self, keypair: KeyPair) -> None:
        self.name = keypair.name
        self._key = nacl.signing.SigningKey(keypair.secret)

    def sign(self, message: Digest) -> Signature:
        return self._key.sign(message).signature


def verify_signature(name: PublicKey, message: Digest, signature: Signature) -> None:
    """Check `signature` over `message` by `name`.

    Raises:
        InvalidSignature: the key is not a valid point or the signature does not verify.
    """
    try:
        nacl.signing.VerifyKey(name).verify(message, signature)
    except (
        nacl.exceptions.BadSignatureError,
        nacl.exceptions.ValueError,
        nacl.exceptions.TypeError,
        ValueError,
        TypeError,
    ) as exc:
        raise InvalidSignature(f"bad signature by {name.hex()[:16]}") from exc
