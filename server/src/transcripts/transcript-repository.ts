import { AppError, NotFoundError } from '../errors.js';
import { REUSABLE_PLAN, type Db, type Queryable } from '../db/port.js';

export type SessionRow = { id: string; shopperId: string | null; mode: 'llm' | 'offline'; state: unknown; createdAt: Date };
export type StoredMessage = { id: number; turnId: string | null; role: 'user' | 'assistant' | 'system'; text: string; products: unknown[]; suggestions: string[]; createdAt: Date };
export type TurnStatus = 'pending' | 'running' | 'completed' | 'failed' | 'interrupted';

/** Sessions, messages and turns: the durable record of every conversation. */
export async function createSession(db: Queryable, { mode, shopperId }: { mode: 'llm' | 'offline'; shopperId?: string | null }): Promise<SessionRow> {
  if (shopperId) await db.query('INSERT INTO shoppers (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET last_seen_at = now()', [shopperId], REUSABLE_PLAN);
  const { rows } = await db.query<{ id: string; shopper_id: string | null; mode: 'llm' | 'offline'; state: unknown; created_at: Date }>(
    'INSERT INTO sessions (shopper_id, mode) VALUES ($1, $2) RETURNING id, shopper_id, mode, state, created_at',
    [shopperId ?? null, mode],
    REUSABLE_PLAN,
  );
  const row = rows[0]!;
  return { id: row.id, shopperId: row.shopper_id, mode: row.mode, state: row.state, createdAt: row.created_at };
}

export async function getSession(db: Queryable, id: string): Promise<SessionRow | null> {
  const { rows } = await db.query<{ id: string; shopper_id: string | null; mode: 'llm' | 'offline'; state: unknown; created_at: Date }>(
    'SELECT id, shopper_id, mode, state, created_at FROM sessions WHERE id = $1',
    [id],
    REUSABLE_PLAN,
  );
  const row = rows[0];
  return row ? { id: row.id, shopperId: row.shopper_id, mode: row.mode, state: row.state, createdAt: row.created_at } : null;
}

/** A turn older than this that never finished (its server died) no longer blocks the session. */
const TURN_LOCK_SECONDS = 120;

/**
 * More columns the accept's statement returns, read in its snapshot (so before its own writes):
 * `select` and `from` (joined after `FROM (SELECT 1) one`) may use `$1`, the session, and
 * `params`, numbered from `firstParam`.
 */
export type AcceptReads = (firstParam: number) => { select: string; from: string; params: unknown[] };

/**
 * Stores the shopper's message and opens its turn, in one transaction, before any LLM call.
 * The same clientMessageId again returns the existing turn instead of creating a second one.
 * `reads`: what the turn starts from, read in the same statement (one trip fewer on the way to the LLM).
 */
export async function recordUserMessage(db: Db, { sessionId, text, clientMessageId, runnerId, reads }: { sessionId: string; text: string; clientMessageId: string; runnerId?: string; reads?: AcceptReads }): Promise<{ turnId: string; created: boolean; read?: Record<string, unknown> }> {
  const params: unknown[] = [sessionId, runnerId ?? null, text, clientMessageId, TURN_LOCK_SECONDS];
  const extra = reads?.(params.length + 1);
  if (extra) params.push(...extra.params);
  return db.transaction(async (tx) => {
    // Locking the session row serializes accepts across server processes: a shopper who
    // reconnected to another server cannot start a second turn while the first still runs.
    // The statement after the lock sees what a transaction we waited for wrote: it checks for a
    // resend and a running turn, and writes the turn, the message and the session only if neither.
    const locked = await tx.query('SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE', [sessionId], REUSABLE_PLAN);
    if (!locked.rows[0]) throw new NotFoundError('This chat session does not exist.', 'SESSION_NOT_FOUND');
    const { rows } = await tx.query<{ existing: string | null; busy: boolean; created: string | null } & Record<string, unknown>>(
      `WITH existing AS (
         SELECT turn_id FROM messages WHERE session_id = $1 AND client_message_id = $4
       ), busy AS (
         ${unfinishedTurn('$1', '$5')}
       ), turn AS (
         INSERT INTO turns (session_id, seq, runner_id)
         SELECT $1, (SELECT coalesce(max(seq), 0) + 1 FROM turns WHERE session_id = $1), $2
         WHERE NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM busy)
         RETURNING id
       ), message AS (
         INSERT INTO messages (session_id, turn_id, role, text, client_message_id) SELECT $1, id, 'user', $3, $4 FROM turn
       ), touched AS (
         UPDATE sessions SET updated_at = now() WHERE id = $1 AND EXISTS (SELECT 1 FROM turn)
       )
       SELECT (SELECT turn_id FROM existing) AS existing, EXISTS (SELECT 1 FROM busy) AS busy, (SELECT id FROM turn) AS created${extra ? `, ${extra.select} FROM (SELECT 1) one ${extra.from}` : ''}`,
      params,
      REUSABLE_PLAN,
    );
    const { existing, busy, created, ...read } = rows[0]!;
    if (existing) return { turnId: existing, created: false };
    if (busy || !created) throw turnInProgress();
    return extra ? { turnId: created, created: true, read } : { turnId: created, created: true };
  });
}

