import { describe, expect, it } from 'vitest';
import { bayesianRating, EMPTY_CONTEXT, featuresOf, priceFit, type RankableCandidate, type RankingContext } from '../../server/src/ranking/features.js';
import { lookAlike, rank } from '../../server/src/ranking/rank.js';
import { reasonsFor } from '../../server/src/ranking/reasons.js';
import { DEFAULT_WEIGHTS } from '../../server/src/ranking/weights.js';

let nextId = 1;
function candidate(overrides: Partial<RankableCandidate['product']> = {}, signals: Partial<RankableCandidate['signals']> = {}): RankableCandidate {
  return {
    product: { id: nextId++, title: 'Trail Boot', brand: 'Keen', category: 'Shoes > Hiking', price: 100, rating: 4.5, reviewCount: 100, popularity: 0.5, stock: 10, attributes: {}, ...overrides },
    signals: { querySimilarity: 0.5, profileSimilarity: null, textRank: 0.05, ...signals },
  };
}
const context = (overrides: Partial<RankingContext> = {}): RankingContext => ({ ...EMPTY_CONTEXT, ...overrides });

describe('ranking features', () => {
  it.each([
    [null, 0, 4.0],
    [5, 1, (20 * 4 + 5) / 21],
    [5, 1000, (20 * 4 + 5000) / 1020],
    [2, 500, (20 * 4 + 1000) / 520],
  ])('when a product has rating %s from %i reviews, then its Bayesian rating is %f', (rating, reviews, expected) => {
    expect(bayesianRating(rating, reviews)).toBeCloseTo(expected, 6);
  });

  it.each([
    [80, { min: null, max: 100 }, 1],
    [100, { min: null, max: 100 }, 1],
    [150, { min: null, max: 100 }, 0.5],
    [250, { min: null, max: 100 }, 0],
    [40, { min: 50, max: null }, 0.8],
    [40, { min: null, max: null }, 0.5],
  ])('when the price is %i and the budget is %j, then the price fit is %f', (price, budget, expected) => {
    expect(priceFit(price, budget)).toBeCloseTo(expected, 6);
  });

  it('when a brand is liked or avoided, then brand affinity is 1 or -1', () => {
    expect(featuresOf(candidate({ brand: 'Keen' }), context({ likedBrands: ['keen'] })).brandAffinity).toBe(1);
    expect(featuresOf(candidate({ brand: 'Keen' }), context({ avoidedBrands: ['KEEN'] })).brandAffinity).toBe(-1);
    expect(featuresOf(candidate({ brand: 'Keen' }), context()).brandAffinity).toBe(0);
  });
});

