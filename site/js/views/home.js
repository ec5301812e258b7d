// Home: heights, proving throughput and latency, a chart of prove times, latest blocks and
// transactions.

import { barChart } from "../chart.js";
import { fill, h, link, routes, table } from "../dom.js";
import { age, callName, decimal, int, median, seconds, shortHash } from "../format.js";
import { statusBadge } from "../status.js";

const LATEST = 10;
const CHART_BLOCKS = 30;

function stat(label, value, note, key) {
  return h("div", { class: "stat", dataset: { stat: key } },
    h("div", { class: "stat-label" }, label),
    h("div", { class: "stat-value" }, value),
    h("div", { class: "stat-note" }, note ?? ""));
}

function provenEntries(index) {
  return index.numbers
    .map((n) => ({ n, ...index.blocks[String(n)] }))
    .filter((e) => e.status === "proven");
}

function throughput(proven) {
  const recent = proven.slice(0, 20).filter((e) => e.proven_at);
  const times = recent.map((e) => Date.parse(e.proven_at) / 1000).filter(Number.isFinite);
  const span = times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
  const txs = recent.slice(0, -1).reduce((sum, e) => sum + (Number(e.tx_count) || 0), 0);
  const steps = proven.reduce((sum, e) => sum + (Number(e.steps) || 0), 0);
  const proveSeconds = proven.reduce((sum, e) => sum + (Number(e.prove_seconds) || 0), 0);
  return {
    txPerMinute: span > 0 ? (txs / span) * 60 : null,
    stepsPerSecond: proveSeconds > 0 ? steps / proveSeconds : null,
  };
}

export function homeView(root, ctx) {
  const stats = h("div", { class: "stats" });
  const chart = h("div", { class: "chart-box" });
  const blocks = h("div");
  const txs = h("div");
  fill(root,
    h("h1", { class: "page-title" }, "Chain overview"),
    stats,
    h("section", { class: "card" }, h("h2", null, "Prove time of recent blocks"), chart),
    h("div", { class: "columns" },
      h("section", { class: "card" },
        h("div", { class: "card-head" }, h("h2", null, "Latest blocks"),
          link(routes.blocks(), "All blocks →")),
        blocks),
      h("section", { class: "card" }, h("h2", null, "Latest transactions"), txs)));

  async function update() {
    const index = ctx.data.lastIndex;
    if (!index) return;
    const latest = index.numbers.slice(0, LATEST);
    ctx.tracker.watch(latest);
    const loaded = (await Promise.all(latest.map((n) => ctx.data.block(n).catch(() => null))))
      .map((b, i) => ({ n: latest[i], block: b?.json }));
    const now = Date.now() / 1000;

    const proven = provenEntries(index);
    const { txPerMinute, stepsPerSecond } = throughput(proven);
    const latencies = loaded
      .filter(({ n, block }) => block && index.blocks[String(n)]?.proven_at)
      .map(({ n, block }) => Date.parse(index.blocks[String(n)].proven_at) / 1000 - block.timestamp);
    const verified = [...ctx.tracker.states.values()].filter((s) => s.status === "verified").length;
    fill(stats,
      stat("Height", index.latest ?? "—",
        ctx.head !== null && ctx.head !== undefined ? `node head: ${ctx.head}` : "blocks in the bucket",
        "height"),
      stat("Proven height", index.proven ?? "—", `${proven.length} blocks proven`, "proven"),
      stat("Proving throughput",
        txPerMinute === null ? "—" : `${txPerMinute.toFixed(1)} tx/min`,
        stepsPerSecond === null ? "" : `${int(Math.round(stepsPerSecond))} Cairo steps/s`,
        "throughput"),
      stat("Prove latency", latencies.length ? seconds(median(latencies)) : "—",
        proven.length
          ? `median prove time ${seconds(median(proven.map((e) => Number(e.prove_seconds))))}`
          : "block to proof",
        "latency"),
      stat("Verified here", String(verified),
        ctx.config.verify ? "proofs checked in this browser" : "verification is off", "verified"));

    const points = proven.slice(0, CHART_BLOCKS).reverse()
      .map((e) => ({ label: `#${e.n}`, value: Number(e.prove_seconds) || 0, href: routes.block(e.n) }));
    fill(chart, barChart(points, { caption: `Seconds to prove each of the last ${points.length} proven blocks` }));

    fill(blocks, latest.length
      ? table(["Block", ["Hash", "wide"], ["Txs", "num"], ["Age", "wide"], "Proof"], loaded.map(({ n, block }) =>
        h("tr", null,
          h("td", null, link(routes.block(n), `#${n}`)),
          h("td", { class: "mono wide" }, shortHash(block?.block_hash ?? index.blocks[String(n)]?.block_hash)),
          h("td", { class: "num" }, String(index.blocks[String(n)]?.tx_count ?? block?.transactions?.length ?? "")),
          h("td", { class: "nowrap wide" }, block ? age(block.timestamp, now) : ""),
          h("td", null, statusBadge(ctx.tracker, n)))))
      : h("p", { class: "muted" }, "No blocks yet."));

    const recent = [];
    for (const { n, block } of loaded) {
      for (const entry of [...(block?.transactions ?? [])].reverse()) {
        if (recent.length < LATEST) recent.push({ n, entry });
      }
    }
    fill(txs, recent.length
      ? table(["Transaction", "Call", ["Result", "wide"], "Block"], recent.map(({ n, entry }) => {
        const hash = entry.receipt?.transaction_hash ?? entry.transaction?.transaction_hash;
        const ok = entry.receipt?.execution_status === "SUCCEEDED";
        return h("tr", null,
          h("td", { class: "mono" }, link(routes.tx(hash, n), shortHash(hash))),
          h("td", { class: "mono" }, callName(entry.transaction?.calldata)),
          h("td", { class: "mono clip wide" }, ok ? decimal(entry.receipt?.events?.[0]?.data?.[1]) : "reverted"),
          h("td", null, link(routes.block(n), `#${n}`)));
      }))
      : h("p", { class: "muted" }, "No transactions yet."));
  }

  return { update };
}
