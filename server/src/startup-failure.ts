import path from 'node:path';
import type { Config } from './config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { DataDirUnusableError } from './db/diagnose-data-dir.js';

type Failure = { code?: unknown; message?: unknown; name?: unknown; path?: unknown };

/** What stopped the start, as a sentence that says what is wrong and what to do about it. */
export function describeStartupFailure(error: unknown, config: Pick<Config, 'DATA_DIR' | 'DATABASE_URL'>): string {
  const dataDir = path.resolve(config.DATA_DIR);
  if (error instanceof DataDirLockedError) {
    const { pid, command, startedAt, url } = error.holder;
    return `Another Aisle process (pid ${pid}, ${command}, since ${startedAt}${url ? `, serving ${url}` : ''}) already uses the data dir ${error.dataDir}. Stop it first, or give this server a DATA_DIR of its own.`;
  }
  if (error instanceof DataDirUnusableError) return error.message;
  const { code, message, name } = (typeof error === 'object' && error !== null ? error : {}) as Failure;
  const text = typeof message === 'string' && message ? message : String(error);
  if (code === 'ENOSPC' || code === '53100' || /no space left on device|could not extend file/i.test(text)) {
    return `The disk holding ${config.DATABASE_URL ? 'the database' : `the data dir ${dataDir}`} is full (${text}). Free some space, then start Aisle again; nothing that was already stored is lost.`;
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return `Aisle may not write to ${typeof (error as Failure).path === 'string' ? (error as Failure).path : dataDir} (${code}). Give the data dir to the user that runs Aisle, or point DATA_DIR at a writable folder.`;
  }
  if (code === 'ENOENT' && !config.DATABASE_URL) {
    return `A file of the embedded database is missing (${text}). If ${dataDir} was moved or partly deleted, restore it from a backup, or move it aside to start with a new, empty database.`;
  }
  // PGlite's WASM build aborts without a message when the files it reads are damaged.
  if (!config.DATABASE_URL && (name === 'RuntimeError' || /^Aborted\(/.test(text))) {
    return `The embedded database in ${dataDir} could not be opened: its files look damaged (${text.split('.')[0]}). Restore the folder from a backup, or move it aside to start with a new, empty database.`;
  }
  return `Aisle could not start: ${text}`;
}
