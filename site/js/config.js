// The explorer's settings: config.json beside index.html.
//   data_url                  where index.json, blocks/ and proofs/ are (relative to the page or
//                             absolute); "./" when the site is served from the bucket itself
//   rpc_url                   a node's JSON-RPC URL for the live head (optional)
//   ENABLE_BLOCK_VERIFICATION true/false; the strings "false", "0", "no" and "off" mean off
//   poll_seconds              how often to look for new blocks and proofs

const OFF = new Set(["false", "0", "no", "off", ""]);

export function parseFlag(value, fallback = true) {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  return !OFF.has(String(value).trim().toLowerCase());
}

export async function loadConfig(pageUrl = window.location.href) {
  let raw = {};
  const response = await fetch(new URL("config.json", pageUrl), { cache: "no-cache" });
  if (response.ok) raw = await response.json();
  const dataUrl = new URL(raw.data_url || "./", pageUrl).href;
  const poll = Number(raw.poll_seconds);
  return {
    dataUrl: dataUrl.endsWith("/") ? dataUrl : `${dataUrl}/`,
    rpcUrl: raw.rpc_url || null,
    verify: parseFlag(raw.ENABLE_BLOCK_VERIFICATION, true),
    pollMs: Number.isFinite(poll) && poll > 0 ? poll * 1000 : 5000,
    workerUrl: new URL("build/verifier/worker.js", pageUrl).href,
  };
}
