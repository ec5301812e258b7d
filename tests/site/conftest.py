"""Fixtures of the explorer's browser tests: the built site and served worlds.

The chain they serve is ``tests/site/scenario.py``'s (its table lists each block's status); its
proofs are made once per session by the ``explorer_scenario`` fixture of ``tests/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.site.scenario import Scenario, write_scenario
from tests.site.world import ChainWriter, build_site, folder_put
from verifier_wasm.config import SiteConfig
from verifier_wasm.publish import publish_folder
from verifier_wasm.serve import StaticServer


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The explorer's pages with a freshly built verifier bundle."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def scenario(explorer_scenario: Scenario) -> Scenario:
    """The scenario chain with its real proofs."""
    return explorer_scenario


@dataclass
class World:
    """A served folder holding the site and the chain's data side by side."""

    root: Path
    url: str
    writer: ChainWriter
    scenario: Scenario


def _serve_world(tmp: Path, site_dir: Path, scenario: Scenario, verify: bool) -> Iterator[World]:
    root = tmp / "www"
    publish_folder(root, SiteConfig(enable_block_verification=verify, poll_seconds=0.5), site_dir)
    writer = ChainWriter(folder_put(root))
    write_scenario(writer, scenario)
    with StaticServer(root) as server:
        yield World(root=root, url=f"{server.url}index.html", writer=writer, scenario=scenario)


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, site_dir: Path, scenario: Scenario
) -> Iterator[World]:
    """The scenario in a folder served by a plain static server, verification on."""
    yield from _serve_world(tmp_path_factory.mktemp("world"), site_dir, scenario, verify=True)


@pytest.fixture(scope="module")
def world_unverified(
    tmp_path_factory: pytest.TempPathFactory, site_dir: Path, scenario: Scenario
) -> Iterator[World]:
    """The same scenario with ``ENABLE_BLOCK_VERIFICATION`` set to false."""
    yield from _serve_world(tmp_path_factory.mktemp("off"), site_dir, scenario, verify=False)
