// One transaction: its call read as fibonacci(n) or factorial(n), its result, its receipt, and
// the proof of its block.

import { fields, fill, h, link, routes } from "../dom.js";
import { callName, decimal } from "../format.js";
import { statusBadge } from "../status.js";
import { findTransaction, sameFelt } from "./search.js";

function list(values) {
  return Array.isArray(values) && values.length
    ? h("span", { class: "mono wrap" }, values.map(String).join(", "))
    : h("span", { class: "muted" }, "none");
}

function events(receipt) {
  const all = Array.isArray(receipt.events) ? receipt.events : [];
  if (!all.length) return h("span", { class: "muted" }, "none");
  return h("ol", { class: "events" }, all.map((e) => h("li", null,
    h("div", null, h("span", { class: "muted" }, "from "), h("span", { class: "mono wrap" }, String(e.from_address ?? ""))),
    h("div", null, h("span", { class: "muted" }, "keys "), list(e.keys)),
    h("div", null, h("span", { class: "muted" }, "data "), list(e.data)))));
}

function fee(receipt) {
  const f = receipt.actual_fee;
  if (f && typeof f === "object") return `${decimal(f.amount)} ${f.unit ?? ""}`.trim();
  return f === undefined ? "" : decimal(f);
}

export function txView(root, ctx, params, hash) {
  const body = h("section", { class: "card" });
  fill(root, h("h1", { class: "page-title" }, "Transaction"), body);
  const hint = params.get("block");
  let done = false;

  async function update() {
    if (done) return;
    fill(body, h("p", { class: "muted" }, "Looking for the transaction…"));
    let found = null;
    if (hint !== null && /^\d+$/.test(hint)) {
      const loaded = await ctx.data.block(Number(hint));
      const transactions = loaded?.json?.transactions ?? [];
      const i = transactions.findIndex((e) =>
        sameFelt(e.receipt?.transaction_hash ?? e.transaction?.transaction_hash, hash));
      if (i >= 0) found = { n: Number(hint), block: loaded.json, index: i };
    }
    found ??= await findTransaction(ctx, hash);
    if (!found) {
      fill(body, h("p", { class: "reason" }, `No transaction ${hash} in the latest blocks.`));
      return;
    }
    done = true;
    const { n, block, index } = found;
    const entry = block.transactions[index];
    const tx = entry.transaction ?? {};
    const receipt = entry.receipt ?? {};
    const ok = receipt.execution_status === "SUCCEEDED";
    ctx.tracker.watch([n]);
    fill(body, fields([
      ["Hash", h("span", { class: "mono wrap" }, String(receipt.transaction_hash ?? tx.transaction_hash))],
      ["Status", h("span", { class: ok ? "tag tag-ok" : "tag tag-bad" }, String(receipt.execution_status ?? "unknown"))],
      !ok && receipt.revert_reason !== undefined ? ["Revert reason", h("span", { class: "wrap" }, String(receipt.revert_reason))] : null,
      ["Block", h("span", null, link(routes.block(n), `#${n}`), ` · transaction ${index} of ${block.transactions.length}`)],
      ["Call", h("span", { class: "mono" }, callName(tx.calldata))],
      ["Result", ok ? h("span", { class: "mono wrap" }, decimal(receipt.events?.[0]?.data?.[1])) : h("span", { class: "muted" }, "none (reverted)")],
      ["Sender", h("span", { class: "mono wrap" }, String(tx.sender_address ?? ""))],
      ["Type", `${String(tx.type ?? "")} v${decimal(tx.version ?? "")}`],
      ["Nonce", decimal(tx.nonce ?? "")],
      ["Calldata", list(tx.calldata)],
      ["Signature", list(tx.signature)],
      ["Fee", fee(receipt)],
      ["Finality", String(receipt.finality_status ?? "")],
      ["Events", events(receipt)],
      ["Proof", h("span", { class: "proof-line" }, statusBadge(ctx.tracker, n), " ",
        ok ? link(`${routes.block(n)}`, `block ${n}'s proof`) : h("span", { class: "muted" }, "reverted transactions are not proven"))],
    ]));
  }

  return { update };
}
