import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../server/src/db/migrate.js';
import { openPgDb } from '../../server/src/db/pg-db.js';
import { openPgliteDb } from '../../server/src/db/pglite-db.js';
import { MIGRATIONS_DIR } from '../../server/src/paths.js';
import { databaseUrl, findPostgresBin, hasPgvector, startRealPostgres, type RealPostgres } from './real-postgres.js';
import { available } from './required.js';

/** The migrated database every test on real Postgres copies (CREATE DATABASE … TEMPLATE). */
export const POSTGRES_TEMPLATE_DB = 'aisle_template';

/**
 * initdb costs seconds, so it runs once: a migrated PGlite data directory becomes the template
 * every test copies (see test-db.ts), and one real Postgres 15 + pgvector cluster serves every
 * test on the `postgres` driver, each in a database of its own made from a migrated template.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'aisle-template-'));
  const dataDir = path.join(root, 'pgdata');
  const db = await openPgliteDb(dataDir);
  await migrate({ db, dir: MIGRATIONS_DIR });
  await db.close();
  project.provide('templateDataDir', dataDir);

  let postgres: RealPostgres | null = null;
  const bin = findPostgresBin();
  if (available(bin !== null && hasPgvector(bin), 'PostgreSQL with pgvector (the real-database suites)')) {
    postgres = await startRealPostgres(bin!, mkdtempSync(path.join(os.tmpdir(), 'aisle-pg-')));
    const admin = new pg.Client({ connectionString: postgres.connectionString });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${POSTGRES_TEMPLATE_DB}`);
    await admin.end();
    const template = openPgDb({ connectionString: databaseUrl(postgres.connectionString, POSTGRES_TEMPLATE_DB), poolSize: 1 });
    await migrate({ db: template, dir: MIGRATIONS_DIR });
    await template.close();
  }
  project.provide('realPostgresUrl', postgres?.connectionString ?? null);
  return () => {
    postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDataDir: string;
    /** The real Postgres cluster's server URL, or null where none is installed (never under CI). */
    realPostgresUrl: string | null;
  }
}
