// Search by block number, block hash or transaction hash.

import { fill, h, routes } from "../dom.js";
import { bigint } from "../format.js";

const SCAN_BLOCKS = 500;
const CONCURRENCY = 6;

export function sameFelt(a, b) {
  const x = bigint(a);
  const y = bigint(b);
  return x !== null && y !== null && x === y;
}

// The newest block (among the latest SCAN_BLOCKS) holding transaction `hash`.
export async function findTransaction(ctx, hash, onProgress = () => {}) {
  const numbers = (ctx.data.lastIndex?.numbers ?? []).slice(0, SCAN_BLOCKS);
  for (let i = 0; i < numbers.length; i += CONCURRENCY) {
    const batch = numbers.slice(i, i + CONCURRENCY);
    onProgress(batch[0]);
    const blocks = await Promise.all(batch.map((n) => ctx.data.block(n).catch(() => null)));
    for (const [j, loaded] of blocks.entries()) {
      const transactions = loaded?.json?.transactions ?? [];
      const index = transactions.findIndex((e) =>
        sameFelt(e.receipt?.transaction_hash ?? e.transaction?.transaction_hash, hash));
      if (index >= 0) return { n: batch[j], block: loaded.json, index };
    }
  }
  return null;
}

// Where a query leads: a route, or null with a reason.
export async function resolve(ctx, query, onProgress) {
  const q = query.trim();
  if (/^\d+$/.test(q)) return { route: routes.block(Number(q)) };
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(q)) {
    return { reason: "Type a block number, or a block or transaction hash (0x…)." };
  }
  const index = ctx.data.lastIndex;
  for (const n of index?.numbers ?? []) {
    if (sameFelt(index.blocks[String(n)]?.block_hash, q)) return { route: routes.block(n) };
  }
  const found = await findTransaction(ctx, q, onProgress);
  if (found) return { route: routes.tx(q, found.n) };
  for (const n of (index?.numbers ?? []).slice(0, SCAN_BLOCKS)) {
    const loaded = await ctx.data.block(n).catch(() => null);
    if (sameFelt(loaded?.json?.block_hash, q)) return { route: routes.block(n) };
  }
  return { reason: `Nothing found for ${q} in the latest ${SCAN_BLOCKS} blocks.` };
}

export function searchView(root, ctx, params) {
  const query = params.get("q") ?? "";
  const status = h("p", { class: "muted" }, "Searching…");
  fill(root, h("h1", { class: "page-title" }, "Search"),
    h("section", { class: "card" }, h("p", null, "Query: ", h("span", { class: "mono wrap" }, query)), status));
  let started = false;

  async function update() {
    if (started || !ctx.data.lastIndex) return;
    started = true;
    const answer = await resolve(ctx, query, (n) => fill(status, `Searching block ${n}…`));
    if (answer.route) window.location.replace(answer.route);
    else fill(status, h("span", { class: "reason" }, answer.reason));
  }

  return { update };
}
