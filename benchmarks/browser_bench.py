"""The explorer in headless Chromium: Pyodide's load, verifying a 2^16-step proof in the browser,
and the time from opening a block page to Verified, cold (empty browser cache) and warm.

A block whose block-program run pads to 2^16 steps is proven (fast preset) and stored in a
folder the way the prover chain stores it, next to the published site; a static server serves
both. CPython's verify time of the same proof is given for comparison.
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
CALLS = [Call(0, 6000), Call(1, 1000)]
TIMEOUT_MS = 600_000


def _open_until_verified(context, url: str) -> tuple[float, dict]:
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('[data-proof-panel-status="verified"]', timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - start
    verdict = page.evaluate("() => window.explorer.tracker.state(1).verdict")
    page.close()
    return seconds, verdict


def run() -> list[dict]:
    """Rows: what was measured, its value, and the conditions."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        site = build_site(root / "site")
        www = root / "www"
        publish_folder(www, SiteConfig(poll_seconds=1), site)
        block = make_block(1, CALLS, timestamp=int(time.time()))
        proof = prove(block)
        writer = ChainWriter(folder_put(www))
        writer.add_block(block)
        writer.add_proofs(block, [proof])
        result = proof.result
        began = time.perf_counter()
        stark.verify(result.proof)
        cpython = time.perf_counter() - began
        note = f"{result.steps} steps, fast preset, {len(result.proof) / 1024:.0f} KiB proof"
        rows.append(
            {
                "measure": "prove (CPython)",
                "value": f"{result.prove_seconds:.1f} s",
                "conditions": note,
            }
        )
        rows.append(
            {"measure": "verify (CPython)", "value": f"{cpython * 1000:.0f} ms", "conditions": note}
        )
        with StaticServer(www) as server, chromium() as browser:
            url = f"{server.url}index.html#/block/1"
            context = browser.new_context()
            cold, verdict = _open_until_verified(context, url)
            warm, warm_verdict = _open_until_verified(context, url)
            context.close()
        rows.append(
            {
                "measure": "Pyodide + verifier wheel load (worker)",
                "value": f"{verdict['load_ms'] / 1000:.1f} s",
                "conditions": "cold: empty browser cache",
            }
        )
        rows.append(
            {
                "measure": "verify in the browser, after load",
                "value": f"{verdict['verify_ms']:.0f} ms",
                "conditions": note + "; incl. the block binding",
            }
        )
        rows.append(
            {
                "measure": "open block page -> Verified, cold",
                "value": f"{cold:.1f} s",
                "conditions": "new browser profile: Pyodide fetched and loaded",
            }
        )
        rows.append(
            {
                "measure": "open block page -> Verified, warm",
                "value": f"{warm:.1f} s",
                "conditions": f"HTTP cache warm; Pyodide reloads ({warm_verdict['load_ms'] / 1000:.1f} s)",
            }
        )
    return rows
