import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

type Job = { id: number; texts: readonly string[]; bulk: boolean; resolve: (v: number[][]) => void; reject: (e: Error) => void };
type Slot = { worker: Worker; ready: Promise<void>; busy: Job | null };

const WORKER_URL = new URL('./sentence-worker.mjs', import.meta.url);

/**
 * Worker threads that each hold the sentence model, so embedding a catalog uses every core and
 * never blocks the thread that serves shoppers (and, on PGlite, runs the database). Queries go
 * ahead of bulk batches, and once a server has said it serves queries (`reserveForQueries`), bulk
 * batches leave one worker free for them: a batch takes about a second, a query 20 ms. Workers
 * start on first use and stop keeping the process alive when idle.
 */
export class SentencePool {
  private readonly slots: Slot[] = [];
  private readonly queries: Job[] = [];
  private readonly bulk: Job[] = [];
  private nextId = 1;
  private closed = false;
  private reserved = false;

  constructor(private readonly size = Math.max(1, Math.min(2, availableParallelism()))) {}

  embed(texts: readonly string[], priority: 'query' | 'bulk'): Promise<number[][]> {
    if (this.closed) return Promise.reject(new Error('the embedding workers were stopped'));
    if (texts.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      (priority === 'query' ? this.queries : this.bulk).push({ id: this.nextId++, texts, bulk: priority === 'bulk', resolve, reject });
      this.start();
      this.dispatch();
    });
  }

  /** From now on one worker is kept for queries while bulk batches wait (a server filling vectors). */
  reserveForQueries(): void {
    this.reserved = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.queries.splice(0), ...this.bulk.splice(0), ...this.slots.flatMap((s) => (s.busy ? [s.busy] : []))];
    for (const job of pending) job.reject(new Error('the embedding workers were stopped'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private start() {
    while (this.slots.length < this.size) {
      const worker = new Worker(WORKER_URL);
      let ready!: () => void;
      let failed!: (e: Error) => void;
      const slot: Slot = { worker, ready: new Promise<void>((res, rej) => { ready = res; failed = rej; }), busy: null };
      slot.ready.catch(() => undefined);
      worker.on('message', (message: { ready?: true; id?: number; count?: number; flat?: Float32Array; error?: string }) => {
        if (message.ready) return ready();
        const job = slot.busy;
        slot.busy = null;
        if (job && message.error) job.reject(new Error(`embedding failed: ${message.error}`));
        else if (job && message.flat) job.resolve(unflatten(message.flat, message.count ?? 0));
        this.dispatch();
      });
      worker.on('error', (error) => {
        failed(error);
        slot.busy?.reject(error);
        slot.busy = null;
        this.slots.splice(this.slots.indexOf(slot), 1);
        if (!this.closed && this.queries.length + this.bulk.length > 0) this.start();
        this.dispatch();
      });
      worker.unref();
      this.slots.push(slot);
    }
  }

  private dispatch() {
    const bulkLimit = this.reserved && this.size > 1 ? this.size - 1 : this.size;
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const bulkBusy = this.slots.filter((s) => s.busy && s.busy.bulk).length;
      const job = this.queries.shift() ?? (bulkBusy < bulkLimit ? this.bulk.shift() : undefined);
      if (!job) break;
      slot.busy = job;
      slot.worker.ref();
      void slot.ready.then(
        () => slot.worker.postMessage({ id: job.id, texts: job.texts }),
        (error: Error) => job.reject(error),
      );
    }
    for (const slot of this.slots) if (!slot.busy) slot.worker.unref();
  }
}

function unflatten(flat: Float32Array, count: number): number[][] {
  const dims = count ? flat.length / count : 0;
  return Array.from({ length: count }, (_, i) => Array.from(flat.subarray(i * dims, (i + 1) * dims)));
}
