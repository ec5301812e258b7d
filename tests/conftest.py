"""Fixtures shared by every test package. Add new ones below, each with its own docstring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser


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
