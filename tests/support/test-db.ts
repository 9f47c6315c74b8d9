import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { inject } from 'vitest';
import { openPgDb } from '../../server/src/db/pg-db.js';
import { openPgliteDb, type PgliteDb } from '../../server/src/db/pglite-db.js';
import { openPgliteWorkerDb } from '../../server/src/db/pglite-worker-db.js';
import type { Db } from '../../server/src/db/port.js';
import { databaseUrl } from './real-postgres.js';
import { tempDir } from './temp-dir.js';

export type TestDb = { db: Db; cleanup: () => Promise<void> };

export { tempDir };

/** A copy of the migrated template, opened by `open`: real Postgres, no initdb per test. */
async function openMigratedCopy<T extends Db>(open: (dataDir: string) => Promise<T>): Promise<{ db: T; dataDir: string; cleanup: () => Promise<void> }> {
  const root = tempDir();
  const dataDir = path.join(root, 'pgdata');
  cpSync(inject('templateDataDir'), dataDir, { recursive: true });
  const db = await open(dataDir);
  return {
    db,
    dataDir,
    cleanup: async () => {
      await db.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A migrated PGlite database on the caller's thread. */
export function openMigratedPglite(): Promise<{ db: PgliteDb; dataDir: string; cleanup: () => Promise<void> }> {
  return openMigratedCopy(async (dataDir) => (await openPgliteDb(dataDir)) as PgliteDb);
}

/** The same, with PGlite on a worker thread (PGLITE_THREAD=worker). */
export function openMigratedPgliteWorker(): Promise<TestDb & { dataDir: string }> {
  return openMigratedCopy((dataDir) => openPgliteWorkerDb(dataDir));
}

/** A brand-new, unmigrated PGlite database (pays for initdb). */
export async function openFreshPglite(): Promise<{ db: PgliteDb; cleanup: () => Promise<void> }> {
  const db = (await openPgliteDb('memory://')) as PgliteDb;
  return { db, cleanup: () => db.close() };
}

/**
 * Serves a PGlite database over the Postgres wire protocol so the `pg` adapter runs against
 * it. One PGlite session sits underneath: connections share SET and advisory locks, and
 * the multiplexer gives a transaction its connection exclusively.
 */
export async function servePgliteOverWire(pglite: PgliteDb, poolSize = 1): Promise<{ db: Db; connectionString: string; cleanup: () => Promise<void> }> {
  const server = new PGLiteSocketServer({ db: pglite.pglite, port: 0, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  const connectionString = `postgres://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  const db = openPgDb({ connectionString, poolSize });
  return {
    db,
    connectionString,
    cleanup: async () => {
      await db.close();
      await server.stop();
    },
  };
}

let databases = 0;

/**
 * A database of its own on the real Postgres 15 + pgvector cluster (global-setup.ts): a copy of
 * the migrated template, or an empty one for the migrations' own tests. Dropped at cleanup.
 */
export async function openRealPostgres({ migrated }: { migrated: boolean }): Promise<TestDb & { connectionString: string }> {
  const server = inject('realPostgresUrl');
  if (!server) throw new Error('no real Postgres in this run');
  const name = `aisle_test_${process.pid}_${++databases}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${migrated ? 'aisle_template' : 'template0'}`);
  } finally {
    await admin.end();
  }
  const connectionString = databaseUrl(server, name);
  const db = openPgDb({ connectionString, poolSize: 4 });
  return {
    db,
    connectionString,
    cleanup: async () => {
      await db.close();
      const dropper = new pg.Client({ connectionString: server });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export type DriverCase = { name: 'pglite' | 'pg' | 'postgres' | 'pglite-worker'; open: (opts: { migrated: boolean }) => Promise<TestDb> };

/** On real Postgres 15 + pgvector, where this run has it (CI always does: global-setup.ts refuses to go on without). */
const realPostgres: DriverCase[] = inject('realPostgresUrl') ? [{ name: 'postgres', open: openRealPostgres }] : [];

/**
 * The same test body runs on every driver: PGlite in-process, `pg` over the wire to PGlite, and
 * `pg` on a real Postgres 15 with pgvector, as production runs.
 */
export const bothDrivers: DriverCase[] = [
  {
    name: 'pglite',
    open: async ({ migrated }) => (migrated ? openMigratedPglite() : openFreshPglite()),
  },
  {
    name: 'pg',
    open: async ({ migrated }) => {
      const local = migrated ? await openMigratedPglite() : await openFreshPglite();
      const wire = await servePgliteOverWire(local.db);
      return {
        db: wire.db,
        cleanup: async () => {
          await wire.cleanup();
          await local.cleanup();
        },
      };
    },
  },
  ...realPostgres,
];

/** Both drivers, and PGlite on its worker thread: for the database port's own tests. */
export const allDrivers: DriverCase[] = [
  ...bothDrivers,
  {
    name: 'pglite-worker',
    open: async ({ migrated }) => {
      if (migrated) return openMigratedPgliteWorker();
      const db = await openPgliteWorkerDb('memory://');
      return { db, cleanup: () => db.close() };
    },
  },
];
