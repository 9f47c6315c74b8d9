import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openDb } from '../server/src/db/open-db.js';
import { limitHeapGrowth } from '../server/src/heap-growth.js';
import { createLogger } from '../server/src/logger.js';
import { ROOT_DIR } from '../server/src/paths.js';

export type BenchApp = { app: App; url: string; seedSeconds: number; stop: () => Promise<void> };

/** PGLITE_SHARED_BUFFERS_MB as an operator would set it: the default, or 512 MB from 50k products. */
export const cacheMbFor = (products: number) => (products >= 50_000 ? 512 : 128);

/**
 * The real app on a fresh embedded database holding `products` generated products, listening on
 * a free port, logging only warnings. The catalog is seeded first by `npm run seed` in its own
 * process, as an operator would, so the server's memory is that of a server, not of a bulk load.
 */
export async function startBenchApp({ products, env = {} }: { products: number; env?: Record<string, string> }): Promise<BenchApp> {
  limitHeapGrowth(); // as server/src/main.ts does
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisle-bench-app-'));
  const cacheMb = String(cacheMbFor(products));
  const started = performance.now();
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'server/src/cli/seed-cli.ts'), '--count', String(products)], {
    cwd: ROOT_DIR,
    env: { ...process.env, DATA_DIR: dir, PGLITE_SHARED_BUFFERS_MB: cacheMb, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`seeding ${products} products failed (exit ${seeded.status}):\n${seeded.stderr}`);
  const seedSeconds = (performance.now() - started) / 1000;
  // Every benchmark shopper comes from 127.0.0.1: the per-address limits would refuse them.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', CHAT_MESSAGES_PER_MINUTE_PER_IP: '1000000', CHAT_SOCKETS_PER_IP: '100000', DATA_DIR: dir, PGLITE_SHARED_BUFFERS_MB: cacheMb, PGLITE_THREAD: process.env.PGLITE_THREAD, ...env });
  const logger = createLogger(config);
  // Opened as the server opens it (the same thread choice), and closed here after the app.
  const db = await openDb(config, logger);
  const app = await createApp(config, { db, logger, print: () => undefined });
  const { port } = await app.listen();
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    seedSeconds,
    stop: async () => {
      await app.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
