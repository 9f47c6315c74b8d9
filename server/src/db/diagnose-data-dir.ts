import { existsSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** PGlite reports every failed open as "failed to initialize"; this says which of the usual causes it was, and what to do. */
export class DataDirUnusableError extends Error {
  readonly code = 'DATA_DIR_UNUSABLE';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}

const MIN_FREE_BYTES = 32 * 1024 * 1024; // a WAL segment and then some

/** Looks at the folder PGlite could not open: a full disk, no write access, missing or damaged files. */
export function diagnoseDataDir(pgdata: string, cause: unknown): DataDirUnusableError {
  const why = (cause as Error)?.message ?? String(cause);
  const fail = (sentence: string) => new DataDirUnusableError(`${sentence} (the embedded database said: ${why})`, { cause });
  try {
    const { bavail, bsize } = statfsSync(existsSync(pgdata) ? pgdata : path.dirname(pgdata));
    if (bavail * bsize < MIN_FREE_BYTES) return fail(`The disk holding ${pgdata} is full (${Math.round((bavail * bsize) / 1024)} kB free). Free some space, then start Aisle again; nothing already stored is lost.`);
  } catch {
    /* no statfs here: go on with the other checks */
  }
  const probe = path.join(existsSync(pgdata) ? pgdata : path.dirname(pgdata), `.aisle-write-probe-${process.pid}`);
  try {
    writeFileSync(probe, 'ok');
    unlinkSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') return fail(`The disk holding ${pgdata} is full. Free some space, then start Aisle again; nothing already stored is lost.`);
    return fail(`Aisle may not write to ${pgdata} (${code}: read-only or not permitted). Mount it writable, give it to the user that runs Aisle, or point DATA_DIR at a writable folder.`);
  }
  const missing = ['PG_VERSION', 'global/pg_control', 'base'].filter((part) => !existsSync(path.join(pgdata, part)));
  if (missing.length) return fail(`The embedded database in ${pgdata} is incomplete (${missing.join(', ')} missing). Restore the folder from a backup, or move it aside to start with a new, empty database.`);
  return fail(`The embedded database in ${pgdata} could not be opened: its files look damaged. Restore the folder from a backup, or move it aside to start with a new, empty database.`);
}
