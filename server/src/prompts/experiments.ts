import { createHash } from 'node:crypto';
import type { Db } from '../db/port.js';
import { NotFoundError } from '../errors.js';

export type Experiment = { id: string; name: string; versionA: number; versionB: number; shareB: number; active: boolean; createdAt: Date };

/** Sticky per session: the same session always gets the same variant of an experiment. */
export function assignVariant(sessionId: string, experimentId: string, shareB: number): 'a' | 'b' {
  const bucket = createHash('sha256').update(`${experimentId}:${sessionId}`).digest().readUInt32BE(0) % 10_000;
  return bucket < shareB * 100 ? 'b' : 'a';
}

type Row = { id: string; template_name: string; version_a: number; version_b: number; share_b: number; active: boolean; created_at: Date };
const toExperiment = (r: Row): Experiment => ({ id: r.id, name: r.template_name, versionA: r.version_a, versionB: r.version_b, shareB: r.share_b, active: r.active, createdAt: r.created_at });

export async function startExperiment(db: Db, input: { name: string; versionA: number; versionB: number; shareB: number; actorId: string | null }): Promise<Experiment> {
  return db.transaction(async (tx) => {
    await tx.query(`UPDATE prompt_experiments SET active = false, ended_at = now() WHERE template_name = $1 AND active`, [input.name]);
    const { rows } = await tx.query<Row>(
      `INSERT INTO prompt_experiments (template_name, version_a, version_b, share_b, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [input.name, input.versionA, input.versionB, input.shareB, input.actorId],
    );
    await tx.query(`INSERT INTO audit_log (actor_id, action, target, details) VALUES ($1, 'prompt.experiment.start', $2, $3::jsonb)`, [input.actorId, input.name, JSON.stringify(input)]);
    return toExperiment(rows[0]!);
  });
}

export async function endExperiment(db: Db, name: string, actorId: string | null): Promise<void> {
  const ended = await db.query(`UPDATE prompt_experiments SET active = false, ended_at = now() WHERE template_name = $1 AND active`, [name]);
  if (ended.rowCount === 0) throw new NotFoundError(`No A/B test is running for ${name}`, 'EXPERIMENT_NOT_FOUND');
  await db.query(`INSERT INTO audit_log (actor_id, action, target) VALUES ($1, 'prompt.experiment.end', $2)`, [actorId, name]);
}

export async function activeExperiments(db: Db): Promise<Experiment[]> {
  return (await db.query<Row>('SELECT * FROM prompt_experiments WHERE active')).rows.map(toExperiment);
}

export async function latestExperiment(db: Db, name: string): Promise<Experiment | null> {
  const { rows } = await db.query<Row>('SELECT * FROM prompt_experiments WHERE template_name = $1 ORDER BY created_at DESC LIMIT 1', [name]);
  return rows[0] ? toExperiment(rows[0]) : null;
}

export type VariantFigures = { version: number; turns: number; thumbsUp: number; thumbsDown: number; thumbsUpRate: number | null; clickRate: number | null; addToCartRate: number | null; fallbackRate: number | null; medianLatencyMs: number | null };

/**
 * Per-version figures from the turn traces (which template version each LLM call used) and the
 * feedback events on those turns, with their counts so noise can be told from a result.
 */
export async function experimentFigures(db: Db, experiment: Experiment): Promise<VariantFigures[]> {
  const { rows } = await db.query<{ version: number; turns: number; up: number; down: number; clicked: number; carted: number; fallbacks: number; median: number | null }>(
    `WITH used AS (
       SELECT DISTINCT t.id, (p->>'version')::int AS version, (t.trace->'latencyMs'->>'total')::float8 AS latency,
              jsonb_array_length(coalesce(t.trace->'fallbacks', '[]'::jsonb)) > 0 AS fell_back
       FROM turns t, jsonb_array_elements(coalesce(t.trace->'prompts', '[]'::jsonb)) p
       WHERE p->>'template' = $1 AND t.started_at >= $2 AND (p->>'version')::int IN ($3, $4))
     SELECT u.version, count(*)::int AS turns,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.turn_id = u.id AND e.kind = 'thumbs_up'))::int AS up,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.turn_id = u.id AND e.kind = 'thumbs_down'))::int AS down,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.turn_id = u.id AND e.kind = 'click'))::int AS clicked,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.turn_id = u.id AND e.kind = 'add_to_cart'))::int AS carted,
            count(*) FILTER (WHERE u.fell_back)::int AS fallbacks,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY u.latency) AS median
     FROM used u GROUP BY u.version ORDER BY u.version`,
    [experiment.name, experiment.createdAt, experiment.versionA, experiment.versionB],
  );
  const rate = (n: number, of: number) => (of === 0 ? null : n / of);
  return [experiment.versionA, experiment.versionB].map((version) => {
    const r = rows.find((x) => x.version === version);
    const turns = r?.turns ?? 0;
    return {
      version,
      turns,
      thumbsUp: r?.up ?? 0,
      thumbsDown: r?.down ?? 0,
      thumbsUpRate: rate(r?.up ?? 0, (r?.up ?? 0) + (r?.down ?? 0)),
      clickRate: rate(r?.clicked ?? 0, turns),
      addToCartRate: rate(r?.carted ?? 0, turns),
      fallbackRate: rate(r?.fallbacks ?? 0, turns),
      medianLatencyMs: r?.median ?? null,
    };
  });
}
