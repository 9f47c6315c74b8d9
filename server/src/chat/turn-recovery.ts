import { randomUUID } from 'node:crypto';
import type { Db } from '../db/port.js';
import type { Logger } from '../logger.js';

/** How often a process says it is alive, and how long a silent one is given before its turns count as interrupted. */
export const HEARTBEAT_MS = 5_000;
const STALE_SECONDS = 20;
/** A pending turn younger than this may be between its accept and its start: left alone. */
const PENDING_GRACE_SECONDS = 10;

/**
 * Turns left unfinished by a process that died, or by this one when the database went away
 * mid-turn, are marked 'interrupted': the acknowledged message stays, the session is no longer
 * blocked, and the shopper is offered a retry (chat:retry).
 */
export class TurnRecovery {
  readonly runnerId = randomUUID();
  /** Turns this process is running right now. */
  readonly active = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    /** Embedded PGlite has one process: every unfinished turn at start is an orphan. */
    private readonly soleProcess: boolean,
  ) {}

  async start(): Promise<void> {
    await this.db.query('INSERT INTO runners (id) VALUES ($1)', [this.runnerId]);
    const orphaned = await this.sweep(this.soleProcess);
    if (orphaned) this.logger.warn({ turns: orphaned }, 'turns left unfinished by a previous run were marked interrupted');
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.db.query('DELETE FROM runners WHERE id = $1', [this.runnerId]).catch(() => undefined);
  }

  /** Heartbeat and sweep; a database outage is logged and retried on the next beat. */
  private async beat(): Promise<void> {
    try {
      await this.db.query('INSERT INTO runners (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET seen_at = now()', [this.runnerId]);
      const interrupted = await this.sweep(this.soleProcess);
      if (interrupted) this.logger.warn({ turns: interrupted }, 'unfinished turns marked interrupted');
    } catch (error) {
      this.logger.warn({ err: error }, 'turn recovery could not reach the database; will retry');
    }
  }

  /**
   * Marks interrupted: unfinished turns of processes that stopped beating (or of every other
   * process, when this one is the only one), and this process's own turns that it no longer runs.
   */
  async sweep(allOthers: boolean): Promise<number> {
    const { rows } = await this.db.query<{ id: string }>(
      `UPDATE turns SET status = 'interrupted', finished_at = now()
       WHERE status IN ('pending', 'running')
         AND (status = 'running' OR started_at < now() - make_interval(secs => $4))
         AND CASE WHEN runner_id = $1 THEN NOT (id = ANY($2::uuid[]))
                  WHEN $3 THEN true
                  ELSE runner_id IS NULL OR NOT EXISTS (SELECT 1 FROM runners r WHERE r.id = turns.runner_id AND r.seen_at > now() - make_interval(secs => $5))
             END
       RETURNING id`,
      [this.runnerId, [...this.active], allOthers, PENDING_GRACE_SECONDS, STALE_SECONDS],
    );
    await this.db.query('DELETE FROM runners WHERE seen_at < now() - make_interval(secs => $1)', [STALE_SECONDS * 30]);
    return rows.length;
  }
}
