import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite corrupts a data dir that two processes open, so the embedded database has one owner:
 * the process named in DATA_DIR/aisle.lock. A lock whose process is gone is taken over.
 */
export type LockHolder = { pid: number; command: string; startedAt: string; url?: string };

export const LOCK_FILE = 'aisle.lock';

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(`Aisle is running on this data dir (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}): ${dataDir}`);
  }
}

export type DataDirLock = { file: string; holder: LockHolder; update(extra: Partial<LockHolder>): void; release(): void };

/** Locks held by this process, so that a lock naming our own pid can be told from a stale one left by an earlier process that had it. */
const heldHere = new Set<string>();

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0 ? (parsed as LockHolder) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    return null; // unreadable: left by a crash, not by a live holder (a holder writes it whole, see below)
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isStale = (file: string, holder: LockHolder | null) => holder === null || !isAlive(holder.pid) || (holder.pid === process.pid && !heldHere.has(file));

/** Takes the lock or throws DataDirLockedError naming the live holder. */
export function acquireDataDirLock(dataDir: string, command = defaultCommand()): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(path.resolve(dataDir), LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, command, startedAt: new Date().toISOString() };
  const draft = `${file}.${process.pid}.tmp`;
  // Written whole beside it, then linked into place: link() fails if the lock exists, so exactly one process wins and nobody reads half a file.
  writeFileSync(draft, JSON.stringify(holder));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
      }
      let current: LockHolder | null;
      try {
        current = readHolder(file);
      } catch {
        continue; // released meanwhile
      }
      if (!isStale(file, current)) throw new DataDirLockedError(path.resolve(dataDir), current!);
      // Renamed aside, not deleted: of two processes taking over the same stale lock, one rename finds nothing.
      try {
        renameSync(file, `${file}.stale`);
      } catch {
        /* another process moved it first; try again */
      }
    }
  } finally {
    unlinkSync(draft);
  }
  heldHere.add(file);
  // Replaced whole by rename, so a reader never sees a half-written holder.
  const write = () => {
    writeFileSync(draft, JSON.stringify(holder));
    renameSync(draft, file);
  };
  const release = () => {
    if (!heldHere.delete(file)) return;
    process.off('exit', release);
    try {
      if (readHolder(file)?.pid === process.pid) unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
  process.on('exit', release);
  return {
    file,
    holder,
    update(extra) {
      Object.assign(holder, extra);
      write();
    },
    release,
  };
}

function defaultCommand(): string {
  const script = process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : path.basename(process.argv[1] ?? 'node');
  return script;
}
