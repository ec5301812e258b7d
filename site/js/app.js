// The explorer's entry: reads config.json, routes #/..., polls the chain's data, and keeps every
// proof status on screen current.
//
// Routes: #/  #/blocks?page=N  #/block/N  #/tx/HASH?block=N  #/search?q=...

import { loadConfig } from "./config.js";
import { ChainData } from "./data.js";
import { fill, h, routes } from "./dom.js";
import { ProofTracker } from "./proofs.js";
import { headNumber } from "./rpc.js";
import { repaintBadges } from "./status.js";
import { VerifierClient } from "./verifier.js";
import { blockView } from "./views/block.js";
import { blocksView } from "./views/blocks.js";
import { homeView } from "./views/home.js";
import { searchView } from "./views/search.js";
import { txView } from "./views/tx.js";

function parseRoute(hash) {
  const [path, query = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query) };
}

function choose(parts) {
  if (parts.length === 0) return { nav: "home", make: (root, ctx, params) => homeView(root, ctx, params) };
  if (parts[0] === "blocks") return { nav: "blocks", make: blocksView };
  if (parts[0] === "block" && parts[1] !== undefined) {
    return { nav: "blocks", make: (root, ctx, params) => blockView(root, ctx, params, parts[1]) };
  }
  if (parts[0] === "tx" && parts[1] !== undefined) {
    return { nav: "", make: (root, ctx, params) => txView(root, ctx, params, parts[1]) };
  }
  if (parts[0] === "search") return { nav: "", make: searchView };
  return null;
}

function footer(ctx) {
  const verification = ctx.config.verify
    ? "on: every proof is checked in this browser (Pyodide, in a Web Worker)"
    : "off (ENABLE_BLOCK_VERIFICATION is false)";
  const updated = ctx.data.lastIndex?.updatedAt;
  fill(document.getElementById("footer"),
    h("span", null, "Data: ", h("span", { class: "mono" }, ctx.config.dataUrl)),
    h("span", { dataset: { verification: ctx.config.verify ? "on" : "off" } }, `Verification ${verification}`),
    updated ? h("span", null, `Index updated ${String(updated)}`) : null);
}

async function main() {
  const app = document.getElementById("app");
  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    fill(app, h("p", { class: "reason" }, `config.json could not be read: ${error}`));
    return;
  }
  const data = new ChainData(config.dataUrl);
  const verifier = config.verify ? new VerifierClient(config.workerUrl) : null;
  const tracker = new ProofTracker({ data, verifier, enabled: config.verify });
  const ctx = { config, data, tracker, verifier, head: null };
  window.explorer = ctx;
  let view = null;

  tracker.subscribe((n, state) => repaintBadges(n, state));

  let refreshing = false;
  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      const { index } = await data.index();
      tracker.setIndex(index);
      tracker.tick();
      if (config.rpcUrl) ctx.head = await headNumber(config.rpcUrl);
      await view?.update?.();
      footer(ctx);
      document.body.dataset.loaded = "true";
    } catch (error) {
      console.warn("refresh failed:", error);
    } finally {
      refreshing = false;
    }
  }

  function route() {
    view?.dispose?.();
    const { parts, params } = parseRoute(window.location.hash || "#/");
    const chosen = choose(parts);
    for (const a of document.querySelectorAll("[data-nav]")) {
      a.classList.toggle("active", chosen !== null && a.dataset.nav === chosen.nav);
    }
    if (!chosen) {
      fill(app, h("h1", { class: "page-title" }, "Not found"),
        h("p", null, "No such page. ", h("a", { href: routes.home() }, "Back to the overview.")));
      view = null;
      return;
    }
    tracker.watch([]);
    view = chosen.make(app, ctx, params);
    if (data.lastIndex) view.update?.();
    window.scrollTo(0, 0);
  }

  document.getElementById("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("search-input");
    if (input.value.trim()) window.location.hash = routes.search(input.value.trim());
    input.blur();
  });
  window.addEventListener("hashchange", route);
  route();
  await refresh();
  if (config.verify) verifier.warm();
  setInterval(refresh, config.pollMs);
}

main();
