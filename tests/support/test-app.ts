import type { Router } from 'express';
import type { App, AppDeps } from '../../server/src/app.js';
import { createApp } from '../../server/src/app.js';
import { captureLogger } from './capture-logger.js';
import { testConfig } from './test-config.js';
import { openMigratedPglite } from './test-db.js';
import type { Db } from '../../server/src/db/port.js';
import { seedCatalog } from '../../seed/seed-catalog.js';

export type RunningTestApp = { app: App; baseUrl: string; logLines: () => Array<Record<string, unknown>>; stop: () => Promise<void> };

/** The real app on a real port (0), over a copy of the migrated template database. */
export async function startTestApp(options: { routers?: Router[]; env?: Record<string, string>; webDistDir?: string; seedProducts?: number; auth?: AppDeps['auth'] } = {}): Promise<RunningTestApp> {
  const database = await openMigratedPglite();
  const { logger, lines } = captureLogger();
  const config = testConfig(options.env);
  const prepareDb = options.seedProducts ? (db: Db) => seedCatalog({ db, config, count: options.seedProducts! }).then(() => undefined) : undefined;
  const app = await createApp(config, { db: database.db, logger, routers: options.routers, webDistDir: options.webDistDir, prepareDb, auth: options.auth });
  const address = await app.listen();
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    logLines: lines,
    stop: async () => {
      await app.close();
      await database.cleanup();
    },
  };
}
