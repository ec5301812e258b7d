// Reading the chain's data where the prover chain writes it (a bucket or a folder):
//   index.json                 heights and each block's proof status
//   blocks/<n>.json            the block with its receipts (starknet_getBlockWithReceipts)
//   proofs/<n>.json            the block's proof summary, once the block is fully proven
//   proofs/<n>.proof, proofs/<n>/<first>-<last>.proof   the proofs' bytes
// Blocks and proofs never change once written, so they are kept; index.json is read afresh.

export class NotFound extends Error {}

export class ChainData {
  constructor(baseUrl) {
    this.base = baseUrl;
    this.blocks = new Map(); // n -> {text, json}
    this.summaries = new Map(); // n -> summary
    this.lastIndex = null;
    this.lastIndexText = null;
  }

  url(key) {
    return new URL(key, this.base).href;
  }

  async fetch(key, { fresh = false } = {}) {
    const response = await fetch(this.url(key), { cache: fresh ? "no-store" : "default" });
    // A bucket answers 403 for a missing key when listing is not public: both mean "not there".
    if (response.status === 404 || response.status === 403) throw new NotFound(key);
    if (!response.ok) throw new Error(`${key}: HTTP ${response.status}`);
    return response;
  }

  // index.json, read afresh; {changed} tells whether it differs from the last read.
  async index() {
    let text;
    try {
      text = await (await this.fetch("index.json", { fresh: true })).text();
    } catch (error) {
      if (error instanceof NotFound) text = '{"blocks": {}}';
      else throw error;
    }
    const changed = text !== this.lastIndexText;
    if (changed) {
      this.lastIndexText = text;
      this.lastIndex = normalizeIndex(JSON.parse(text));
    }
    return { index: this.lastIndex, changed };
  }

  // The block's JSON text and value, or null while it is not in the bucket.
  async block(n) {
    const key = Number(n);
    if (this.blocks.has(key)) return this.blocks.get(key);
    try {
      const text = await (await this.fetch(`blocks/${key}.json`, { fresh: true })).text();
      const entry = { text, json: JSON.parse(text) };
      this.blocks.set(key, entry);
      return entry;
    } catch (error) {
      if (error instanceof NotFound) return null;
      throw error;
    }
  }

  // The block's proof summary, or null while the block is not fully proven.
  async summary(n) {
    const key = Number(n);
    if (this.summaries.has(key)) return this.summaries.get(key);
    try {
      const summary = await (await this.fetch(`proofs/${key}.json`, { fresh: true })).json();
      this.summaries.set(key, summary);
      return summary;
    } catch (error) {
      if (error instanceof NotFound) return null;
      throw error;
    }
  }

  async bytes(key) {
    return new Uint8Array(await (await this.fetch(key, { fresh: true })).arrayBuffer());
  }
}

function normalizeIndex(raw) {
  const blocks = raw && typeof raw.blocks === "object" && raw.blocks ? raw.blocks : {};
  const numbers = Object.keys(blocks).map(Number).filter(Number.isInteger).sort((a, b) => b - a);
  const latest = Number.isInteger(raw?.latest_block) ? raw.latest_block : (numbers[0] ?? null);
  return {
    latest,
    proven: Number.isInteger(raw?.proven_height) ? raw.proven_height : null,
    updatedAt: raw?.updated_at ?? null,
    blocks,
    numbers, // newest first
  };
}

// The proof ranges of a summary: [{key, first, last}] in range order.
export function proofParts(n, summary, txCount) {
  const parts = Array.isArray(summary?.parts) && summary.parts.length
    ? summary.parts
    : [{ key: `proofs/${n}.proof`, first: 0, last: Math.max(0, (txCount ?? 1) - 1) }];
  return parts
    .map((p) => ({ key: String(p.key), first: Number(p.first), last: Number(p.last) }))
    .sort((a, b) => a.first - b.first);
}
