"""Fixtures shared by every test package. Add new ones below, each with its own docstring."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from prover_lambda.local.moto_server import MotoServer


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium (system chromium via Playwright, see tests/browser.py) per session."""
    from tests.browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture(scope="session")
def explorer_scenario():  # -> tests.site.scenario.Scenario
    """Blocks with real fast-preset proofs of the block program (see tests/site/scenario.py)."""
    from tests.site.scenario import make_scenario

    return make_scenario()


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    """moto's real server (S3 and SQS) on a free port, with dummy credentials, per session."""
    from prover_lambda.local.moto_server import start_moto

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    server = start_moto(log_path=tmp_path_factory.mktemp("moto") / "moto.log")
    yield server
    server.stop()
