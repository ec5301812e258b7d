// The page's side of the verifier worker (build/verifier/worker.js): one worker, started on
// first use, answering one request at a time.

export class VerifierClient {
  constructor(workerUrl) {
    this.workerUrl = workerUrl;
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    this.loadMs = null;
  }

  start() {
    if (this.worker) return;
    this.worker = new Worker(this.workerUrl, { type: "module" });
    this.worker.onmessage = (event) => {
      const answer = event.data;
      const resolve = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (answer.load_ms !== undefined) this.loadMs = answer.load_ms;
      resolve?.(answer);
    };
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      const reason = `verifier did not start: ${event.message || "worker error"}`;
      for (const resolve of this.pending.values()) resolve({ status: "unavailable", reason });
      this.pending.clear();
      this.worker = null;
    };
  }

  request(message, transfer = []) {
    this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, ...message }, transfer);
    });
  }

  // Load Pyodide and the wheel ahead of the first proof.
  warm() {
    return this.request({ type: "load" });
  }

  // Verify one block: its JSON text, its proof ranges [{first, last}], their bytes.
  verify(blockText, ranges, proofs) {
    return this.request({ type: "verify", block: blockText, ranges, proofs },
      proofs.map((p) => p.buffer));
  }
}
