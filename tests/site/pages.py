"""Reading the explorer's pages from a test: routes, proof statuses, the proof panel."""

from __future__ import annotations

from playwright.sync_api import Page

#: Pyodide's first load and a few fast-preset verifications on two busy cores.
VERIFY_TIMEOUT_MS = 240_000
TERMINAL = ("verified", "failed", "off", "unavailable")


def go(page: Page, route: str) -> None:
    """Follow an in-app route (``#/...``) without reloading the page."""
    page.evaluate("route => { window.location.hash = route; }", route)
    page.wait_for_function("route => window.location.hash === route", arg=route)


def wait_status(page: Page, n: int, statuses: tuple[str, ...], timeout: int = VERIFY_TIMEOUT_MS):
    """Wait until a badge of block ``n`` shows one of ``statuses``; return that status."""
    page.wait_for_function(
        """([n, statuses]) => [...document.querySelectorAll(`[data-proof-block="${n}"]`)]
             .some(el => statuses.includes(el.dataset.status))""",
        arg=[n, list(statuses)],
        timeout=timeout,
    )
    return status(page, n)


def status(page: Page, n: int) -> str:
    """The status the first badge of block ``n`` shows."""
    return page.locator(f'[data-proof-block="{n}"]').first.get_attribute("data-status")


def badge_text(page: Page, n: int) -> str:
    """The words of the first badge of block ``n``."""
    return page.locator(f'[data-proof-block="{n}"]').first.inner_text()


def panel_status(page: Page, statuses: tuple[str, ...] = TERMINAL) -> str:
    """Wait for the block page's proof panel to reach one of ``statuses``; return it."""
    page.wait_for_function(
        """statuses => { const el = document.querySelector("[data-proof-panel-status]");
             return el && statuses.includes(el.dataset.proofPanelStatus); }""",
        arg=list(statuses),
        timeout=VERIFY_TIMEOUT_MS,
    )
    return page.locator("[data-proof-panel-status]").get_attribute("data-proof-panel-status")


def panel_field(page: Page, label: str) -> str:
    """The value the proof panel shows for ``label``."""
    return page.locator(f'#proof dt:text-is("{label}") + dd').inner_text()
