"""The STARK verifier runs unchanged in Pyodide (headless Chromium, the site's own Pyodide copy).

A real proof made by ``stark.prove_program`` (fast preset) is verified by the same modules inside
the browser, from the same wheel the explorer ships, and the claim must equal CPython's; a
proof with one changed byte must be rejected there as here. The wheel must not carry the prover.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

import stark
from cairovm import programs
from verifier_wasm.bundle import build_bundle
from verifier_wasm.serve import StaticServer

HARNESS = """<!doctype html><meta charset="utf-8"><title>verifier in pyodide</title>
<script type="module">
import { loadPyodide } from "./verifier/pyodide/pyodide.mjs";
window.ready = (async () => {
  const py = await loadPyodide({ indexURL: new URL("./verifier/pyodide/", location.href).href });
  const manifest = await (await fetch("./verifier/manifest.json")).json();
  const wheel = await (await fetch("./verifier/" + manifest.wheel)).arrayBuffer();
  const purelib = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(wheel, "wheel", { extractDir: purelib });
  return py;
})();
window.verifyProof = async (flipAt) => {
  const py = await window.ready;
  const bytes = new Uint8Array(await (await fetch("./proof.bin")).arrayBuffer());
  if (flipAt >= 0) bytes[flipAt] ^= 1;
  py.globals.set("proof_view", bytes);
  return py.runPython(`
import json, sys, time
import stark
data = proof_view.to_bytes()
began = time.perf_counter()
try:
    c = stark.verify(data)
    out = {"ok": True, "program_hash": c.program_hash, "output": c.output, "steps": c.steps,
           "preset": c.preset, "security_bits": c.security_bits, "insecure": c.insecure}
except stark.InvalidProof as exc:
    out = {"ok": False, "reason": str(exc)}
out["seconds"] = time.perf_counter() - began
out["python"] = sys.version_info[:2]
out["output"] = [hex(x) for x in out.get("output", [])]
try:
    import stark.prover
    out["prover_importable"] = True
except ImportError:
    out["prover_importable"] = False
out["numpy_loaded"] = "numpy" in sys.modules
json.dumps(out)
`);
};
</script>
"""


@pytest.fixture(scope="module")
def proof() -> stark.ProofResult:
    return stark.prove_program(programs.load("fibonacci"), program_input={"n": 12}, preset="fast")


@pytest.fixture(scope="module")
def page(browser: Browser, proof, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    root: Path = tmp_path_factory.mktemp("pyodide")
    build_bundle(root / "verifier")
    (root / "index.html").write_text(HARNESS)
    (root / "proof.bin").write_bytes(proof.proof)
    with StaticServer(root) as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "index.html")
        yield page
        context.close()


def _verify(page: Page, flip_at: int = -1) -> dict:
    return json.loads(page.evaluate("flip => window.verifyProof(flip)", flip_at))


def test_verifier_runs_unchanged_in_pyodide(page: Page, proof) -> None:
    claim = stark.verify(proof.proof)  # CPython
    answer = _verify(page)
    assert answer["ok"], answer
    assert answer["python"][0] == 3
    assert answer["program_hash"] == claim.program_hash == proof.program_hash
    assert answer["output"] == [hex(x) for x in claim.output]
    assert (
        (answer["steps"], answer["preset"]) == (claim.steps, claim.preset) == (proof.steps, "fast")
    )
    assert answer["security_bits"] == claim.security_bits
    assert answer["insecure"] is claim.insecure is True
    assert answer["prover_importable"] is False
    assert answer["numpy_loaded"] is False


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_changed_byte_is_rejected_in_pyodide(page: Page, proof, where: float) -> None:
    at = int(len(proof.proof) * where)
    answer = _verify(page, at)
    assert answer["ok"] is False
    with pytest.raises(stark.InvalidProof) as here:
        stark.verify(proof.proof[:at] + bytes([proof.proof[at] ^ 1]) + proof.proof[at + 1 :])
    assert answer["reason"] == str(here.value)
