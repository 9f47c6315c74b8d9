import type { Logger } from '../logger.js';
import { isDatabaseUnavailable } from './db-errors.js';
import type { Db } from './port.js';

export class DatabaseUnreachableError extends Error {
  constructor(target: string, seconds: number, cause: unknown) {
    super(`could not reach the database at ${target} within ${seconds} s (${(cause as Error)?.message ?? String(cause)}); check that it is running and that DATABASE_URL points at it`);
    this.name = 'DatabaseUnreachableError';
  }
}

/**
 * A database that is still starting (docker compose, a restarted host) is waited for: one
 * warning per attempt, backing off up to 5 s, until `timeoutMs`. `target` is host:port only —
 * the URL's password never reaches a log.
 */
export async function waitForDatabase(db: Db, { target, timeoutMs, logger }: { target: string; timeoutMs: number; logger: Logger }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1, pause = 250; ; attempt++, pause = Math.min(pause * 2, 5000)) {
    try {
      await db.query('SELECT 1');
      if (attempt > 1) logger.info({ target, attempt }, 'database reachable');
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      if (Date.now() + pause > deadline) throw new DatabaseUnreachableError(target, Math.round(timeoutMs / 1000), error);
      logger.warn({ target, attempt, retryInMs: pause, reason: (error as Error).message }, 'waiting for the database');
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** host:port of a Postgres URL, for messages. */
export function databaseTarget(url: string | undefined): string {
  if (!url) return 'the embedded database';
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}`;
}
