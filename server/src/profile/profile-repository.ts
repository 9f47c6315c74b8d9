import type { Queryable } from '../db/port.js';
import { fromVectorValue, REUSABLE_PLAN, toVectorParam } from '../db/port.js';
import { EMPTY_PREFERENCES, type ShopperPreferences } from './conversation-state.js';

export type StoredProfile = { vector: number[] | null; preferences: ShopperPreferences };

/**
 * The one profiles row a session goes by: its own once it has one, else its shopper's long-term
 * profile. SQL expressions for the session id and the shopper id (which may be NULL).
 */
export function profileRowFor(session: string, shopper: string): string {
  return `SELECT vector, preferences FROM profiles
     WHERE session_id = ${session} OR (${shopper} IS NOT NULL AND shopper_id = ${shopper})
     ORDER BY (session_id IS NOT NULL) DESC LIMIT 1`;
}

/** A session's profile; a returning shopper's long-term profile seeds it. */
export async function loadProfile(db: Queryable, { sessionId, shopperId }: { sessionId: string; shopperId: string | null }): Promise<StoredProfile> {
  const { rows } = await db.query<{ vector: unknown; preferences: Partial<ShopperPreferences> }>(profileRowFor('$1', '$2::uuid'), [sessionId, shopperId], REUSABLE_PLAN);
  return toStoredProfile(rows[0]);
}

/** A profiles row as read (no row: nothing learned yet); shared with the turn's start (chat/turn-start.ts). */
export function toStoredProfile(row: { vector: unknown; preferences: Partial<ShopperPreferences> | null } | undefined): StoredProfile {
  if (!row?.preferences) return { vector: null, preferences: EMPTY_PREFERENCES };
  return { vector: row.vector == null ? null : fromVectorValue(row.vector), preferences: { ...EMPTY_PREFERENCES, ...row.preferences } };
}

/** Saves the session profile and carries it to the shopper's long-term profile. */
export async function saveProfile(db: Queryable, { sessionId, shopperId, profile }: { sessionId: string; shopperId: string | null; profile: StoredProfile }): Promise<void> {
  const vector = profile.vector ? toVectorParam(profile.vector) : null;
  const preferences = JSON.stringify(profile.preferences);
  // One statement for both rows: a round trip fewer on every turn.
  await db.query(
    `WITH for_session AS (
       INSERT INTO profiles (session_id, vector, preferences) VALUES ($1, $2::vector, $3::jsonb)
       ON CONFLICT (session_id) DO UPDATE SET vector = excluded.vector, preferences = excluded.preferences, updated_at = now()
     )
     INSERT INTO profiles (shopper_id, vector, preferences) SELECT $4::uuid, $2::vector, $3::jsonb WHERE $4::uuid IS NOT NULL
     ON CONFLICT (shopper_id) DO UPDATE SET vector = excluded.vector, preferences = excluded.preferences, updated_at = now()`,
    [sessionId, vector, preferences, shopperId],
    REUSABLE_PLAN,
  );
}
