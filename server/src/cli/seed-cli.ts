import { seedCatalog, DEFAULT_SEED_COUNT } from '../../../seed/seed-catalog.js';
import { progressBar } from '../cli-progress.js';
import { loadConfigOrExit } from '../config-or-exit.js';
import { createLogger } from '../logger.js';
import { embedderFor } from '../embedding/build-embedder.js';
import { fillVectorsWithProgress, openCliDatabase, parseCliArgs, usageError } from './cli-setup.js';

/** `npm run seed [-- --count 100000 --seed 42]`: upserts the generated catalog by sku. */
const USAGE = 'usage: npm run seed -- [--count N] [--seed S]  (N ≥ 1, whole numbers)';
const { values } = parseCliArgs(USAGE, { count: { type: 'string' }, seed: { type: 'string' } });
const count = Number(values.count ?? DEFAULT_SEED_COUNT);
const seed = Number(values.seed ?? 42);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) usageError(USAGE);

const config = loadConfigOrExit();
const logger = createLogger(config);
const db = await openCliDatabase(config, logger, { command: 'npm run seed' });
try {
  const bar = progressBar('Seeding', count);
  const started = performance.now();
  const result = await seedCatalog({ db, config, count, seed, onProgress: bar.tick, fillVectors: false });
  bar.finish();
  await fillVectorsWithProgress(db, embedderFor(config));
  logger.info({ ...result, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'seed complete');
} catch (error) {
  logger.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
