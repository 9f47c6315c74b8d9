import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { openPgDb } from './pg-db.js';
import type { Db } from './port.js';
import { diagnoseDataDir } from './diagnose-data-dir.js';

const locks = new WeakMap<Db, DataDirLock>();

/** The data-dir lock an embedded database holds (none with DATABASE_URL): the server writes its URL into it. */
export const dataDirLockOf = (db: Db): DataDirLock | undefined => locks.get(db);

/**
 * DATABASE_URL selects a real Postgres; otherwise the embedded PGlite lives in DATA_DIR, held by
 * this process alone until the database is closed (DataDirLockedError names the holder).
 */
export async function openDb(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DATABASE_POOL_SIZE' | 'PGLITE_SHARED_BUFFERS_MB' | 'PGLITE_THREAD'>, logger: Logger): Promise<Db> {
  if (config.DATABASE_URL) {
    logger.info({ driver: 'pg' }, 'using Postgres from DATABASE_URL');
    return openPgDb({
      connectionString: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      onError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
    });
  }
  const lock = acquireDataDirLock(config.DATA_DIR);
  const dataDir = path.resolve(config.DATA_DIR, 'pgdata');
  logger.info({ driver: 'pglite', dataDir, thread: config.PGLITE_THREAD }, 'using embedded PGlite');
  const options = { sharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB };
  let db: Db;
  try {
    // Loaded on demand: with the worker, PGlite's modules live only on the worker's thread.
    db = config.PGLITE_THREAD === 'worker' ? await (await import('./pglite-worker-db.js')).openPgliteWorkerDb(dataDir, options) : await (await import('./pglite-db.js')).openPgliteDb(dataDir, options);
  } catch (error) {
    lock.release();
    throw diagnoseDataDir(dataDir, error);
  }
  const close = db.close.bind(db);
  db.close = async () => {
    try {
      await close();
    } finally {
      lock.release();
    }
  };
  locks.set(db, lock);
  return db;
}
