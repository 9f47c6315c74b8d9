import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatOf, ImportFileError, validateRows, type ImportFormat } from '../catalog/import/import-products.js';
import { loadProducts } from '../catalog/load-products.js';
import { progressBar } from '../cli-progress.js';
import { loadConfigOrExit } from '../config-or-exit.js';
import { migrate } from '../db/migrate.js';
import { openDb } from '../db/open-db.js';
import { openEmbedder } from '../embedding/build-embedder.js';
import { createLogger } from '../logger.js';
import { MIGRATIONS_DIR } from '../paths.js';

/** `npm run catalog:import -- <file.json|file.csv> [--format json|csv]`; exits 1 if any row failed. */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { format: { type: 'string' } } });
const file = positionals[0];
const format = (values.format ?? (file ? formatOf(file) : null)) as ImportFormat | null;
if (!file || (format !== 'json' && format !== 'csv')) {
  process.stderr.write('usage: npm run catalog:import -- <products.json|products.csv> [--format json|csv]\n');
  process.exit(2);
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const config = loadConfigOrExit();
const logger = createLogger({ ...config, LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
const db = await openDb(config, logger);
try {
  await migrate({ db, dir: MIGRATIONS_DIR, logger });
  const embedder = await openEmbedder({ config, db, logger });
  const content = readFileSync(file, 'utf8');
  const { products, failed, rows } = validateRows(content, format);
  for (const failure of failed) out(`row ${failure.row}: ${failure.reason}`);
  const bar = progressBar('Importing', products.length);
  const { inserted, updated, unchanged } = await loadProducts({ db, embedder, products, onProgress: bar.tick });
  bar.finish();
  out(`${rows} rows: ${inserted} added, ${updated} updated, ${unchanged} unchanged, ${failed.length} failed`);
  if (failed.length > 0) process.exitCode = 1;
} catch (error) {
  if (error instanceof ImportFileError) out(`${error.code}: ${error.message}`);
  else logger.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
