import { REUSABLE_PLAN, type Queryable } from '../db/port.js';
import { profileRowFor, toStoredProfile, type StoredProfile } from '../profile/profile-repository.js';
import type { ShopperPreferences } from '../profile/conversation-state.js';
import type { AcceptReads, StoredMessage } from '../transcripts/transcript-repository.js';

/** What a turn starts from. `session` is null when the session is gone. */
export type TurnStart = {
  session: { shopperId: string | null; state: unknown; llmTokens: number } | null;
  profile: StoredProfile;
  /** The last `historyLimit` messages before the turn, oldest first. */
  history: Array<{ role: StoredMessage['role']; text: string }>;
};

type StartRow = { found: boolean; shopper_id: string | null; state: unknown; llm_tokens: number; vector: unknown; preferences: Partial<ShopperPreferences> | null; history: string };

/**
 * The session, its profile (a returning shopper's long-term one when the session has none yet)
 * and the recent history, as columns and joins after `FROM (SELECT 1) one`. `exceptTurn`: a
 * turn whose message is already stored and is not history.
 */
function startReads(session: string, historyLimit: string, exceptTurn?: string): { select: string; from: string } {
  return {
    select: 's.id IS NOT NULL AS found, s.shopper_id, s.state, s.llm_tokens, pr.vector, pr.preferences, h.history',
    from: `LEFT JOIN sessions s ON s.id = ${session}
     LEFT JOIN LATERAL (${profileRowFor(session, 's.shopper_id')}) pr ON true
     CROSS JOIN LATERAL (
       SELECT coalesce(json_agg(json_build_object('role', r.role, 'text', r.text) ORDER BY r.id), '[]')::text AS history
       FROM (SELECT id, role, text FROM messages WHERE session_id = ${session}${exceptTurn ? ` AND turn_id IS DISTINCT FROM ${exceptTurn}` : ''} ORDER BY id DESC LIMIT ${historyLimit}) r) h`,
  };
}

function toTurnStart(row: StartRow): TurnStart {
  return {
    session: row.found ? { shopperId: row.shopper_id, state: row.state, llmTokens: row.llm_tokens } : null,
    profile: toStoredProfile(row),
    history: JSON.parse(row.history) as TurnStart['history'],
  };
}

/**
 * What a turn starts from, read by the statement that accepts its message (recordUserMessage):
 * that statement's snapshot does not hold the new message yet, so no turn is left out.
 */
export function readsForAccept(historyLimit: number): { reads: AcceptReads; toStart: (read: unknown) => TurnStart } {
  return {
    reads: (first) => ({ ...startReads('$1', `$${first}`), params: [historyLimit] }),
    toStart: (read) => toTurnStart(read as StartRow),
  };
}

/**
 * Marks the accepted turn running and reads what it starts from — one statement, as the LLM's
 * first request waits on it. For a turn that did not start with its accept (it waited for a
 * slot, or runs again after an interruption).
 */
export async function startTurn(db: Queryable, { sessionId, turnId, historyLimit }: { sessionId: string; turnId: string; historyLimit: number }): Promise<TurnStart> {
  const { select, from } = startReads('$1', '$3', '$2');
  const { rows } = await db.query<StartRow>(`WITH started AS (UPDATE turns SET status = 'running' WHERE id = $2) SELECT ${select} FROM (SELECT 1) one ${from}`, [sessionId, turnId, historyLimit], REUSABLE_PLAN);
  return toTurnStart(rows[0]!);
}

/** Marks a turn that started from its accept's reads running (off the way to the LLM's first request). */
export async function markTurnRunning(db: Queryable, turnId: string): Promise<void> {
  await db.query(`UPDATE turns SET status = 'running' WHERE id = $1 AND status = 'pending'`, [turnId], REUSABLE_PLAN);
}
