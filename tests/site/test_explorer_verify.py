"""The explorer verifies real proofs in headless Chromium and binds them to their blocks.

One page (one Pyodide load) walks through the scenario of ``conftest.py``: every proof status,
the reasons of the failures, a split block, and a proof that arrives while its page is open.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import console_errors, screenshot
from tests.site.pages import (
    VERIFY_TIMEOUT_MS,
    badge_text,
    go,
    panel_field,
    panel_status,
    status,
    wait_status,
)


@pytest.fixture(scope="module")
def page(browser: Browser, world) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = console_errors(page)
    page.goto(world.url + "#/blocks")
    page.wait_for_selector("body[data-loaded=true]")
    yield page
    context.close()
    assert not [e for e in errors if "404" not in e], errors


def test_blocks_list_shows_each_proofs_status_with_reason(page: Page) -> None:
    go(page, "#/blocks")
    final = {n: wait_status(page, n, ("verified", "failed")) for n in (5, 4, 3, 2, 1, 7)}
    assert final == {
        1: "verified",
        2: "failed",
        3: "failed",
        4: "failed",
        5: "verified",
        7: "failed",
    }
    assert status(page, 6) == "pending"
    assert badge_text(page, 1).startswith("Verified in ")
    assert badge_text(page, 2).startswith("Failed: proof rejected: ")
    assert badge_text(page, 3) == "Failed: proof is of block 1, not block 3"
    assert badge_text(page, 4).startswith(
        "Failed: transaction 1: the proof has n 0x7, the block 0x6"
    )
    assert badge_text(page, 7).startswith("Failed: proving failed: block program refused")


def test_block_page_shows_verified_proof_with_verify_time(page: Page, world) -> None:
    go(page, "#/block/1")
    assert panel_status(page) == "verified"
    verify_ms = int(page.locator("[data-verify-ms]").get_attribute("data-verify-ms"))
    assert verify_ms > 0
    proofs = world.scenario.proofs[1]
    assert panel_field(page, "Preset") == (
        f"fast, {proofs[0].result.security_bits} bits: insecure, for tests and demos only"
    )
    assert panel_field(page, "Steps") == f"{proofs[0].result.steps:,}"
    assert "block 1: its number, its hash and its 2 succeeded transactions" in page.inner_text(
        "#proof"
    )
    page.wait_for_timeout(300)  # let the header and transactions paint
    screenshot(page, "block-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "block-mobile")
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize(
    ("n", "reason"),
    [
        (2, "proof rejected: "),
        (3, "proof is of block 1, not block 3"),
        (4, "transaction 1: the proof has n 0x7, the block 0x6"),
    ],
)
def test_block_pages_of_bad_proofs_fail_with_the_reason(page: Page, n: int, reason: str) -> None:
    go(page, f"#/block/{n}")
    assert panel_status(page) == "failed"
    assert page.inner_text("#proof .reason").startswith(reason)


def test_split_block_is_verified_from_all_its_ranges(page: Page) -> None:
    go(page, "#/block/5")
    assert panel_status(page) == "verified"
    assert panel_field(page, "Ranges") == "2 proofs: 0–1, 2–2"


def test_proof_written_later_turns_verified_without_reload(page: Page, world) -> None:
    go(page, "#/block/6")
    assert panel_status(page, ("pending",)) == "pending"
    page.evaluate("window.__sameDocument = true")
    page.wait_for_timeout(1200)  # a few polls find nothing
    assert status(page, 6) == "pending"
    world.writer.add_proofs(world.scenario.blocks[6], world.scenario.proofs[6])
    assert panel_status(page) == "verified"
    assert page.evaluate("window.__sameDocument") is True


def test_home_page_shows_heights_and_verified_blocks(page: Page, world) -> None:
    go(page, "#/")
    page.wait_for_function(
        "() => Number(document.querySelector('[data-stat=verified] .stat-value')?.textContent) >= 3"
    )
    assert page.inner_text("[data-stat=height] .stat-value") == "7"
    # The previous test proved block 6 while the app was open: the stat follows at the next poll.
    proven = world.writer.index["proven_height"]
    page.wait_for_function(
        "want => document.querySelector('[data-stat=proven] .stat-value')?.textContent === want",
        arg=str(proven),
        timeout=VERIFY_TIMEOUT_MS,
    )
    wait_status(page, 6, ("verified",))
    page.wait_for_timeout(300)
    screenshot(page, "home-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "home-mobile")
    page.set_viewport_size({"width": 1280, "height": 900})
