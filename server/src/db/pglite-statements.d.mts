import type { PGlite, Results, Transaction } from '@electric-sql/pglite';

export type PreparedStatements = {
  query<Row>(sql: string, params?: readonly unknown[], options?: { transaction?: Transaction; reusablePlan?: boolean }): Promise<Results<Row>>;
  /** Statements prepared and kept right now. */
  readonly size: number;
};

export function preparedStatements(pglite: PGlite, options?: { capacity?: number }): PreparedStatements;

/** A vector's text form in pgvector's binary input format; null when it is not a plain list of numbers. */
export function vectorBinary(text: unknown): Uint8Array | null;
