import { Worker } from 'node:worker_threads';
import { copyIntoPglite } from './binary-copy.js';
import type { PgliteOptions } from './pglite-open.mjs';
import { deserializeError, type WorkerInit, type WorkerReady, type WorkerReply, type WorkerRequest } from './pglite-worker-protocol.js';
import { SESSION_SETTINGS_SQL } from './session-settings.js';
import type { CopyRowsInput, Db, DbSession, Queryable, QueryOptions, QueryResult } from './port.js';

type Pending = { resolve: (reply: WorkerReply & { ok: true }) => void; reject: (error: Error) => void };
type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * The embedded database on a thread of its own (see pglite-worker.mjs). Same behaviour as
 * PgliteDb: one statement at a time, and while a transaction is open every other statement
 * waits for it to end.
 */
export async function openPgliteWorkerDb(dataDir: string, options: PgliteOptions = {}): Promise<Db> {
  const init: WorkerInit = { dataDir, sharedBuffersMb: options.sharedBuffersMb, sessionSql: SESSION_SETTINGS_SQL };
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: init });
  const ready = await new Promise<WorkerReady>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (!ready.ready) {
    await worker.terminate();
    throw deserializeError(ready.error);
  }
  return new PgliteWorkerDb(worker);
}

export class PgliteWorkerDb implements Db {
  readonly driver = 'pglite' as const;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Settles when the open transaction ends; statements outside it wait for that. */
  private openTransaction: Promise<unknown> | null = null;
  /** Transactions run one after another: each starts when the one before it has ended. */
  private transactionQueue: Promise<unknown> = Promise.resolve();
  private failure: Error | null = null;
  /** Statements of the open transaction go straight to the thread. */
  private readonly inTransaction: Queryable = {
    query: async <Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}) => toResult<Row>(await this.send({ op: 'query', sql, params, reusablePlan: options.reusablePlan })),
    exec: async (sql: string) => void (await this.send({ op: 'exec', sql })),
  };

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the database thread stopped (exit code ${code})`)));
  }

  async query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<Row>> {
    await this.outsideTransactions();
    return toResult<Row>(await this.send({ op: 'query', sql, params, reusablePlan: options.reusablePlan }));
  }

  async exec(sql: string): Promise<void> {
    await this.outsideTransactions();
    await this.send({ op: 'exec', sql });
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const run = this.transactionQueue.then(async () => {
      const done = this.runTransaction(work);
      this.openTransaction = done.catch(() => undefined);
      try {
        return await done;
      } finally {
        this.openTransaction = null;
      }
    });
    this.transactionQueue = run.catch(() => undefined);
    return run;
  }

  withSession<T>(work: (session: DbSession) => Promise<T>): Promise<T> {
    return work(this);
  }

  copyRows(input: CopyRowsInput): Promise<number> {
    return copyIntoPglite(input, async (sql, payload) => {
      // Handed over, not copied: the batch buffer moves to the database's thread.
      const buffer = payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.byteLength) as ArrayBuffer;
      await this.outsideTransactions();
      await this.send({ op: 'copy', sql, payload: buffer }, [buffer]);
    });
  }

  poolStats(): { total: number; idle: number; waiting: number } {
    const inFlight = this.pending.size;
    return { total: 1, idle: inFlight === 0 ? 1 : 0, waiting: Math.max(0, inFlight - 1) };
  }

  async ping(): Promise<boolean> {
    try {
      await this.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.transactionQueue;
    await this.send({ op: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }

  private async runTransaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    await this.inTransaction.exec('BEGIN');
    try {
      const result = await work(this.inTransaction);
      await this.inTransaction.exec('COMMIT');
      return result;
    } catch (error) {
      await this.inTransaction.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async outsideTransactions(): Promise<void> {
    while (this.openTransaction) await this.openTransaction;
  }

  private send(request: Request, transfer: ArrayBuffer[] = []): Promise<WorkerReply & { ok: true }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as WorkerRequest, transfer);
    });
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply);
    else pending.reject(deserializeError(reply.error));
  }

  /** The thread died (a WebAssembly abort, say): every waiting statement fails, later ones too. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
  }
}

function toResult<Row>(reply: WorkerReply & { ok: true }): QueryResult<Row> {
  return { rows: reply.rows as Row[], rowCount: reply.rowCount };
}
