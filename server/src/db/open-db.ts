import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openPgDb } from './pg-db.js';
import type { Db } from './port.js';

/** DATABASE_URL selects a real Postgres; otherwise the embedded PGlite lives in DATA_DIR. */
export async function openDb(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DATABASE_POOL_SIZE' | 'PGLITE_SHARED_BUFFERS_MB' | 'PGLITE_THREAD'>, logger: Logger): Promise<Db> {
  if (config.DATABASE_URL) {
    logger.info({ driver: 'pg' }, 'using Postgres from DATABASE_URL');
    return openPgDb({
      connectionString: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      onError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
    });
  }
  const dataDir = path.resolve(config.DATA_DIR, 'pgdata');
  logger.info({ driver: 'pglite', dataDir, thread: config.PGLITE_THREAD }, 'using embedded PGlite');
  const options = { sharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB };
  // Loaded on demand: with the worker, PGlite's modules live only on the worker's thread.
  if (config.PGLITE_THREAD === 'worker') return (await import('./pglite-worker-db.js')).openPgliteWorkerDb(dataDir, options);
  return (await import('./pglite-db.js')).openPgliteDb(dataDir, options);
}
