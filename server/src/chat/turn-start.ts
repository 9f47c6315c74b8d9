import { REUSABLE_PLAN, type Queryable } from '../db/port.js';
import { profileRowFor, toStoredProfile, type StoredProfile } from '../profile/profile-repository.js';
import type { ShopperPreferences } from '../profile/conversation-state.js';
import type { StoredMessage } from '../transcripts/transcript-repository.js';

/** What a turn starts from. `session` is null when the session is gone. */
export type TurnStart = {
  session: { shopperId: string | null; state: unknown; llmTokens: number } | null;
  profile: StoredProfile;
  /** The last `historyLimit` messages before the turn, oldest first. */
  history: Array<{ role: StoredMessage['role']; text: string }>;
};

/**
 * Marks the accepted turn running and reads the session, its profile (a returning shopper's
 * long-term one when the session has none yet) and the recent history — one statement, as the
 * LLM's first request waits on all three.
 */
export async function startTurn(db: Queryable, { sessionId, turnId, historyLimit }: { sessionId: string; turnId: string; historyLimit: number }): Promise<TurnStart> {
  const { rows } = await db.query<{ found: boolean; shopper_id: string | null; state: unknown; llm_tokens: number; vector: unknown; preferences: Partial<ShopperPreferences> | null; history: string }>(
    `WITH started AS (UPDATE turns SET status = 'running' WHERE id = $2)
     SELECT s.id IS NOT NULL AS found, s.shopper_id, s.state, s.llm_tokens, pr.vector, pr.preferences, h.history
     FROM (SELECT 1) one
     LEFT JOIN sessions s ON s.id = $1
     LEFT JOIN LATERAL (${profileRowFor('$1', 's.shopper_id')}) pr ON true
     CROSS JOIN LATERAL (
       SELECT coalesce(json_agg(json_build_object('role', r.role, 'text', r.text) ORDER BY r.id), '[]')::text AS history
       FROM (SELECT id, role, text FROM messages WHERE session_id = $1 AND turn_id IS DISTINCT FROM $2 ORDER BY id DESC LIMIT $3) r) h`,
    [sessionId, turnId, historyLimit],
    REUSABLE_PLAN,
  );
  const row = rows[0]!;
  return {
    session: row.found ? { shopperId: row.shopper_id, state: row.state, llmTokens: row.llm_tokens } : null,
    profile: toStoredProfile(row),
    history: JSON.parse(row.history) as TurnStart['history'],
  };
}
