import { z } from 'zod';

/** Every feature the scorer uses; each is scaled to 0…1 before weighting. */
export const FEATURE_NAMES = ['querySimilarity', 'profileSimilarity', 'textMatch', 'priceFit', 'rating', 'popularity', 'brandAffinity', 'inStock', 'coInteraction'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = Record<FeatureName, number>;

export const rankingWeightsSchema = z.object({
  version: z.string().min(1),
  bias: z.number(),
  weights: z.object(Object.fromEntries(FEATURE_NAMES.map((n) => [n, z.number()])) as Record<FeatureName, z.ZodNumber>),
  /** MMR trade-off: 1 = pure relevance, 0 = pure diversity. */
  diversityLambda: z.number().min(0).max(1),
});
export type RankingWeights = z.infer<typeof rankingWeightsSchema>;

/** Hand-set starting weights; `npm run ranker:train` replaces them when logged feedback beats them. */
export const DEFAULT_WEIGHTS: RankingWeights = {
  version: 'default-1',
  bias: 0,
  weights: {
    querySimilarity: 2.2,
    profileSimilarity: 0.8,
    textMatch: 1.4,
    priceFit: 0.9,
    rating: 0.8,
    popularity: 0.4,
    brandAffinity: 0.7,
    inStock: 0.6,
    coInteraction: 0.5,
  },
  diversityLambda: 0.75,
};

export function linearScore(features: FeatureVector, weights: RankingWeights): number {
  return FEATURE_NAMES.reduce((sum, name) => sum + weights.weights[name] * features[name], weights.bias);
}
