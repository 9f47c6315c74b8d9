import type { Db } from '../db/port.js';

export type Overview = {
  days: Array<{ day: string; sessions: number; turns: number }>;
  turns: number;
  thumbsUp: number;
  thumbsDown: number;
  thumbsUpRate: number | null;
  emptyResultRate: number | null;
  fallbackRate: number | null;
  latencyMs: { p50: number | null; p95: number | null };
  topEmptyQueries: Array<{ query: string; count: number }>;
};

/** The support overview over the last `days` days, from sessions, turn traces and events. */
export async function transcriptOverview(db: Db, days = 30): Promise<Overview> {
  const since = `now() - make_interval(days => ${Math.trunc(days)})`;
  const perDay = await db.query<{ day: string; sessions: number; turns: number }>(
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
       (SELECT count(*)::int FROM sessions s WHERE s.created_at >= d.day AND s.created_at < d.day + interval '1 day') AS sessions,
       (SELECT count(*)::int FROM turns t WHERE t.started_at >= d.day AND t.started_at < d.day + interval '1 day') AS turns
     FROM generate_series(date_trunc('day', ${since}), date_trunc('day', now()), interval '1 day') AS d(day) ORDER BY d.day`,
  );
  const totals = await db.query<{ turns: number; empty: number; fallback: number; p50: number | null; p95: number | null }>(
    `SELECT count(*)::int AS turns,
       count(*) FILTER (WHERE trace ? 'emptyResult')::int AS empty,
       count(*) FILTER (WHERE degraded OR jsonb_array_length(coalesce(trace->'fallbacks', '[]'::jsonb)) > 0)::int AS fallback,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY (trace->'latencyMs'->>'total')::float8) AS p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY (trace->'latencyMs'->>'total')::float8) AS p95
     FROM turns WHERE started_at >= ${since} AND status = 'completed'`,
  );
  const thumbs = await db.query<{ up: number; down: number }>(
    `SELECT count(*) FILTER (WHERE kind = 'thumbs_up')::int AS up, count(*) FILTER (WHERE kind = 'thumbs_down')::int AS down FROM events WHERE created_at >= ${since}`,
  );
  const empty = await db.query<{ query: string; count: number }>(
    `SELECT lower(m.text) AS query, count(*)::int AS count FROM turns t JOIN messages m ON m.turn_id = t.id AND m.role = 'user'
     WHERE t.started_at >= ${since} AND t.trace ? 'emptyResult' GROUP BY lower(m.text) ORDER BY count DESC, query LIMIT 10`,
  );
  const t = totals.rows[0] ?? { turns: 0, empty: 0, fallback: 0, p50: null, p95: null };
  const { up, down } = thumbs.rows[0] ?? { up: 0, down: 0 };
  const rate = (n: number, of: number) => (of === 0 ? null : n / of);
  return {
    days: perDay.rows,
    turns: t.turns,
    thumbsUp: up,
    thumbsDown: down,
    thumbsUpRate: rate(up, up + down),
    emptyResultRate: rate(t.empty, t.turns),
    fallbackRate: rate(t.fallback, t.turns),
    latencyMs: { p50: t.p50, p95: t.p95 },
    topEmptyQueries: empty.rows,
  };
}
