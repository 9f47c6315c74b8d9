import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { inject } from 'vitest';
import { openPgDb } from '../../server/src/db/pg-db.js';
import { openPgliteDb, type PgliteDb } from '../../server/src/db/pglite-db.js';
import { openPgliteWorkerDb } from '../../server/src/db/pglite-worker-db.js';
import type { Db } from '../../server/src/db/port.js';

export type TestDb = { db: Db; cleanup: () => Promise<void> };

const created: string[] = [];
/** Folders of this test worker, removed when it exits (databases and builds add up to gigabytes). */
process.once('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'aisle-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

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

export type DriverCase = { name: 'pglite' | 'pg' | 'pglite-worker'; open: (opts: { migrated: boolean }) => Promise<TestDb> };

/** The same test body runs on both drivers: PGlite in-process, and `pg` over the wire. */
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
