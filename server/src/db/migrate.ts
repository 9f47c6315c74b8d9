import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import type { Db, DbSession } from './port.js';

export type MigrationFile = { version: number; name: string; sql: string; checksum: string };
export type MigrationResult = { applied: string[]; alreadyApplied: number };

const FILE_PATTERN = /^(\d{4})_[a-z0-9_-]+\.sql$/;

export class MigrationError extends Error {
  constructor(
    readonly code: 'MIGRATION_CHANGED' | 'MIGRATION_MISSING' | 'MIGRATION_DUPLICATE_VERSION' | 'MIGRATION_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Line endings are normalized so a checkout with CRLF does not look like a tampered file. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export function readMigrationFiles(dir: string): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((name) => FILE_PATTERN.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name), 'utf8');
      return { version: Number(FILE_PATTERN.exec(name)?.[1]), name, sql, checksum: checksumOf(sql) };
    });
  files.forEach((file, i) => {
    const previous = files[i - 1];
    if (previous && previous.version === file.version) {
      throw new MigrationError('MIGRATION_DUPLICATE_VERSION', `Migrations ${previous.name} and ${file.name} share version ${file.version}.`);
    }
  });
  return files;
}

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    duration_ms integer NOT NULL
  )`;

// Session-level advisory lock: a second runner on the same Postgres waits here.
const LOCK = "SELECT pg_advisory_lock(hashtext('aisle:migrations'))";
const UNLOCK = "SELECT pg_advisory_unlock(hashtext('aisle:migrations'))";

type LedgerRow = { version: number; name: string; checksum: string };

function verifyApplied(files: MigrationFile[], applied: LedgerRow[]): void {
  for (const row of applied) {
    const file = files.find((f) => f.version === row.version);
    if (!file) {
      throw new MigrationError('MIGRATION_MISSING', `Migration ${row.name} was applied to this database but its file is missing from migrations/. Restore it: applied migrations are never deleted.`);
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        'MIGRATION_CHANGED',
        `Migration ${file.name} was changed after it was applied (recorded checksum ${row.checksum.slice(0, 12)}…, file now ${file.checksum.slice(0, 12)}…). ` +
          'Applied migrations are immutable: restore the file and put the change in a new migration.',
      );
    }
  }
}

async function applyOne(session: DbSession, file: MigrationFile): Promise<boolean> {
  return session.transaction(async (tx) => {
    // Re-checked inside the transaction: a runner that shares our session (pglite-socket)
    // does not wait on the advisory lock, so it may have applied this file already.
    const done = await tx.query<LedgerRow>('SELECT version, name, checksum FROM schema_migrations WHERE version = $1', [file.version]);
    if (done.rows[0]) {
      verifyApplied([file], done.rows);
      return false;
    }
    const started = performance.now();
    try {
      await tx.exec(file.sql);
    } catch (error) {
      throw new MigrationError('MIGRATION_FAILED', `Migration ${file.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
    }
    await tx.query('INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)', [
      file.version,
      file.name,
      file.checksum,
      Math.round(performance.now() - started),
    ]);
    return true;
  });
}

/** Applies pending migrations in order, each in its own transaction, under an advisory lock. */
export async function migrate({ db, dir, logger }: { db: Db; dir: string; logger?: Logger }): Promise<MigrationResult> {
  const files = readMigrationFiles(dir);
  return db.withSession(async (session) => {
    await session.query(LOCK);
    try {
      await session.exec(CREATE_LEDGER);
      const applied = (await session.query<LedgerRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows;
      verifyApplied(files, applied);
      const pending = files.filter((f) => !applied.some((a) => a.version === f.version));
      const result: MigrationResult = { applied: [], alreadyApplied: applied.length };
      for (const file of pending) {
        if (await applyOne(session, file)) {
          result.applied.push(file.name);
          logger?.info({ migration: file.name }, 'migration applied');
        } else result.alreadyApplied += 1;
      }
      if (result.applied.length === 0) logger?.debug({ count: applied.length }, 'database schema is up to date');
      return result;
    } finally {
      await session.query(UNLOCK).catch(() => undefined);
    }
  });
}
