import type { Db } from '../db/port.js';
import type { TrainingExample } from '../ranking/train.js';
import { FEATURE_NAMES, type FeatureVector } from '../ranking/weights.js';

type TracedCandidate = { id: number; shown: boolean; features: Partial<FeatureVector> };

/**
 * Training data from the turn traces: every product shown in a turn is one example, positive
 * when the shopper clicked, liked or carted it (in that turn, or in the session without a turn).
 */
export async function loadTrainingExamples(db: Db): Promise<TrainingExample[]> {
  const { rows } = await db.query<{ session_id: string; candidates: TracedCandidate[] | null; positives: number[] | null }>(
    `SELECT t.session_id, t.trace->'candidates' AS candidates,
       (SELECT array_agg(DISTINCT e.product_id) FROM events e
        WHERE e.session_id = t.session_id AND (e.turn_id = t.id OR e.turn_id IS NULL)
          AND e.product_id IS NOT NULL AND e.kind IN ('click', 'like', 'add_to_cart')) AS positives
     FROM turns t WHERE t.status = 'completed' AND jsonb_typeof(t.trace->'candidates') = 'array'`,
  );
  return rows.flatMap((row) => {
    const positives = new Set(row.positives ?? []);
    return (row.candidates ?? [])
      .filter((c) => c.shown)
      .map((c) => ({
        group: row.session_id,
        label: positives.has(c.id) ? (1 as const) : (0 as const),
        features: Object.fromEntries(FEATURE_NAMES.map((f) => [f, Number(c.features[f] ?? 0)])) as FeatureVector,
      }));
  });
}
