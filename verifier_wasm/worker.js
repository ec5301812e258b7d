// The explorer's verifier worker: proofs are verified here, off the page's main thread.
//
// It loads Pyodide from the site's own copy (./pyodide/, copied from the npm package at build
// time; never a CDN), unpacks the verifier wheel named by ./manifest.json into Pyodide's
// site-packages, and answers each request with the verdict of verifier_wasm.entry.
//
// Messages in:  {id, type: "load"}
//               {id, type: "verify", block: <blocks/n.json text>, ranges: [{first, last}],
//                proofs: [Uint8Array]}
// Messages out: {id, status: "loaded", load_ms}
//               {id, status: "verified" | "failed", reason?, verify_ms, ...verdict}
//               {id, status: "unavailable", reason}   (Pyodide or the wheel could not load)

import { loadPyodide } from "./pyodide/pyodide.mjs";

const here = new URL("./", import.meta.url);
let runtime = null;

async function start() {
  const began = performance.now();
  const response = await fetch(new URL("manifest.json", here), { cache: "no-cache" });
  if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
  const manifest = await response.json();
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", here).href });
  const wheel = await fetch(new URL(manifest.wheel, here));
  if (!wheel.ok) throw new Error(`${manifest.wheel}: HTTP ${wheel.status}`);
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(await wheel.arrayBuffer(), "wheel", { extractDir: sitePackages });
  const entry = pyodide.pyimport("verifier_wasm.entry");
  return { entry, manifest, loadMs: performance.now() - began };
}

self.onmessage = async (event) => {
  const { id, type } = event.data;
  runtime ??= start();
  let env;
  try {
    env = await runtime;
  } catch (error) {
    self.postMessage({ id, status: "unavailable", reason: `verifier did not load: ${error}` });
    return;
  }
  if (type === "load") {
    self.postMessage({ id, status: "loaded", load_ms: env.loadMs });
    return;
  }
  const { block, ranges, proofs } = event.data;
  const began = performance.now();
  let verdict;
  try {
    const answer = env.entry.verify_block_json(
      block, JSON.stringify(ranges), proofs, env.manifest.program_hash);
    verdict = JSON.parse(answer);
  } catch (error) {
    verdict = { status: "failed", reason: `verifier error: ${error}`, error: "WorkerError" };
  }
  verdict.verify_ms = performance.now() - began;
  verdict.load_ms = env.loadMs;
  self.postMessage({ id, ...verdict });
};
