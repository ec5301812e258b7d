// Blocks: every block in the bucket, newest first, with its proof status.

import { fill, h, link, routes, table } from "../dom.js";
import { age, shortHash } from "../format.js";
import { statusBadge } from "../status.js";

const PAGE = 25;

export function blocksView(root, ctx, params) {
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const body = h("div");
  const pager = h("nav", { class: "pager", "aria-label": "Pages" });
  fill(root, h("h1", { class: "page-title" }, "Blocks"), h("section", { class: "card" }, body, pager));

  async function update() {
    const index = ctx.data.lastIndex;
    if (!index) return;
    const numbers = index.numbers.slice((page - 1) * PAGE, page * PAGE);
    ctx.tracker.watch(numbers);
    const blocks = await Promise.all(numbers.map((n) => ctx.data.block(n).catch(() => null)));
    const now = Date.now() / 1000;
    fill(body, numbers.length
      ? table(["Block", ["Hash", "wide"], ["Transactions", "num"], ["Age", "wide"], "Proof"], numbers.map((n, i) => {
        const entry = index.blocks[String(n)] ?? {};
        const block = blocks[i]?.json;
        return h("tr", { dataset: { block: String(n) } },
          h("td", null, link(routes.block(n), `#${n}`)),
          h("td", { class: "mono wide" }, shortHash(block?.block_hash ?? entry.block_hash, 10)),
          h("td", { class: "num" }, String(entry.tx_count ?? block?.transactions?.length ?? "")),
          h("td", { class: "nowrap wide" }, block ? age(block.timestamp, now) : ""),
          h("td", null, statusBadge(ctx.tracker, n)));
      }), { className: "blocks-table" })
      : h("p", { class: "muted" }, "No blocks yet."));
    const pages = Math.max(1, Math.ceil(index.numbers.length / PAGE));
    fill(pager,
      page > 1 ? link(routes.blocks(page - 1), "← Newer") : h("span"),
      h("span", { class: "muted" }, `Page ${page} of ${pages}`),
      page < pages ? link(routes.blocks(page + 1), "Older →") : h("span"));
  }

  return { update };
}
