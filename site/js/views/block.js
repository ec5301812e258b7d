// One block: its header, its transactions, and its proof panel.

import { fields, fill, h, link, routes, table } from "../dom.js";
import { age, callName, dateTime, decimal, shortHash } from "../format.js";
import { statusBadge } from "../status.js";
import { renderProofPanel } from "./proof_panel.js";

function txRows(n, transactions) {
  return transactions.map((entry, i) => {
    const tx = entry.transaction ?? {};
    const receipt = entry.receipt ?? {};
    const hash = receipt.transaction_hash ?? tx.transaction_hash;
    const ok = receipt.execution_status === "SUCCEEDED";
    return h("tr", null,
      h("td", { class: "num" }, String(i)),
      h("td", { class: "mono" }, link(routes.tx(hash, n), shortHash(hash, 6))),
      h("td", { class: "mono" }, callName(tx.calldata)),
      h("td", { class: "mono clip wide" }, ok ? decimal(receipt.events?.[0]?.data?.[1]) : "—"),
      h("td", null, h("span", { class: ok ? "tag tag-ok" : "tag tag-bad",
        title: receipt.revert_reason ?? "" }, ok ? "succeeded" : "reverted")));
  });
}

export function blockView(root, ctx, params, n) {
  const number = Number(n);
  const header = h("section", { class: "card" });
  const panel = h("section", { class: "card proof-panel", id: "proof" });
  const txs = h("section", { class: "card" });
  const nav = h("nav", { class: "pager", "aria-label": "Neighbouring blocks" },
    number > 0 ? link(routes.block(number - 1), `← #${number - 1}`) : h("span"),
    link(routes.block(number + 1), `#${number + 1} →`));
  fill(root,
    h("div", { class: "title-row" },
      h("h1", { class: "page-title" }, `Block #${Number.isInteger(number) ? number : n}`),
      statusBadge(ctx.tracker, number)),
    panel, header, txs, nav);
  if (!Number.isInteger(number) || number < 0) {
    fill(header, h("p", { class: "reason" }, "A block number is a non-negative integer."));
    panel.remove();
    return {};
  }
  let block = null;
  const paint = () => renderProofPanel(panel, ctx, number, ctx.tracker.state(number),
    block ? block.transactions?.filter((e) => e.receipt?.execution_status === "SUCCEEDED").length : null);
  const unsubscribe = ctx.tracker.subscribe((changed) => { if (changed === number) paint(); });
  ctx.tracker.watch([], { focus: number });
  paint();

  async function update() {
    if (!block) {
      const loaded = await ctx.data.block(number);
      if (!loaded) {
        fill(header, h("p", { class: "muted" },
          `Block ${number} is not in the bucket yet; this page looks again every ${Math.round(ctx.config.pollMs / 1000)} s.`));
        return;
      }
      block = loaded.json;
      const transactions = Array.isArray(block.transactions) ? block.transactions : [];
      fill(header, h("h2", null, "Header"), fields([
        ["Number", String(block.block_number)],
        ["Hash", h("span", { class: "mono wrap" }, String(block.block_hash))],
        ["Parent", number > 0
          ? link(routes.block(number - 1), h("span", { class: "mono wrap" }, String(block.parent_hash)))
          : h("span", { class: "mono wrap" }, String(block.parent_hash))],
        ["Time", `${dateTime(block.timestamp)} (${age(block.timestamp)})`],
        ["Status", String(block.status ?? "")],
        ["Transactions", `${transactions.length} (${transactions.filter((e) => e.receipt?.execution_status === "SUCCEEDED").length} succeeded)`],
        ["Sequencer", h("span", { class: "mono wrap" }, String(block.sequencer_address ?? ""))],
        ["State root", h("span", { class: "mono wrap" }, String(block.new_root ?? ""))],
        ["Starknet version", String(block.starknet_version ?? "")],
      ]));
      fill(txs, h("h2", null, "Transactions"), transactions.length
        ? table([["#", "num"], "Hash", "Call", ["Result", "wide"], "Status"], txRows(number, transactions))
        : h("p", { class: "muted" }, "No transactions in this block."));
      paint();
    }
  }

  return { update, dispose: unsubscribe };
}
