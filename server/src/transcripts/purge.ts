import type { Db } from '../db/port.js';

/** Deletes conversations (with their messages, turns, events and carts) idle for more than `days`. */
export async function purgeTranscripts(db: Db, days: number): Promise<{ sessions: number }> {
  const { rowCount } = await db.query(`DELETE FROM sessions WHERE updated_at < now() - make_interval(days => $1)`, [Math.trunc(days)]);
  return { sessions: rowCount };
}

/** "90d", "12w", "6m" (30-day months) or a plain number of days. */
export function parseAge(text: string): number | null {
  const match = /^(\d+)\s*([dwm]?)$/i.exec(text.trim());
  if (!match) return null;
  const n = Number(match[1]);
  return match[2]?.toLowerCase() === 'w' ? n * 7 : match[2]?.toLowerCase() === 'm' ? n * 30 : n;
}
