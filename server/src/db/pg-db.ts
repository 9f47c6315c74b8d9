import pg from 'pg';
import pgvector from 'pgvector/pg';
import { SESSION_SETTINGS_SQL } from './session-settings.js';
import { batches, unnestInsertStatement, unnestParams } from './unnest-insert.js';
import { quoteIdent, type CopyRowsInput, type Db, type DbSession, type Queryable, type QueryResult } from './port.js';

export type PgDbOptions = { connectionString: string; poolSize: number; onError?: (error: Error) => void };

/**
 * Applies the session settings and registers pgvector's parsers on each new connection. Before the first migration the
 * vector type does not exist yet; such a connection simply returns vectors as text,
 * which `fromVectorValue` reads too.
 */
async function prepareConnection(client: pg.ClientBase): Promise<void> {
  await client.query(SESSION_SETTINGS_SQL);
  const found = await client.query("SELECT to_regtype('vector') IS NOT NULL AS present");
  if (found.rows[0]?.present) await pgvector.registerTypes(client);
}

/** bigint columns come back as numbers, as PGlite returns them (ids and counts stay below 2^53). */
const sameTypesAsPglite = ((oid: number, format?: 'text' | 'binary') =>
  oid === pg.types.builtins.INT8 && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser;

function wrap(client: pg.Pool | pg.PoolClient | pg.Client): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql); // no parameters: the simple protocol runs every statement
    },
  };
}

async function inTransaction<T>(client: pg.PoolClient | pg.Client, work: (tx: Queryable) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work(wrap(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export function openPgDb(options: PgDbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    onConnect: prepareConnection,
    types: { getTypeParser: sameTypesAsPglite },
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (error) => options.onError?.(error));
  return new PgDb(pool);
}

export class PgDb implements Db {
  readonly driver = 'pg' as const;
  private readonly direct: Queryable;

  constructor(private readonly pool: pg.Pool) {
    this.direct = wrap(pool);
  }

  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    return this.direct.query<Row>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.direct.exec(sql);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await inTransaction(client, work);
    } finally {
      client.release();
    }
  }

  async withSession<T>(work: (session: DbSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await work({ ...wrap(client), transaction: (w) => inTransaction(client, w) });
    } finally {
      client.release();
    }
  }

  async copyRows({ table, columns, rows, batchSize = 5000 }: CopyRowsInput): Promise<number> {
    const sql = unnestInsertStatement(table, columns, quoteIdent);
    let total = 0;
    for (const batch of batches(rows, batchSize)) {
      await this.pool.query(sql, unnestParams(columns, batch));
      total += batch.length;
    }
    return total;
  }

  poolStats(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
