import type { FeatureVector } from './weights.js';

/** What ranking knows about one candidate (from retrieval) — plain data, no I/O. */
export type RankableProduct = {
  id: number;
  title: string;
  brand: string | null;
  category: string;
  price: number | null;
  rating: number | null;
  reviewCount: number;
  popularity: number;
  stock: number | null;
  attributes: Record<string, string | number | boolean>;
};

export type RetrievalSignals = { querySimilarity: number; profileSimilarity: number | null; textRank: number };

export type RankableCandidate = { product: RankableProduct; signals: RetrievalSignals };

/** What ranking knows about the shopper. */
export type RankingContext = {
  budget: { min: number | null; max: number | null };
  likedBrands: string[];
  avoidedBrands: string[];
  rejectedProductIds: number[];
  /** Attribute values the shopper asked for (hard or soft), to explain matches. */
  wantedAttributes: Record<string, Array<string | number | boolean>>;
  /** Co-interaction strength per product id (0…1), from "liked X also liked Y". */
  coInteraction: Record<number, number>;
};

export const EMPTY_CONTEXT: RankingContext = { budget: { min: null, max: null }, likedBrands: [], avoidedBrands: [], rejectedProductIds: [], wantedAttributes: {}, coInteraction: {} };

/** Prior for ratings: a product with few reviews is pulled towards an average 4.0★. */
const PRIOR_MEAN = 4.0;
const PRIOR_WEIGHT = 20;

export function bayesianRating(rating: number | null, reviewCount: number): number {
  if (rating === null || reviewCount <= 0) return PRIOR_MEAN;
  return (PRIOR_WEIGHT * PRIOR_MEAN + reviewCount * rating) / (PRIOR_WEIGHT + reviewCount);
}

/** 1 inside the budget, falling off smoothly above it; 0.5 when there is no budget at all. */
export function priceFit(price: number | null, budget: RankingContext['budget']): number {
  if (budget.max === null && budget.min === null) return 0.5;
  // Retrieval keeps price-less products out of budgets; without one a product fits no budget.
  if (price === null) return 0;
  if (budget.max !== null && price > budget.max) return Math.max(0, 1 - (price - budget.max) / Math.max(1, budget.max));
  if (budget.min !== null && price < budget.min) return Math.max(0, 1 - (budget.min - price) / Math.max(1, budget.min));
  return 1;
}

const lower = (s: string | null) => (s ?? '').toLowerCase();

export function featuresOf(candidate: RankableCandidate, context: RankingContext): FeatureVector {
  const { product, signals } = candidate;
  const brand = lower(product.brand);
  const liked = context.likedBrands.some((b) => lower(b) === brand);
  const avoided = context.avoidedBrands.some((b) => lower(b) === brand);
  return {
    querySimilarity: Math.max(0, Math.min(1, signals.querySimilarity)),
    profileSimilarity: Math.max(0, Math.min(1, signals.profileSimilarity ?? 0)),
    // BM25F scores run from 0 to about 20 (one rare title word ≈ 5): squashed into 0…1 without a catalog-wide maximum.
    textMatch: signals.textRank / (signals.textRank + 2),
    priceFit: priceFit(product.price, context.budget),
    rating: (bayesianRating(product.rating, product.reviewCount) - 1) / 4,
    popularity: Math.max(0, Math.min(1, product.popularity)),
    brandAffinity: liked ? 1 : avoided ? -1 : 0,
    // Untracked stock is neither a plus nor a minus.
    inStock: product.stock === null ? 0.5 : product.stock > 0 ? 1 : 0,
    coInteraction: Math.max(0, Math.min(1, context.coInteraction[product.id] ?? 0)),
  };
}
