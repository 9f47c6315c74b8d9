import { featuresOf, type RankableCandidate, type RankingContext } from './features.js';
import { reasonsFor } from './reasons.js';
import { linearScore, type FeatureVector, type RankingWeights } from './weights.js';

export type RankedCandidate = RankableCandidate & { score: number; features: FeatureVector; reasons: string[]; shown: boolean };

const titleWords = (title: string) => new Set(title.toLowerCase().split(/\W+/).filter((w) => w.length > 2));

/**
 * How alike two products look to a shopper: same brand and category, overlapping title words.
 * `words` reuses each title's word set across the many pairs one ranking compares.
 */
export function lookAlike(a: RankableCandidate['product'], b: RankableCandidate['product'], words: (title: string) => Set<string> = titleWords): number {
  const wa = words(a.title);
  const wb = words(b.title);
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  const jaccard = shared / Math.max(1, wa.size + wb.size - shared);
  return Math.min(1, 0.5 * jaccard + (a.brand && a.brand === b.brand ? 0.3 : 0) + (a.category === b.category ? 0.2 : 0));
}

/**
 * Scores every candidate, drops the ones the shopper rejected, and orders the list with
 * maximal marginal relevance so the first `show` are not near-duplicates. Pure: no I/O.
 */
export function rank({ candidates, context, weights, show = 5 }: { candidates: RankableCandidate[]; context: RankingContext; weights: RankingWeights; show?: number }): RankedCandidate[] {
  const rejected = new Set(context.rejectedProductIds);
  const scored = candidates
    .filter((c) => !rejected.has(c.product.id))
    .map((c) => {
      const features = featuresOf(c, context);
      return { ...c, features, score: linearScore(features, weights), reasons: reasonsFor(c.product, features, context), shown: false };
    })
    .sort((a, b) => b.score - a.score || a.product.id - b.product.id);
  if (scored.length === 0) return [];
  const top = scored[0]!.score;
  const bottom = scored[scored.length - 1]!.score;
  const norm = (s: number) => (top === bottom ? 1 : (s - bottom) / (top - bottom));
  const picked: RankedCandidate[] = [];
  const pool = [...scored];
  /** Each pooled candidate's strongest likeness to a picked one, updated as each is picked. */
  const redundancy = pool.map(() => 0);
  const wordSets = new Map<string, Set<string>>();
  const words = (title: string) => wordSets.get(title) ?? wordSets.set(title, titleWords(title)).get(title)!;
  const λ = weights.diversityLambda;
  while (pool.length > 0 && picked.length < show) {
    let bestIndex = 0;
    let best = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const mmr = λ * norm(pool[i]!.score) - (1 - λ) * redundancy[i]!;
      if (mmr > best) {
        best = mmr;
        bestIndex = i;
      }
    }
    const [chosen] = pool.splice(bestIndex, 1);
    redundancy.splice(bestIndex, 1);
    picked.push({ ...chosen!, shown: true });
    for (let i = 0; i < pool.length; i++) redundancy[i] = Math.max(redundancy[i]!, lookAlike(pool[i]!.product, chosen!.product, words));
  }
  return [...picked, ...pool];
}
