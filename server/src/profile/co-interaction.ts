import type { Db } from '../db/port.js';

const POSITIVE = ['like', 'click', 'add_to_cart'];

/**
 * "Shoppers who liked X also liked Y": for each candidate, how many other sessions that engaged
 * with one of the shopper's liked products also engaged with it, scaled to 0…1.
 */
export async function coInteractionScores(db: Db, { likedIds, candidateIds, sessionId }: { likedIds: number[]; candidateIds: number[]; sessionId: string }): Promise<Record<number, number>> {
  if (likedIds.length === 0 || candidateIds.length === 0) return {};
  const { rows } = await db.query<{ product_id: number; sessions: number }>(
    `SELECT e2.product_id, count(DISTINCT e2.session_id)::int AS sessions
     FROM events e1 JOIN events e2 ON e2.session_id = e1.session_id AND e2.product_id <> e1.product_id
     WHERE e1.product_id = ANY($1::int[]) AND e1.kind = ANY($3::text[]) AND e2.kind = ANY($3::text[])
       AND e2.product_id = ANY($2::int[]) AND e1.session_id <> $4
     GROUP BY e2.product_id`,
    [likedIds, candidateIds, POSITIVE, sessionId],
  );
  const max = Math.max(1, ...rows.map((r) => r.sessions));
  return Object.fromEntries(rows.map((r) => [r.product_id, r.sessions / max]));
}
