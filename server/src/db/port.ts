/**
 * The database port. Both adapters (PGlite in-process, `pg` over the wire) run the same
 * hand-written, parameterized SQL; repositories only ever see these interfaces.
 */
export type DbDriver = 'pglite' | 'pg';

export type QueryResult<Row> = { rows: Row[]; rowCount: number };

/**
 * `reusablePlan`: the statement's best plan does not depend on its values (lookups by key,
 * inserts), so PGlite may keep one plan for it instead of planning every run. Statements that
 * filter the catalog leave it out: "any category" plans badly for a category of ten rows.
 * The pg adapter plans every run (unnamed statements) and ignores it.
 */
export type QueryOptions = { reusablePlan?: boolean };

/** For a statement looked up by key or writing by key (see QueryOptions). */
export const REUSABLE_PLAN: QueryOptions = { reusablePlan: true };

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** One connection held for a while: session-level state (advisory locks, SET) stays on it. */
export interface DbSession extends Queryable {
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

export type CopyColumnType =
  | 'text'
  | 'uuid'
  | 'int4'
  | 'int8'
  | 'float4'
  | 'float8'
  | 'numeric'
  | 'bool'
  | 'jsonb'
  | 'timestamptz'
  | 'text[]'
  | 'vector';

export type CopyColumn = { name: string; type: CopyColumnType };

export type CopyRowsInput = {
  table: string;
  columns: readonly CopyColumn[];
  rows: Iterable<readonly unknown[]>;
  /** Rows per COPY statement; keeps each binary buffer small. */
  batchSize?: number;
};

export interface Db extends DbSession {
  readonly driver: DbDriver;
  /** Holds one connection for `work`; the pg adapter checks a client out of the pool. */
  withSession<T>(work: (session: DbSession) => Promise<T>): Promise<T>;
  /**
   * Bulk load. PGlite: COPY … (FORMAT binary), which skips its slow text parsing of vectors;
   * pg: one INSERT … SELECT FROM unnest(…) per batch.
   */
  copyRows(input: CopyRowsInput): Promise<number>;
  /** True when a trivial query round-trips. Never throws. */
  ping(): Promise<boolean>;
  /** Connections for /metrics: the pg pool's, or PGlite's single in-process one. */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** Vectors go in as their text form, which both drivers accept for a `vector` parameter. */
export function toVectorParam(vector: readonly number[]): string {
  return `[${vector.join(',')}]`;
}

/** Vectors come back as arrays (pg with pgvector types) or text (PGlite); normalize both. */
export function fromVectorValue(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value === 'string') return value.replace(/^\[|\]$/g, '').split(',').filter(Boolean).map(Number);
  throw new TypeError(`not a vector value: ${typeof value}`);
}

export function quoteIdent(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}
