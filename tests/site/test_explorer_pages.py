"""The explorer's pages without verification: the off switch, text-only rendering, search.

These use the scenario with ``ENABLE_BLOCK_VERIFICATION`` false, so no Pyodide loads at all.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import console_errors, screenshot
from tests.site.pages import go, panel_status, wait_status
from tests.site.world import MARKUP_REASON, MARKUP_SENDER

#: Every URL the page and its workers fetch.
REQUESTS: list[str] = []


@pytest.fixture(scope="module")
def page(browser: Browser, world_unverified) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    context.on("request", lambda request: REQUESTS.append(request.url))
    errors = console_errors(page)
    page.goto(world_unverified.url)
    page.wait_for_selector("body[data-loaded=true]")
    yield page
    context.close()
    assert not [e for e in errors if "404" not in e], errors


def test_verification_off_runs_nothing_and_says_so(page: Page) -> None:
    go(page, "#/block/1")
    assert panel_status(page) == "off"
    assert "Verification is turned off" in page.inner_text("#proof")
    go(page, "#/blocks")
    for n in (1, 2, 3, 4, 5):
        assert wait_status(page, n, ("off",)) == "off"
    assert "Verification off" in page.inner_text("footer")
    fetched = [u for u in REQUESTS if "build/verifier" in u or u.endswith(".proof")]
    assert fetched == []
    assert page.evaluate("window.explorer.verifier") is None


def test_markup_in_transaction_fields_is_shown_as_text(page: Page, world_unverified) -> None:
    entry = world_unverified.scenario.blocks[7]["transactions"][0]
    tx_hash = entry["receipt"]["transaction_hash"]
    go(page, f"#/tx/{tx_hash}?block=7")
    page.wait_for_selector("dl.fields")
    app = page.locator("#app")
    assert MARKUP_SENDER in app.inner_text()
    assert MARKUP_REASON in app.inner_text()
    assert app.locator("img, script, b").count() == 0
    assert page.evaluate("window.__injected") is None
    screenshot(page, "transaction-markup")
    go(page, "#/block/7")
    assert panel_status(page) == "failed"
    assert page.locator("#app img, #app script, #app b").count() == 0


def test_transaction_page_reads_the_call_and_links_its_proof(page: Page, world_unverified) -> None:
    block = world_unverified.scenario.blocks[1]
    entry = block["transactions"][0]
    go(page, f"#/tx/{entry['receipt']['transaction_hash']}")
    page.wait_for_selector("dl.fields")
    text = page.inner_text("#app")
    assert "fibonacci(6)" in text
    assert "\n8\n" in text  # fibonacci(6) = 8, from the receipt's event
    assert "SUCCEEDED" in text
    assert page.locator("#app a[href='#/block/1']").count() >= 1
    screenshot(page, "transaction-desktop")


@pytest.mark.parametrize("what", ["number", "block hash", "transaction hash", "nothing"])
def test_search(page: Page, world_unverified, what: str) -> None:
    block = world_unverified.scenario.blocks[5]
    tx_hash = block["transactions"][2]["receipt"]["transaction_hash"]
    query, route = {
        "number": ("3", "#/block/3"),
        "block hash": (block["block_hash"], "#/block/5"),
        "transaction hash": (tx_hash, f"#/tx/{tx_hash}?block=5"),
        "nothing": ("0x1234567", None),
    }[what]
    go(page, "#/")
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    if route is None:
        page.wait_for_selector("#app .reason")
        assert "Nothing found for 0x1234567" in page.inner_text("#app .reason")
    else:
        page.wait_for_function("route => window.location.hash === route", arg=route)
