"""Proof options and their named presets, with the conjectured security they give.

Security is counted the ethSTARK way: ``grinding_bits + log2(blowup) · queries − 1`` bits,
capped at 128 (the collision resistance of the 256-bit hash).  ``secure`` gives 103 bits;
``fast`` exists for tests and demos and is flagged as insecure wherever it is shown.
Pure standard library.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidOptions

HASH_SECURITY_CAP = 128
MIN_SECURE_BITS = 100

MAX_BLOWUP_LOG = 6
MAX_QUERIES = 128
MAX_GRINDING_BITS = 32
MAX_LAST_LAYER_LOG = 10
COSET_OFFSET = 3


@dataclass(frozen=True, kw_only=True)
class ProofOptions:
    """Parameters of the low-degree test; every size the verifier uses follows from them."""

    blowup_log: int
    num_queries: int
    grinding_bits: int
    fri_last_layer_log: int

    def __post_init__(self) -> None:
        check_options(self)

    @property
    def blowup(self) -> int:
        return 1 << self.blowup_log

    @property
    def security_bits(self) -> int:
        bits = self.grinding_bits + self.blowup_log * self.num_queries - 1
        return max(0, min(bits, HASH_SECURITY_CAP))

    @property
    def insecure(self) -> bool:
        return self.security_bits < MIN_SECURE_BITS

    @property
    def preset_name(self) -> str:
        for name, preset in PRESETS.items():
            if preset == self:
                return name
        return "custom"


def check_options(options: ProofOptions) -> None:
    """Raise InvalidOptions unless every parameter lies in its supported range."""
    if not 1 <= options.blowup_log <= MAX_BLOWUP_LOG:
        raise InvalidOptions(f"blowup 2^{options.blowup_log} outside 2^1..2^{MAX_BLOWUP_LOG}")
    if not 1 <= options.num_queries <= MAX_QUERIES:
        raise InvalidOptions(f"{options.num_queries} queries outside 1..{MAX_QUERIES}")
    if not 0 <= options.grinding_bits <= MAX_GRINDING_BITS:
        raise InvalidOptions(
            f"{options.grinding_bits} grinding bits outside 0..{MAX_GRINDING_BITS}"
        )
    if not 0 <= options.fri_last_layer_log <= MAX_LAST_LAYER_LOG:
        raise InvalidOptions(
            f"last FRI layer 2^{options.fri_last_layer_log} outside 2^0..2^{MAX_LAST_LAYER_LOG}"
        )


PRESETS: dict[str, ProofOptions] = {
    # blowup 8 rather than 4 with 41 queries: a third fewer openings, so proofs of 2^16 steps
    # stay under 250 KB, for an extension twice as long
    "secure": ProofOptions(blowup_log=3, num_queries=28, grinding_bits=20, fri_last_layer_log=7),
    "fast": ProofOptions(blowup_log=1, num_queries=8, grinding_bits=2, fri_last_layer_log=2),
}
"""Named presets; ``secure`` is the default."""

DEFAULT_PRESET = "secure"


def preset(name: str) -> ProofOptions:
    try:
        return PRESETS[name]
    except KeyError:
        raise InvalidOptions(f"unknown preset {name!r} (known: {', '.join(PRESETS)})") from None
