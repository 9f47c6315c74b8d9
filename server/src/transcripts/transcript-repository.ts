import { AppError } from '../errors.js';
import type { Db, Queryable } from '../db/port.js';

export type SessionRow = { id: string; shopperId: string | null; mode: 'llm' | 'offline'; state: unknown; createdAt: Date };
export type StoredMessage = { id: number; turnId: string | null; role: 'user' | 'assistant' | 'system'; text: string; products: unknown[]; suggestions: string[]; createdAt: Date };
export type TurnStatus = 'pending' | 'running' | 'completed' | 'failed' | 'interrupted';

/** Sessions, messages and turns: the durable record of every conversation. */
export async function createSession(db: Queryable, { mode, shopperId }: { mode: 'llm' | 'offline'; shopperId?: string | null }): Promise<SessionRow> {
  if (shopperId) await db.query('INSERT INTO shoppers (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET last_seen_at = now()', [shopperId]);
  const { rows } = await db.query<{ id: string; shopper_id: string | null; mode: 'llm' | 'offline'; state: unknown; created_at: Date }>(
    'INSERT INTO sessions (shopper_id, mode) VALUES ($1, $2) RETURNING id, shopper_id, mode, state, created_at',
    [shopperId ?? null, mode],
  );
  const row = rows[0]!;
  return { id: row.id, shopperId: row.shopper_id, mode: row.mode, state: row.state, createdAt: row.created_at };
}

export async function getSession(db: Queryable, id: string): Promise<SessionRow | null> {
  const { rows } = await db.query<{ id: string; shopper_id: string | null; mode: 'llm' | 'offline'; state: unknown; created_at: Date }>(
    'SELECT id, shopper_id, mode, state, created_at FROM sessions WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return row ? { id: row.id, shopperId: row.shopper_id, mode: row.mode, state: row.state, createdAt: row.created_at } : null;
}

export async function saveSessionState(db: Queryable, id: string, state: unknown): Promise<void> {
  await db.query('UPDATE sessions SET state = $2::jsonb, updated_at = now() WHERE id = $1', [id, JSON.stringify(state)]);
}

/**
 * Stores the shopper's message and opens its turn, in one transaction, before any LLM call.
 * The same clientMessageId again returns the existing turn instead of creating a second one.
 */
/** A turn older than this that never finished (its server died) no longer blocks the session. */
const TURN_LOCK_SECONDS = 120;

export async function recordUserMessage(db: Db, { sessionId, text, clientMessageId, runnerId }: { sessionId: string; text: string; clientMessageId: string; runnerId?: string }): Promise<{ turnId: string; created: boolean }> {
  return db.transaction(async (tx) => {
    // Locking the session row serializes accepts across server processes: a shopper who
    // reconnected to another server cannot start a second turn while the first still runs.
    await tx.query('SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE', [sessionId]);
    const existing = await tx.query<{ turn_id: string }>('SELECT turn_id FROM messages WHERE session_id = $1 AND client_message_id = $2', [sessionId, clientMessageId]);
    if (existing.rows[0]) return { turnId: existing.rows[0].turn_id, created: false };
    await refuseWhileTurnRuns(tx, sessionId);
    const turn = await tx.query<{ id: string }>(
      `INSERT INTO turns (session_id, seq, runner_id) VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM turns WHERE session_id = $1), $2) RETURNING id`,
      [sessionId, runnerId ?? null],
    );
    const turnId = turn.rows[0]!.id;
    await tx.query(`INSERT INTO messages (session_id, turn_id, role, text, client_message_id) VALUES ($1, $2, 'user', $3, $4)`, [sessionId, turnId, text, clientMessageId]);
    await tx.query('UPDATE sessions SET updated_at = now() WHERE id = $1', [sessionId]);
    return { turnId, created: true };
  });
}

async function refuseWhileTurnRuns(tx: Queryable, sessionId: string): Promise<void> {
  const running = await tx.query(
    `SELECT 1 FROM turns WHERE session_id = $1 AND status IN ('pending', 'running') AND started_at > now() - make_interval(secs => $2) LIMIT 1`,
    [sessionId, TURN_LOCK_SECONDS],
  );
  if (running.rows[0]) throw new AppError('TURN_IN_PROGRESS', 'Please wait for the current answer before sending another message.', 409);
}

/**
 * chat:retry: an interrupted turn (its server died, or the database went away midway) runs
 * again on the message already stored, so nothing is sent twice. Returns that message.
 */
export async function reopenInterruptedTurn(db: Db, { sessionId, turnId, runnerId }: { sessionId: string; turnId: string; runnerId?: string }): Promise<{ text: string }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE', [sessionId]);
    const { rows } = await tx.query<{ status: TurnStatus; text: string }>(
      `SELECT t.status, m.text FROM turns t JOIN messages m ON m.turn_id = t.id AND m.role = 'user' WHERE t.id = $1 AND t.session_id = $2`,
      [turnId, sessionId],
    );
    const turn = rows[0];
    if (!turn) throw new AppError('TURN_NOT_FOUND', 'There is no such message in this conversation.', 404);
    if (turn.status !== 'interrupted') throw new AppError('TURN_NOT_INTERRUPTED', 'That message was answered or is being answered; there is nothing to retry.', 409);
    await refuseWhileTurnRuns(tx, sessionId);
    await tx.query(`UPDATE turns SET status = 'pending', runner_id = $2, started_at = now(), finished_at = NULL WHERE id = $1`, [turnId, runnerId ?? null]);
    return { text: turn.text };
  });
}

