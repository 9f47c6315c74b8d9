import { readFileSync } from 'node:fs';
import { formatOf, ImportFileError, validateRows, type FieldReport, type ImportFormat } from '../catalog/import/import-products.js';
import { loadProducts } from '../catalog/load-products.js';
import { progressBar } from '../cli-progress.js';
import { loadConfigOrExit } from '../config-or-exit.js';
import { openEmbedder } from '../embedding/build-embedder.js';
import { createLogger } from '../logger.js';
import { fillVectorsWithProgress, openCliDatabase, parseCliArgs, usageError } from './cli-setup.js';

/** `npm run catalog:import -- <file.json|file.csv> [--format json|csv]`; exits 1 if any row failed. */
const USAGE = 'usage: npm run catalog:import -- <products.json|products.csv> [--format json|csv] [--vectors-later]  (--vectors-later: leave the vectors for the server to fill in when it starts)';
const { values, positionals } = parseCliArgs(USAGE, { format: { type: 'string' }, 'vectors-later': { type: 'boolean' } }, true);
const file = positionals[0];
const format = ((values.format as string | undefined) ?? (file ? formatOf(file) : null)) as ImportFormat | null;
if (!file || (format !== 'json' && format !== 'csv')) usageError(USAGE);

const out = (line: string) => process.stdout.write(`${line}\n`);

/** The field report as a merchant reads it: where each field came from, what was defaulted, kept or not used. */
function describeFields(fields: FieldReport): string[] {
  const list = (items: Array<{ column: string; rows: number }>) => items.map((i) => `${i.column} (${i.rows})`).join(', ');
  return [
    ...fields.mapped.map((m) => `${m.field} ← ${list(m.columns)}`),
    ...fields.defaulted.map((d) => `${d.field}: not in ${d.rows} row(s) → ${d.to}`),
    ...(fields.keptAsAttributes.length ? [`kept as attributes: ${list(fields.keptAsAttributes)}`] : []),
    ...(fields.ignored.length ? [`not used: ${list(fields.ignored)}`] : []),
  ];
}
const config = loadConfigOrExit();
const logger = createLogger({ ...config, LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
const db = await openCliDatabase(config, logger, { command: 'npm run catalog:import', instead: 'upload the file to it: POST /api/catalog/import with a merchant or admin API token' });
try {
  const embedder = await openEmbedder({ config, db, logger });
  const content = readFileSync(file, 'utf8');
  const { products, failed, rows, fields } = validateRows(content, format);
  for (const line of describeFields(fields)) out(line);
  for (const failure of failed) out(`row ${failure.row}: ${failure.reason}`);
  const bar = progressBar('Importing', products.length);
  const { inserted, updated, unchanged } = await loadProducts({ db, embedder, products, onProgress: bar.tick });
  bar.finish();
  out(`${rows} rows: ${inserted} added, ${updated} updated, ${unchanged} unchanged, ${failed.length} failed; searchable by words now`);
  if (!values['vectors-later']) await fillVectorsWithProgress(db, embedder);
  if (failed.length > 0) process.exitCode = 1;
} catch (error) {
  if (error instanceof ImportFileError) out(`${error.code}: ${error.message}`);
  else logger.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
