"""Node settings from the environment, and the committee file."""

from __future__ import annotations

from pathlib import Path

import pytest

from nodes.committee import Committee
from nodes.config import NodeConfig
from nodes.errors import ConfigError
from nodes.keys import generate, load_key


def test_defaults_environment_and_overrides() -> None:
    assert NodeConfig.from_env({}) == NodeConfig()
    config = NodeConfig.from_env(
        {"NODES_TIMEOUT_MS": "3000", "NODES_VERIFY_PEER_HASHES": "off"},
        batch_size=7,
        log_level=None,
    )
    assert (config.timeout_ms, config.verify_peer_hashes, config.batch_size) == (3000, False, 7)


@pytest.mark.parametrize(
    "env",
    [
        {"NODES_TIMEOUT_MS": "soon"},
        {"NODES_TIMEOUT_MS": "0"},
        {"NODES_VERIFY_PEER_HASHES": "maybe"},
        {"NODES_MAX_BLOCK_DELAY_MS": "5000"},
    ],
)
def test_bad_settings_are_errors(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        NodeConfig.from_env(env)


def test_generated_committee_round_trips(tmp_path: Path) -> None:
    committee = generate(nodes=4, out=tmp_path, base_port=9000, rpc_base_port=9100)
    loaded = Committee.load(tmp_path / "committee.json")
    assert loaded == committee
    assert loaded.quorum_threshold() == 3 and loaded.validity_threshold() == 2
    assert [a.rpc[1] for a in loaded.authorities] == [9100, 9101, 9102, 9103]
    assert load_key(tmp_path / "node2.key").name == committee.authorities[2].name


def test_bad_committee_files(tmp_path: Path) -> None:
    generate(nodes=1, out=tmp_path, base_port=9000, rpc_base_port=9100)
    (tmp_path / "node0.key").write_text('{"name": "00", "secret": "11"}')
    with pytest.raises(ConfigError):
        load_key(tmp_path / "node0.key")
    for text in [
        "{",
        '{"authorities": [{"name": "zz"}]}',
        '{"authorities": []}',
        '{"authorities": [{"name": "' + "00" * 32 + '", "address": "x", "rpc": "y"}]}',
    ]:
        (tmp_path / "bad.json").write_text(text)
        with pytest.raises(ConfigError):
            Committee.load(tmp_path / "bad.json")