/** LLM tokens (prompt + completion) a conversation has used so far, from its turns' traces. */
export async function sessionLlmTokens(db: Queryable, sessionId: string): Promise<number> {
  const { rows } = await db.query<{ tokens: number }>(
    `SELECT coalesce(sum(coalesce((p->'usage'->>'promptTokens')::int, 0) + coalesce((p->'usage'->>'completionTokens')::int, 0)), 0)::int AS tokens
     FROM turns t CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(t.trace->'prompts') = 'array' THEN t.trace->'prompts' ELSE '[]'::jsonb END) p
     WHERE t.session_id = $1`,
    [sessionId],
  );
  return rows[0]?.tokens ?? 0;
}

/** Turns of a session that were interrupted and never answered: the widget offers a retry for each. */
export async function interruptedTurnIds(db: Queryable, sessionId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM turns WHERE session_id = $1 AND status = 'interrupted'`, [sessionId]);
  return new Set(rows.map((r) => r.id));
}

/** Stores the assistant's answer and closes the turn with its trace, atomically. */
export async function completeTurn(
  db: Db,
  { sessionId, turnId, text, products, suggestions, degraded, status, trace }: { sessionId: string; turnId: string; text: string; products: unknown[]; suggestions: string[]; degraded: boolean; status: TurnStatus; trace: unknown },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`INSERT INTO messages (session_id, turn_id, role, text, products, suggestions) VALUES ($1, $2, 'assistant', $3, $4::jsonb, $5::jsonb)`, [
      sessionId,
      turnId,
      text,
      JSON.stringify(products),
      JSON.stringify(suggestions),
    ]);
    await tx.query('UPDATE turns SET status = $2, degraded = $3, trace = $4::jsonb, finished_at = now() WHERE id = $1', [turnId, status, degraded, JSON.stringify(trace)]);
  });
}

export async function markTurn(db: Queryable, turnId: string, status: TurnStatus): Promise<void> {
  await db.query('UPDATE turns SET status = $2 WHERE id = $1', [turnId, status]);
}

export async function listMessages(db: Queryable, sessionId: string): Promise<StoredMessage[]> {
  const { rows } = await db.query<{ id: number; turn_id: string | null; role: StoredMessage['role']; text: string; products: unknown[]; suggestions: string[]; created_at: Date }>(
    'SELECT id, turn_id, role, text, products, suggestions, created_at FROM messages WHERE session_id = $1 ORDER BY id',
    [sessionId],
  );
  return rows.map((r) => ({ id: r.id, turnId: r.turn_id, role: r.role, text: r.text, products: r.products, suggestions: r.suggestions, createdAt: r.created_at }));
}

export async function getTurn(db: Queryable, turnId: string): Promise<{ id: string; status: TurnStatus; degraded: boolean; trace: Record<string, unknown> } | null> {
  const { rows } = await db.query<{ id: string; status: TurnStatus; degraded: boolean; trace: Record<string, unknown> }>('SELECT id, status, degraded, trace FROM turns WHERE id = $1', [turnId]);
  return rows[0] ?? null;
}