describe('ranking', () => {
  it('when one candidate is more similar to the query, then it ranks first', () => {
    const weak = candidate({}, { querySimilarity: 0.2 });
    const strong = candidate({}, { querySimilarity: 0.9 });
    expect(rank({ candidates: [weak, strong], context: context(), weights: DEFAULT_WEIGHTS })[0]?.product.id).toBe(strong.product.id);
  });

  it('when a product was rejected, then it never comes back', () => {
    const rejected = candidate({}, { querySimilarity: 0.99 });
    const ranked = rank({ candidates: [rejected, candidate()], context: context({ rejectedProductIds: [rejected.product.id] }), weights: DEFAULT_WEIGHTS });
    expect(ranked.map((r) => r.product.id)).not.toContain(rejected.product.id);
  });

  it('when an item is over budget, then an equal one inside the budget ranks above it', () => {
    const over = candidate({ price: 180 });
    const inside = candidate({ price: 90 });
    const ranked = rank({ candidates: [over, inside], context: context({ budget: { min: null, max: 100 } }), weights: DEFAULT_WEIGHTS });
    expect(ranked[0]?.product.id).toBe(inside.product.id);
  });

  it('when near-duplicates top the scores, then diversification lets a different product into the first five', () => {
    const clones = Array.from({ length: 6 }, (_, i) => candidate({ title: `Keen Ridge ${i} Waterproof Hiking Boots`, brand: 'Keen' }, { querySimilarity: 0.9 - i * 0.001 }));
    const different = candidate({ title: 'Salomon Quest Trail Shoes', brand: 'Salomon', category: 'Shoes > Running' }, { querySimilarity: 0.8 });
    // Retrieval hands over ~50 candidates; the weak tail sets the scale of relevance.
    const tail = Array.from({ length: 20 }, (_, i) => candidate({ title: `Other Thing ${i}`, brand: `Brand${i}`, category: `Other > ${i}` }, { querySimilarity: 0.1 + i * 0.01, textRank: 0 }));
    const ranked = rank({ candidates: [...clones, different, ...tail], context: context(), weights: DEFAULT_WEIGHTS, show: 5 });
    expect(ranked.filter((r) => r.shown).map((r) => r.product.id)).toContain(different.product.id);
    expect(ranked.filter((r) => r.shown)).toHaveLength(5);
    const pure = rank({ candidates: [...clones, different, ...tail], context: context(), weights: { ...DEFAULT_WEIGHTS, diversityLambda: 1 }, show: 5 });
    expect(pure.filter((r) => r.shown).map((r) => r.product.id)).not.toContain(different.product.id);
  });

  it('when many candidates share brands and words, then the order is maximal marginal relevance computed pair by pair', () => {
    // A seeded mix of look-alikes: brands, categories and title words drawn from small sets.
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pick = <T,>(items: T[]) => items[Math.floor(next() * items.length)]!;
    const candidates = Array.from({ length: 50 }, () =>
      candidate({ title: `${pick(['Ridge', 'Trail', 'Peak'])} ${pick(['Waterproof', 'Light', 'Warm'])} ${pick(['Boots', 'Shoes', 'Jacket'])}`, brand: pick(['Keen', 'Merrell', 'Salomon']), category: pick(['Shoes > Hiking', 'Outerwear']) }, { querySimilarity: next(), textRank: next() * 0.1 }),
    );
    const weights = { ...DEFAULT_WEIGHTS, diversityLambda: 0.6 };
    // The definition: each pick maximises λ·relevance − (1 − λ)·(its strongest likeness to any earlier pick).
    const scored = rank({ candidates, context: context(), weights, show: 0 });
    const top = scored[0]!.score;
    const bottom = scored[scored.length - 1]!.score;
    const pool = [...scored];
    const expected: number[] = [];
    while (expected.length < 8) {
      const mmr = pool.map((c) => 0.6 * ((c.score - bottom) / (top - bottom)) - 0.4 * Math.max(0, ...expected.map((id) => lookAlike(c.product, scored.find((s) => s.product.id === id)!.product))));
      const best = mmr.indexOf(Math.max(...mmr));
      expected.push(pool.splice(best, 1)[0]!.product.id);
    }
    const ranked = rank({ candidates, context: context(), weights, show: 8 });
    expect(ranked.slice(0, 8).map((r) => r.product.id)).toEqual(expected);
    expect(ranked.map((r) => r.product.id).sort()).toEqual(candidates.map((c) => c.product.id).sort());
  });

  it('when products share brand, category and title words, then they look alike', () => {
    const a = candidate({ title: 'Keen Ridge Waterproof Boots' }).product;
    expect(lookAlike(a, candidate({ title: 'Keen Ridge Waterproof Boots 2' }).product)).toBeGreaterThan(lookAlike(a, candidate({ title: 'Bose Speaker', brand: 'Bose', category: 'Electronics' }).product));
  });
});

describe('reasons', () => {
  it.each([
    [{ price: 90 }, { budget: { min: null, max: 100 } }, 'within your $100 budget'],
    [{ rating: 4.7, reviewCount: 1204 }, {}, '4.7★ from 1,204 reviews'],
    [{ attributes: { waterproof: true } }, { wantedAttributes: { waterproof: [true] } }, 'waterproof, as you asked'],
    [{ attributes: { color: 'blue' } }, { wantedAttributes: { color: ['Blue'] } }, 'blue, as you asked'],
    [{ brand: 'Keen' }, { likedBrands: ['Keen'] }, 'from Keen, a brand you like'],
    [{ stock: 3 }, {}, 'only 3 left'],
  ])('when the product is %j and the shopper context %j, then a reason reads "%s"', (product, ctx, reason) => {
    const c = candidate({ rating: 3.9, reviewCount: 5, ...product });
    const full = context(ctx as Partial<RankingContext>);
    expect(reasonsFor(c.product, featuresOf(c, full), full)).toContain(reason);
  });

  it('when a product is over budget or poorly rated, then no such reason is claimed', () => {
    const c = candidate({ price: 150, rating: 3.1, reviewCount: 900 });
    const full = context({ budget: { min: null, max: 100 } });
    const reasons = reasonsFor(c.product, featuresOf(c, full), full);
    expect(reasons.join(' ')).not.toMatch(/budget|★/);
  });
});
