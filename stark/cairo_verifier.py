"""Verification of a Cairo proof: what a browser, a node or a user runs.

:func:`verify` decodes the proof (rejecting non-canonical bytes), checks the statement's shape,
optionally that its bytecode is the expected program, absorbs the header, options and public input
into a fresh transcript and runs the STARK verifier on the Cairo AIR.  Pure standard library.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cairo_air import CairoAir
from .errors import InvalidProof
from .options import ProofOptions
from .proof import CairoProof, decode_proof, statement_bytes
from .protocol import DOMAIN_SEPARATOR
from .public_input import check_public_input
from .transcript import Transcript
from .verifier import verify_stark


@dataclass(frozen=True)
class VerifiedClaim:
    """What a valid proof establishes."""

    program_hash: str
    output: list[int]
    steps: int
    preset: str
    security_bits: int
    insecure: bool


def claim_of(options: ProofOptions, proof: CairoProof) -> VerifiedClaim:
    pub = proof.public_input
    return VerifiedClaim(
        program_hash=pub.program_hash,
        output=list(pub.output),
        steps=pub.steps,
        preset=options.preset_name,
        security_bits=options.security_bits,
        insecure=options.insecure,
    )


def verify(
    proof_bytes: bytes,
    expected_program_hash: str | None = None,
    *,
    min_security_bits: int | None = None,
) -> VerifiedClaim:
    """Check a Cairo proof; return its claim, or raise InvalidProof with the reason.

    ``expected_program_hash`` (as :func:`stark.program_hash` gives it) rejects proofs of other
    programs; ``min_security_bits`` rejects proofs made with weaker options (the default accepts
    any supported options and reports their level in the claim).
    """
    proof = decode_proof(proof_bytes)
    pub = proof.public_input
    bits = proof.options.security_bits
    if min_security_bits is not None and bits < min_security_bits:
        raise InvalidProof(
            f"the proof's options give {bits} bits of security, {min_security_bits} required"
        )
    if expected_program_hash is not None:
        expected = expected_program_hash.lower()
        if pub.program_hash != expected:
            raise InvalidProof(f"the proof is about program {pub.program_hash}, not {expected}")
    check_public_input(pub)
    transcript = Transcript(DOMAIN_SEPARATOR)
    transcript.absorb(b"statement", statement_bytes(proof.options, pub))
    verify_stark(CairoAir(pub), proof.options, proof.stark, transcript)
    return claim_of(proof.options, proof)


def is_valid(proof_bytes: bytes, expected_program_hash: str | None = None) -> bool:
    """True when :func:`verify` accepts the proof."""
    try:
        verify(proof_bytes, expected_program_hash)
    except InvalidProof:
        return False
    return True
