import type { PGlite } from '@electric-sql/pglite';

export type PgliteOptions = { sharedBuffersMb?: number };

export function createPglite(dataDir: string, options: PgliteOptions & { sessionSql: string }): Promise<PGlite>;

export function rowCountOf(result: { rows: unknown[]; fields: unknown[]; affectedRows?: number }): number;
