"""The explorer in headless Chromium: Pyodide's load, verifying a 2^16-step proof in the browser,
and the time from opening a block page to Verified, cold (empty browser cache) and warm.

Block 1's block-program run pads to 2^16 steps and is proven with the ``secure`` preset (what the
prover chain uses by default); block 2 is a small block (fast preset) opened after block 1 in the
same page, with the verifier already loaded. Both are stored in a folder the way the prover chain
stores them, next to the published site, and a static server serves both. CPython's verify time
of the same proof is given for comparison.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import stark
from tests.browser import chromium
from tests.site.chain import Call, make_block
from tests.site.world import ChainWriter, build_site, folder_put, prove
from verifier_wasm.config import SiteConfig
from verifier_wasm.publish import publish_folder
from verifier_wasm.serve import StaticServer

#: fibonacci(6000) and factorial(1000): the block program's run pads to 2^16 steps.
BIG_CALLS = [Call(0, 6000), Call(1, 1000)]
SMALL_CALLS = [Call(0, 10), Call(1, 10)]
PRESET = "secure"
TIMEOUT_MS = 600_000
VERIFIED = '[data-proof-panel-status="verified"]'


def _row(measure: str, value: str, conditions: str) -> dict:
    return {"measure": measure, "value": value, "conditions": conditions}


def _verdict(page, n: int) -> dict:
    return page.evaluate("n => window.explorer.tracker.state(n).verdict", n)


def _open_until_verified(context, url: str) -> tuple[float, dict, object]:
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(VERIFIED, timeout=TIMEOUT_MS)
    return time.perf_counter() - start, _verdict(page, 1), page


def run() -> list[dict]:
    """Rows: what was measured, its value, and the conditions."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        site = build_site(root / "site")
        www = root / "www"
        publish_folder(www, SiteConfig(poll_seconds=1), site)
        now = int(time.time())
        big, small = make_block(1, BIG_CALLS, timestamp=now), make_block(2, SMALL_CALLS, now)
        proof = prove(big, preset=PRESET)
        writer = ChainWriter(folder_put(www))
        for block, proofs in ((big, [proof]), (small, [prove(small)])):
            writer.add_block(block)
            writer.add_proofs(block, proofs)
        result = proof.result
        began = time.perf_counter()
        stark.verify(result.proof)
        cpython = time.perf_counter() - began
        note = (
            f"{result.steps} steps, {PRESET} preset ({result.security_bits} bits), "
            f"{len(result.proof) / 1024:.0f} KiB proof"
        )
        rows.append(_row("prove (CPython)", f"{result.prove_seconds:.1f} s", note))
        rows.append(_row("verify (CPython)", f"{cpython * 1000:.0f} ms", note))
        with StaticServer(www) as server, chromium() as browser:
            url = f"{server.url}index.html#/block/1"
            context = browser.new_context()
            cold, verdict, page = _open_until_verified(context, url)
            page.close()
            warm, warm_verdict, page = _open_until_verified(context, url)
            start = time.perf_counter()
            page.evaluate("() => { window.location.hash = '#/block/2'; }")
            page.wait_for_function(
                "() => window.explorer.tracker.state(2).status === 'verified'", timeout=TIMEOUT_MS
            )
            in_app = time.perf_counter() - start
            context.close()
        load = f"Pyodide starts again ({warm_verdict['load_ms'] / 1000:.1f} s)"
        rows += [
            _row("Pyodide + verifier wheel load (worker)", f"{verdict['load_ms'] / 1000:.1f} s",
                 "cold: empty browser cache"),
            _row("verify in the browser, after load", f"{verdict['verify_ms']:.0f} ms",
                 note + "; with the block binding"),
            _row("open block page -> Verified, cold", f"{cold:.1f} s",
                 "new browser profile: Pyodide fetched and started"),
            _row("open block page -> Verified, warm", f"{warm:.1f} s", f"HTTP cache warm; {load}"),
            _row("next block page -> Verified, in the app", f"{in_app * 1000:.0f} ms",
                 "worker loaded; small block, fast preset"),
        ]  # fmt: skip
    return rows
