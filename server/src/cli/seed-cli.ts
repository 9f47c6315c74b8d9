import { parseArgs } from 'node:util';
import { seedCatalog, DEFAULT_SEED_COUNT } from '../../../seed/seed-catalog.js';
import { progressBar } from '../cli-progress.js';
import { loadConfigOrExit } from '../config-or-exit.js';
import { migrate } from '../db/migrate.js';
import { openDb } from '../db/open-db.js';
import { createLogger } from '../logger.js';
import { MIGRATIONS_DIR } from '../paths.js';

/** `npm run seed [-- --count 100000 --seed 42]`: upserts the generated catalog by sku. */
const { values } = parseArgs({ options: { count: { type: 'string' }, seed: { type: 'string' } } });
const count = Number(values.count ?? DEFAULT_SEED_COUNT);
const seed = Number(values.seed ?? 42);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run seed -- [--count N] [--seed S]  (N ≥ 1, whole numbers)\n');
  process.exit(2);
}

const config = loadConfigOrExit();
const logger = createLogger(config);
const db = await openDb(config, logger);
try {
  await migrate({ db, dir: MIGRATIONS_DIR, logger });
  const bar = progressBar('Seeding', count);
  const started = performance.now();
  const result = await seedCatalog({ db, config, count, seed, onProgress: bar.tick });
  bar.finish();
  logger.info({ ...result, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'seed complete');
} catch (error) {
  logger.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