export const turnInProgress = () => new AppError('TURN_IN_PROGRESS', 'Please wait for the current answer before sending another message.', 409);

/** A row when the session has a turn pending or running that started less than the lock time ago. */
const unfinishedTurn = (session: string, lockSeconds: string) =>
  `SELECT 1 FROM turns WHERE session_id = ${session} AND status IN ('pending', 'running') AND started_at > now() - make_interval(secs => ${lockSeconds}) LIMIT 1`;

async function refuseWhileTurnRuns(tx: Queryable, sessionId: string): Promise<void> {
  const running = await tx.query(unfinishedTurn('$1', '$2'), [sessionId, TURN_LOCK_SECONDS], REUSABLE_PLAN);
  if (running.rows[0]) throw turnInProgress();
}

/**
 * chat:retry: an interrupted turn (its server died, or the database went away midway) runs
 * again on the message already stored, so nothing is sent twice. Returns that message.
 */
export async function reopenInterruptedTurn(db: Db, { sessionId, turnId, runnerId }: { sessionId: string; turnId: string; runnerId?: string }): Promise<{ text: string }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE', [sessionId], REUSABLE_PLAN);
    const { rows } = await tx.query<{ status: TurnStatus; text: string }>(
      `SELECT t.status, m.text FROM turns t JOIN messages m ON m.turn_id = t.id AND m.role = 'user' WHERE t.id = $1 AND t.session_id = $2`,
      [turnId, sessionId],
      REUSABLE_PLAN,
    );
    const turn = rows[0];
    if (!turn) throw new AppError('TURN_NOT_FOUND', 'There is no such message in this conversation.', 404);
    if (turn.status !== 'interrupted') throw new AppError('TURN_NOT_INTERRUPTED', 'That message was answered or is being answered; there is nothing to retry.', 409);
    await refuseWhileTurnRuns(tx, sessionId);
    await tx.query(`UPDATE turns SET status = 'pending', runner_id = $2, started_at = now(), finished_at = NULL WHERE id = $1`, [turnId, runnerId ?? null], REUSABLE_PLAN);
    return { text: turn.text };
  });
}

/** Turns of a session that were interrupted and never answered: the widget offers a retry for each. */
export async function interruptedTurnIds(db: Queryable, sessionId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM turns WHERE session_id = $1 AND status = 'interrupted'`, [sessionId], REUSABLE_PLAN);
  return new Set(rows.map((r) => r.id));
}

/**
 * Stores the assistant's answer, closes the turn with its trace, adds its LLM tokens to the
 * session's total and, for a turn that succeeded, saves the conversation state: one statement,
 * so all of it lands or none does.
 */
export async function completeTurn(
  db: Queryable,
  { sessionId, turnId, text, products, suggestions, degraded, status, trace, llmTokens, state }: { sessionId: string; turnId: string; text: string; products: unknown[]; suggestions: string[]; degraded: boolean; status: TurnStatus; trace: unknown; llmTokens: number; state?: unknown },
): Promise<void> {
  await db.query(
    `WITH answer AS (
       INSERT INTO messages (session_id, turn_id, role, text, products, suggestions) VALUES ($1, $2, 'assistant', $3, $4::jsonb, $5::jsonb)
     ), closed AS (
       UPDATE turns SET status = $6, degraded = $7, trace = $8::jsonb, finished_at = now() WHERE id = $2
     )
     UPDATE sessions SET llm_tokens = llm_tokens + $9, state = coalesce($10::jsonb, state), updated_at = now() WHERE id = $1`,
    [sessionId, turnId, text, JSON.stringify(products), JSON.stringify(suggestions), status, degraded, JSON.stringify(trace), llmTokens, state === undefined ? null : JSON.stringify(state)],
    REUSABLE_PLAN,
  );
}

export async function listMessages(db: Queryable, sessionId: string): Promise<StoredMessage[]> {
  const { rows } = await db.query<{ id: number; turn_id: string | null; role: StoredMessage['role']; text: string; products: unknown[]; suggestions: string[]; created_at: Date }>(
    'SELECT id, turn_id, role, text, products, suggestions, created_at FROM messages WHERE session_id = $1 ORDER BY id',
    [sessionId],
    REUSABLE_PLAN,
  );
  return rows.map((r) => ({ id: r.id, turnId: r.turn_id, role: r.role, text: r.text, products: r.products, suggestions: r.suggestions, createdAt: r.created_at }));
}

export async function getTurn(db: Queryable, turnId: string): Promise<{ id: string; status: TurnStatus; degraded: boolean; trace: Record<string, unknown> } | null> {
  const { rows } = await db.query<{ id: string; status: TurnStatus; degraded: boolean; trace: Record<string, unknown> }>('SELECT id, status, degraded, trace FROM turns WHERE id = $1', [turnId], REUSABLE_PLAN);
  return rows[0] ?? null;
}
