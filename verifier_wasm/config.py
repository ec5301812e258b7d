"""The explorer's configuration: what the site's ``config.json`` says, read from the environment.

=========================== ============================ =========================================
variable                    default                      meaning
=========================== ============================ =========================================
``EXPLORER_DATA_URL``       ``./``                       where ``index.json``, ``blocks/`` and
                                                         ``proofs/`` are: a URL or a path relative
                                                         to the site (``./`` when the site is
                                                         served from the bucket itself)
``EXPLORER_RPC_URL``        (none)                       a node's JSON-RPC URL, for the live head
``ENABLE_BLOCK_VERIFICATION`` ``true``                   verify proofs in the browser; ``false``,
                                                         ``0``, ``no`` or ``off`` turn it off
``EXPLORER_POLL_SECONDS``   ``5``                        how often the pages look for new data
=========================== ============================ =========================================
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

from verifier_wasm.errors import VerifierWasmError

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


class ConfigError(VerifierWasmError):
    """A configuration value that cannot be read (e.g. ``ENABLE_BLOCK_VERIFICATION=maybe``)."""


def parse_bool(name: str, value: str | bool) -> bool:
    """Read a boolean setting: ``true/1/yes/on`` or ``false/0/no/off``, any case.

    Raises:
        ConfigError: any other value.
    """
    if isinstance(value, bool):
        return value
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


@dataclass(frozen=True, kw_only=True)
class SiteConfig:
    """What the explorer's ``config.json`` holds."""

    data_url: str = "./"
    rpc_url: str | None = None
    enable_block_verification: bool = True
    poll_seconds: float = 5.0

    def __post_init__(self) -> None:
        if self.poll_seconds <= 0:
            raise ConfigError(f"poll_seconds must be positive, not {self.poll_seconds}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SiteConfig:
        """Read the settings of the module's table from ``environ`` (the process's by default)."""
        env = os.environ if environ is None else environ
        try:
            poll = float(env.get("EXPLORER_POLL_SECONDS", "5"))
        except ValueError as exc:
            raise ConfigError(f"EXPLORER_POLL_SECONDS is not a number: {exc}") from exc
        return cls(
            data_url=env.get("EXPLORER_DATA_URL", "./") or "./",
            rpc_url=env.get("EXPLORER_RPC_URL") or None,
            enable_block_verification=parse_bool(
                "ENABLE_BLOCK_VERIFICATION", env.get("ENABLE_BLOCK_VERIFICATION", "true")
            ),
            poll_seconds=poll,
        )

    def to_json(self) -> str:
        """The text of ``config.json`` as the site reads it."""
        return json.dumps(
            {
                "data_url": self.data_url,
                "rpc_url": self.rpc_url,
                "ENABLE_BLOCK_VERIFICATION": self.enable_block_verification,
                "poll_seconds": self.poll_seconds,
            },
            indent=2,
        )
