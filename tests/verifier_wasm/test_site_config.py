"""The explorer's configuration: config.json from the environment."""

from __future__ import annotations

import json

import pytest

from verifier_wasm.config import ConfigError, SiteConfig, parse_bool


@pytest.mark.parametrize("word", ["false", "FALSE", "0", "no", "off", " False "])
def test_false_words_turn_verification_off(word: str) -> None:
    assert parse_bool("ENABLE_BLOCK_VERIFICATION", word) is False
    config = SiteConfig.from_env({"ENABLE_BLOCK_VERIFICATION": word})
    assert json.loads(config.to_json())["ENABLE_BLOCK_VERIFICATION"] is False


@pytest.mark.parametrize("word", ["true", "1", "yes", "ON"])
def test_true_words_turn_verification_on(word: str) -> None:
    assert parse_bool("X", word) is True


def test_other_words_are_an_error_not_a_guess() -> None:
    with pytest.raises(ConfigError, match="ENABLE_BLOCK_VERIFICATION must be true or false"):
        SiteConfig.from_env({"ENABLE_BLOCK_VERIFICATION": "maybe"})


def test_defaults_and_overrides() -> None:
    assert json.loads(SiteConfig.from_env({}).to_json()) == {
        "data_url": "./",
        "rpc_url": None,
        "ENABLE_BLOCK_VERIFICATION": True,
        "poll_seconds": 5.0,
    }
    config = SiteConfig.from_env(
        {
            "EXPLORER_DATA_URL": "http://127.0.0.1:5000/chain/",
            "EXPLORER_RPC_URL": "http://127.0.0.1:9000/",
            "EXPLORER_POLL_SECONDS": "1.5",
        }
    )
    assert config == SiteConfig(
        data_url="http://127.0.0.1:5000/chain/", rpc_url="http://127.0.0.1:9000/", poll_seconds=1.5
    )


@pytest.mark.parametrize("value", ["soon", "0", "-2"])
def test_bad_poll_interval(value: str) -> None:
    with pytest.raises(ConfigError):
        SiteConfig.from_env({"EXPLORER_POLL_SECONDS": value})
