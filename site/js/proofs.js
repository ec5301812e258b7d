// Each block's proof status, kept current: Pending -> Verifying -> Verified or Failed(reason).
//
// A block is Pending until its proof summary (proofs/<n>.json) exists; then its proofs are
// verified in the worker, one block at a time, the block the reader opened first and otherwise
// the newest first. A proof that arrives later is found by the next poll, and the block turns
// Verified without a reload. With verification off the status says so and nothing runs.

import { proofParts } from "./data.js";

export const LABELS = {
  pending: "Pending",
  verifying: "Verifying",
  verified: "Verified",
  failed: "Failed",
  off: "Verification off",
  unavailable: "Not verified",
};

export class ProofTracker {
  constructor({ data, verifier, enabled }) {
    this.data = data;
    this.verifier = verifier;
    this.enabled = enabled;
    this.states = new Map(); // n -> {status, reason?, verdict?, summary?}
    this.listeners = new Set();
    this.watched = new Set();
    this.focus = null; // the block whose page is open
    this.queue = new Set();
    this.running = false;
    this.index = null;
    this.checking = new Set();
  }

  state(n) {
    return this.states.get(Number(n)) ?? { status: "pending" };
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(n, state) {
    this.states.set(n, state);
    for (const listener of this.listeners) listener(n, state);
  }

  // Show these blocks' status (a list or a page); focus: the block page's own block.
  watch(numbers, { focus = null } = {}) {
    this.watched = new Set(numbers.map(Number));
    this.focus = focus === null ? null : Number(focus);
    if (this.focus !== null) this.watched.add(this.focus);
    for (const n of this.watched) this.check(n);
  }

  setIndex(index) {
    this.index = index;
    for (const n of this.watched) this.check(n);
  }

  // Called on every poll: look again at every watched block that is still pending.
  tick() {
    for (const n of this.watched) {
      if (this.state(n).status === "pending") this.check(n);
    }
  }

  async check(n) {
    if (this.state(n).status !== "pending" || this.checking.has(n)) return;
    this.checking.add(n);
    try {
      const entry = this.index?.blocks?.[String(n)];
      if (entry?.status === "failed") {
        this.set(n, { status: "failed", reason: `proving failed: ${entry.error ?? "no reason given"}` });
        return;
      }
      // The index may lag the proof: the open block's summary is always looked for.
      if (entry?.status !== "proven" && n !== this.focus) return;
      const summary = await this.data.summary(n);
      if (!summary) return;
      if (!this.enabled) {
        this.set(n, { status: "off", reason: "verification is turned off in this explorer", summary });
        return;
      }
      this.set(n, { status: "verifying", summary });
      this.queue.add(n);
      this.pump();
    } catch (error) {
      console.warn(`block ${n}:`, error);
    } finally {
      this.checking.delete(n);
    }
  }

  next() {
    if (this.focus !== null && this.queue.has(this.focus)) return this.focus;
    const watched = [...this.queue].filter((n) => this.watched.has(n));
    const pool = watched.length ? watched : [...this.queue];
    return Math.max(...pool);
  }

  async pump() {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.size) {
        const n = this.next();
        this.queue.delete(n);
        await this.verify(n);
      }
    } finally {
      this.running = false;
    }
  }

  async verify(n) {
    const { summary } = this.state(n);
    let answer;
    try {
      const block = await this.data.block(n);
      if (!block) throw new Error(`blocks/${n}.json is missing`);
      const parts = proofParts(n, summary, block.json?.transactions?.length);
      const proofs = await Promise.all(parts.map((p) => this.data.bytes(p.key)));
      const ranges = parts.map(({ first, last }) => ({ first, last }));
      answer = await this.verifier.verify(block.text, ranges, proofs);
    } catch (error) {
      answer = { status: "failed", reason: `could not read the proof: ${error.message ?? error}` };
    }
    if (answer.status === "verified") {
      this.set(n, { status: "verified", verdict: answer, summary });
    } else if (answer.status === "unavailable") {
      this.set(n, { status: "unavailable", reason: answer.reason, summary });
    } else {
      this.set(n, { status: "failed", reason: answer.reason, verdict: answer, summary });
    }
  }
}
