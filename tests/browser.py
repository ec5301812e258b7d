"""Headless Chromium for the browser tests and benchmarks: Debian's chromium through Playwright.

Playwright's Python package drives the system browser (``/usr/bin/chromium``, installed by
``make browser-deps``); ``playwright install`` is never needed. The flags keep the browser off
the network and quiet: no sandbox (tests run as root), no background fetches, no updates.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)
#: Where screenshots go (gitignored): tests keep them as artifacts.
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium for the duration of the block."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make browser-deps`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


def console_errors(page: Page) -> list[str]:
    """Collect the page's (and its workers') console errors and uncaught exceptions."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as ``artifacts/<name>.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
