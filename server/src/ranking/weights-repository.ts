import type { Db } from '../db/port.js';
import { DEFAULT_WEIGHTS, rankingWeightsSchema, type RankingWeights } from './weights.js';

/** The active weights version, or the defaults when none was trained yet. */
export async function loadActiveWeights(db: Db): Promise<RankingWeights> {
  const { rows } = await db.query<{ config: unknown }>('SELECT config FROM ranking_weights WHERE active');
  const parsed = rankingWeightsSchema.safeParse(rows[0]?.config);
  return parsed.success ? parsed.data : DEFAULT_WEIGHTS;
}

export async function activateWeights(db: Db, weights: RankingWeights, report: { validationAuc: number; baselineAuc: number; examples: number }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('UPDATE ranking_weights SET active = false WHERE active');
    await tx.query(
      `INSERT INTO ranking_weights (version, config, validation_auc, baseline_auc, examples, active) VALUES ($1, $2::jsonb, $3, $4, $5, true)
       ON CONFLICT (version) DO UPDATE SET active = true`,
      [weights.version, JSON.stringify(weights), report.validationAuc, report.baselineAuc, report.examples],
    );
  });
}
