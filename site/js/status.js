// The proof status badge shown in lists and on pages, kept current by the tracker.

import { h, fill } from "./dom.js";
import { seconds } from "./format.js";
import { LABELS } from "./proofs.js";

function words(state) {
  const label = LABELS[state.status] ?? state.status;
  if (state.status === "failed" || state.status === "unavailable") {
    return `${label}: ${state.reason ?? "no reason given"}`;
  }
  if (state.status === "off") return "Verification off";
  if (state.status === "verified" && state.verdict?.verify_ms !== undefined) {
    return `${label} in ${seconds(state.verdict.verify_ms / 1000)}`;
  }
  return label;
}

// short: the label alone (the proof panel shows the reason beside it).
export function paintBadge(el, state, { short = false } = {}) {
  el.dataset.status = state.status;
  el.className = `status status-${state.status}`;
  el.title = words(state);
  const text = short ? (LABELS[state.status] ?? state.status) : words(state);
  fill(el, h("span", { class: "dot", "aria-hidden": "true" }), text);
}

export function statusBadge(tracker, n) {
  const el = h("span", { dataset: { proofBlock: String(n) } });
  paintBadge(el, tracker.state(n));
  return el;
}

// Repaint every badge of block n in the document.
export function repaintBadges(n, state) {
  for (const el of document.querySelectorAll(`[data-proof-block="${Number(n)}"]`)) {
    paintBadge(el, state);
  }
}
