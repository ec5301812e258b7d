// The block page's proof panel: status, what was checked, and what proving and verifying cost.

import { fields, fill, h } from "../dom.js";
import { bytes, int, seconds, shortHash } from "../format.js";
import { paintBadge } from "../status.js";

function preset(verdict) {
  if (!verdict?.preset) return "";
  const bits = `${verdict.security_bits} bits`;
  return verdict.insecure ? `${verdict.preset}, ${bits}: insecure, for tests and demos only` : `${verdict.preset}, ${bits}`;
}

function downloads(ctx, n, summary) {
  const parts = Array.isArray(summary?.parts) ? summary.parts : [];
  return h("span", { class: "links" },
    h("a", { href: ctx.data.url(`proofs/${n}.json`) }, "summary"),
    parts.map((p) => [" · ", h("a", { href: ctx.data.url(String(p.key)) },
      parts.length > 1 ? `proof ${p.first}–${p.last}` : "proof")]));
}

export function renderProofPanel(el, ctx, n, state, txCount) {
  const { status, summary, verdict } = state;
  const badge = h("span");
  paintBadge(badge, state, { short: status !== "verified" });
  badge.dataset.proofPanelStatus = status;
  const lines = [];
  if (status === "pending") {
    lines.push(h("p", { class: "muted" },
      `No proof yet: the prover writes proofs/${n}.json when the block is proven. `,
      `This page looks again every ${Math.round(ctx.config.pollMs / 1000)} s.`));
  } else if (status === "verifying") {
    lines.push(h("p", { class: "muted" },
      ctx.verifier?.loadMs == null ? "Loading the verifier (Pyodide) in this browser, then checking the proof…"
        : "Checking the proof in this browser…"));
  } else if (status === "off") {
    lines.push(h("p", { class: "notice" },
      "Verification is turned off in this explorer's configuration (ENABLE_BLOCK_VERIFICATION). ",
      "The proof below was not checked in this browser."));
  } else if (status === "failed" || status === "unavailable") {
    lines.push(h("p", { class: "reason", dataset: { reason: "" } }, state.reason ?? "no reason given"));
  } else if (status === "verified") {
    lines.push(h("p", { class: "checked" },
      `Checked in this browser: the STARK proof is valid, it is a run of the block program, and its output is exactly block ${n}: `,
      `its number, its hash and its ${verdict.transactions} succeeded transaction${verdict.transactions === 1 ? "" : "s"} with their results.`));
  }
  const verifiedParts = verdict?.parts ?? [];
  const summaryParts = Array.isArray(summary?.parts) ? summary.parts : [];
  fill(el,
    h("div", { class: "card-head" }, h("h2", null, "Proof"), badge),
    lines,
    summary || verdict ? fields([
      verdict?.preset ? ["Preset", preset(verdict)]
        : summary?.preset ? ["Preset (stated)", `${summary.preset}, ${summary.security_bits} bits${summary.insecure ? ": insecure" : ""}`] : null,
      ["Steps", verdict?.steps ? int(verdict.steps) : summary?.steps ? int(summary.steps) : ""],
      ["Proof size", summary?.proof_bytes ? bytes(summary.proof_bytes)
        : verifiedParts.length ? bytes(verifiedParts.reduce((a, p) => a + p.proof_bytes, 0)) : ""],
      ["Prove time", summary?.prove_seconds !== undefined ? seconds(summary.prove_seconds) : ""],
      ["Verify time in this browser", verdict?.verify_ms !== undefined
        ? h("span", { dataset: { verifyMs: String(Math.round(verdict.verify_ms)) } }, seconds(verdict.verify_ms / 1000))
        : status === "verifying" ? "…" : "—"],
      verdict?.load_ms !== undefined ? ["Verifier load (Pyodide)", seconds(verdict.load_ms / 1000)] : null,
      summaryParts.length > 1 ? ["Ranges", `${summaryParts.length} proofs: ` +
        summaryParts.map((p) => `${p.first}–${p.last}`).join(", ")] : null,
      verdict?.program_hash ? ["Program", h("span", { class: "mono", title: verdict.program_hash }, `block program ${shortHash(verdict.program_hash, 8)}`)] : null,
      summary?.proven_at ? ["Proven at", String(summary.proven_at)] : null,
      ["Files", downloads(ctx, n, summary)],
    ]) : null,
    txCount === 0 && status === "verified" ? h("p", { class: "muted" }, "An empty block is proven too: its proof states a count of 0.") : null);
}
