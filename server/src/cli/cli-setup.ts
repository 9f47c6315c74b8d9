import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { migrate } from '../db/migrate.js';
import { openDb } from '../db/open-db.js';
import type { Db } from '../db/port.js';
import type { Embedder } from '../embedding/port.js';
import type { Logger } from '../logger.js';
import { countPendingVectors, fillEmbeddings } from '../catalog/fill-embeddings.js';
import { progressBar } from '../cli-progress.js';
import { MIGRATIONS_DIR } from '../paths.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with `--help` (usage on stdout, exit 0) and a usage line instead of a stack trace for unknown or malformed flags (exit 2). */
export function parseCliArgs<O extends Options>(usage: string, options: O, allowPositionals = false) {
  try {
    const parsed = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
    if ((parsed.values as { help?: boolean }).help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return parsed as unknown as { values: Partial<Record<keyof O, string | boolean>>; positionals: string[] };
  } catch (error) {
    return usageError(usage, (error as Error).message);
  }
}

export function usageError(usage: string, problem?: string): never {
  process.stderr.write(`${problem ? `${problem}\n` : ''}${usage}\n`);
  process.exit(2);
}

/**
 * Opens and migrates the database for a command that writes. On the embedded database a running
 * server holds the data dir: the command then changes nothing and says what to do instead.
 */
export async function openCliDatabase(config: Config, logger: Logger, { command, instead, migrateFirst = true }: { command: string; instead?: string; migrateFirst?: boolean }): Promise<Db> {
  let db: Db;
  try {
    db = await openDb(config, logger);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const where = error.holder.url ? `, ${error.holder.url}` : '';
    process.stderr.write(`Aisle is running on this data dir (pid ${error.holder.pid}${where}): stop it, ${instead ? `or ${instead}` : `then run ${command} again`}.\nNothing was changed.\n`);
    process.exit(1);
  }
  try {
    if (migrateFirst) await migrate({ db, dir: MIGRATIONS_DIR, logger });
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** After a load with a model that fills in the background: embeds the waiting rows with a progress bar. */
export async function fillVectorsWithProgress(db: Db, embedder: Embedder): Promise<void> {
  if (!embedder.fillsInBackground) return;
  const bar = progressBar('Embedding', await countPendingVectors(db));
  await fillEmbeddings({ db, embedder, onProgress: (done) => bar.tick(done) });
  bar.finish();
}
