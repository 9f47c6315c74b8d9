import type { PGlite, Transaction } from '@electric-sql/pglite';
import { copyIntoPglite } from './binary-copy.js';
import { createPglite, rowCountOf, type PgliteOptions } from './pglite-open.mjs';
import { preparedStatements, type PreparedStatements } from './pglite-statements.mjs';
import { SESSION_SETTINGS_SQL } from './session-settings.js';
import type { CopyRowsInput, Db, DbSession, Queryable, QueryOptions, QueryResult } from './port.js';

export type { PgliteOptions };

/** PGlite on the caller's thread: tests, scripts and benchmarks that want the instance itself. */
export async function openPgliteDb(dataDir: string, options: PgliteOptions = {}): Promise<Db> {
  return new PgliteDb(await createPglite(dataDir, { ...options, sessionSql: SESSION_SETTINGS_SQL }));
}

export class PgliteDb implements Db {
  readonly driver = 'pglite' as const;
  private readonly direct: Queryable;
  private readonly statements: PreparedStatements;

  constructor(readonly pglite: PGlite) {
    this.statements = preparedStatements(pglite);
    this.direct = this.queryable();
  }

  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>> {
    return this.direct.query<Row>(sql, params, options);
  }

  exec(sql: string): Promise<void> {
    return this.direct.exec(sql);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    // PGlite runs one transaction at a time; other queries wait until it ends.
    return this.pglite.transaction((tx) => work(this.queryable(tx)));
  }

  /** Statements on the database itself, or inside `transaction`, which holds PGlite's lock already. */
  private queryable(transaction?: Transaction): Queryable {
    const { statements } = this;
    const target = transaction ?? this.pglite;
    return {
      async query<Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<Row>> {
        const result = await statements.query<Row>(sql, params, { transaction, reusablePlan: options.reusablePlan });
        return { rows: result.rows, rowCount: rowCountOf(result) };
      },
      async exec(sql: string): Promise<void> {
        await target.exec(sql);
      },
    };
  }

  /** PGlite is a single connection already, so a session is the database itself. */
  withSession<T>(work: (session: DbSession) => Promise<T>): Promise<T> {
    return work(this);
  }

  copyRows(input: CopyRowsInput): Promise<number> {
    return copyIntoPglite(input, async (sql, payload) => {
      await this.pglite.query(sql, [], { blob: new Blob([new Uint8Array(payload)]) });
    });
  }

  poolStats(): { total: number; idle: number; waiting: number } {
    return { total: 1, idle: 1, waiting: 0 };
  }

  async ping(): Promise<boolean> {
    try {
      await this.pglite.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}
