import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAXATION_COUNT_CAP } from '../../server/src/catalog/explain-empty.js';
import { findCandidates, plannedRowCount } from '../../server/src/catalog/find-candidates.js';
import { filterConditions, satisfiesFilters, withoutFilter, type ProductFilters } from '../../server/src/catalog/filters.js';
import { SqlParams } from '../../server/src/db/sql-params.js';
import { describeVectorIndex, ensureVectorIndex, ivfListsFor } from '../../server/src/catalog/vector-index.js';
import { createRandom } from '../../seed/random.js';
import { openSeededDb, type SeededDb } from '../support/seeded-db.js';
import { bothDrivers } from '../support/test-db.js';

type PlainProduct = { id: number; category: string; brand: string | null; price: number; stock: number; attributes: Record<string, unknown> };

async function allProducts(seeded: SeededDb): Promise<PlainProduct[]> {
  const { rows } = await seeded.db.query<PlainProduct & { price: string }>('SELECT id, category, brand, price, stock, attributes FROM products');
  return rows.map((r) => ({ ...r, price: Number(r.price) }));
}

/** Random but realistic filters, drawn from the catalog's own vocabulary. */
function randomFilters(seed: number, products: PlainProduct[]): ProductFilters {
  const random = createRandom(seed);
  const anchor = random.pick(products);
  const filters: ProductFilters = {};
  if (random.chance(0.7)) filters.category = random.chance(0.5) ? anchor.category : (anchor.category.split(' > ')[0] as string).toLowerCase();
  if (random.chance(0.3) && anchor.brand) filters.brandsIn = [anchor.brand, random.pick(products).brand ?? anchor.brand];
  if (random.chance(0.3)) filters.brandsOut = [random.pick(products).brand ?? 'Nike'];
  if (random.chance(0.5)) filters.priceMax = Math.round(anchor.price * (0.5 + random.next() * 1.5));
  if (random.chance(0.3)) filters.priceMin = Math.round(anchor.price * random.next() * 0.8);
  if (random.chance(0.4)) filters.inStock = true;
  const keys = Object.keys(anchor.attributes);
  if (random.chance(0.5) && keys.length) {
    const key = random.pick(keys);
    filters.attributes = { [key]: [anchor.attributes[key] as string | boolean] };
  }
  if (random.chance(0.3) && keys.length) {
    const key = random.pick(keys);
    const value = random.pick(products).attributes[key];
    if (value !== undefined) filters.attributesOut = { [key]: [value as string | boolean] };
  }
  return filters;
}

const QUERIES = ['waterproof boots', 'gift for a runner', 'black', 'cheap headphones for the gym', '', 'cozy blanket', 'laptop for students'];

describe.each(bothDrivers)('retrieval on $name', (driver) => {
  let seeded: SeededDb;
  let products: PlainProduct[];
  beforeAll(async () => {
    seeded = await openSeededDb(driver, 1200);
    products = await allProducts(seeded);
  });
  afterAll(async () => seeded.cleanup());

  const search = async (text: string, filters: ProductFilters, extra: { limit?: number; exactScanMaxRows?: number; excludeIds?: number[] } = {}) => {
    const queryVector = text ? ((await seeded.embedder.embed([text]))[0] ?? null) : null;
    return findCandidates(seeded.db, { text, queryVector, filters, ...extra });
  };

  /** Random filters never return a violating product, and a page is as full as the matches allow. */
  const checkRandomFilters = async (seeds: number[]) => {
    const plans = new Set<string>();
    for (const seed of seeds) {
      const filters = randomFilters(seed, products);
      const matching = products.filter((p) => satisfiesFilters(p, filters)).length;
      const text = QUERIES[seed % QUERIES.length] as string;
      const exactScanMaxRows = seed % 2 === 0 ? 1 : undefined; // half the runs go through the vector index
      const result = await search(text, filters, { limit: 20, exactScanMaxRows });
      plans.add(result.plan.scan);
      const context = JSON.stringify({ seed, filters, text, plan: result.plan });
      for (const c of result.candidates) expect(satisfiesFilters(c.product, filters), context).toBe(true);
      expect(result.candidates.length, context).toBe(Math.min(20, matching));
      expect(result.empty === null, context).toBe(matching > 0);
      if (result.empty) expect(relaxationCounts(result.empty.relaxations), context).toEqual(expectedRelaxations(filters));
    }
    return plans;
  };

  /** Each filter that, dropped alone, brings products back, with how many (up to the cap), counted here in JS. */
  const expectedRelaxations = (filters: ProductFilters) =>
    new Map(filterConditions(filters, new SqlParams()).flatMap(({ name }) => {
      const n = Math.min(RELAXATION_COUNT_CAP, products.filter((p) => satisfiesFilters(p, withoutFilter(filters, name))).length);
      return n > 0 ? [[name, n] as const] : [];
    }));
  const relaxationCounts = (relaxations: Array<{ filter: string; matchesWithout: number }>) => new Map(relaxations.map((r) => [r.filter, r.matchesWithout]));

  it('when random hard filters are applied, then no candidate ever breaks one and the page is filled', async () => {
    const runs = driver.name === 'pglite' ? 120 : 40;
    expect(await describeVectorIndex(seeded.db)).toMatchObject({ kind: 'ivfflat', lists: ivfListsFor(1200) });
    const plans = await checkRandomFilters(Array.from({ length: runs }, (_, i) => i + 1));
    expect([...plans]).toEqual(expect.arrayContaining(['index', 'exact']));
  });

  it('when the index is switched to HNSW, then random hard filters are still kept and pages filled', async () => {
    expect(await ensureVectorIndex(seeded.db, 'hnsw')).toBe(true);
    try {
      expect((await describeVectorIndex(seeded.db))?.kind).toBe('hnsw');
      await checkRandomFilters(Array.from({ length: 30 }, (_, i) => 500 + 2 * i)); // even seeds: the index path
    } finally {
      await ensureVectorIndex(seeded.db, 'ivfflat');
    }
    expect((await describeVectorIndex(seeded.db))?.kind).toBe('ivfflat');
  });

  it('when an attribute filter keeps many products, then the planner estimates them within a factor of three (so no row-by-row count is needed to see it is broad)', async () => {
    const perColor = new Map<string, number>();
    for (const p of products) if (typeof p.attributes.color === 'string') perColor.set(p.attributes.color, (perColor.get(p.attributes.color) ?? 0) + 1);
    const [color, n] = [...perColor].sort((a, b) => b[1] - a[1])[0]!;
    expect(n).toBeGreaterThan(50);
    const estimate = await plannedRowCount(seeded.db, { attributes: { color: [color.toUpperCase()] } }, []);
    expect(estimate).toBeGreaterThan(n / 3);
    expect(estimate).toBeLessThan(n * 3);
  });

  it('when a filter is selective enough for an exact scan, then each candidate carries the full-text rank the full-text search alone gives it', async () => {
    let exactRuns = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const filters = randomFilters(seed, products);
      const text = QUERIES[seed % QUERIES.length] as string;
      if (!text) continue;
      const hybrid = await search(text, filters, { limit: 100 });
      if (hybrid.plan.scan !== 'exact') continue;
      exactRuns += 1;
      const textOnly = await findCandidates(seeded.db, { text, queryVector: null, filters, limit: 100, strategy: 'text' });
      const textRanks = new Map(textOnly.candidates.map((c) => [c.product.id, c.features.textRank]));
      const context = JSON.stringify({ seed, filters, text });
      expect(hybrid.plan.textHits, context).toBe(textOnly.plan.textHits);
      for (const c of hybrid.candidates) expect(c.features.textRank, context).toBeCloseTo(textRanks.get(c.product.id) ?? 0, 6);
    }
    expect(exactRuns).toBeGreaterThan(10);
  });

  it('when a product has no embedding yet, then a selective filter still finds it by its words but does not count it', async () => {
    const before = await search('waterproof hiking boots', { category: 'Shoes > Hiking' }, { limit: 5 });
    expect(before.plan.scan).toBe('exact');
    const target = before.candidates[0]!.product.id;
    const { rows } = await seeded.db.query<{ embedding: string }>('SELECT embedding::text AS embedding FROM products WHERE id = $1', [target]);
    await seeded.db.query('UPDATE products SET embedding = NULL WHERE id = $1', [target]);
    try {
      const after = await search('waterproof hiking boots', { category: 'Shoes > Hiking' }, { limit: 50 });
      expect(after.plan.scan).toBe('exact');
      expect(after.plan.filteredCount).toBe(before.plan.filteredCount - 1);
      const found = after.candidates.find((c) => c.product.id === target);
      expect(found?.features.textRank).toBeGreaterThan(0);
      expect(found?.features.vectorPosition).toBeNull();
    } finally {
      await seeded.db.query('UPDATE products SET embedding = $2::vector WHERE id = $1', [target, rows[0]!.embedding]);
    }
  });

  it('when category names share a prefix or hold LIKE wildcards, then a category filter finds only that category and its subcategories, run after run', async () => {
    const { rows } = await seeded.db.query<{ id: number; category: string }>("SELECT id, category FROM products WHERE category = 'Shoes > Hiking' ORDER BY id LIMIT 4");
    const [own, sub, wildcardTwin, longerName] = rows.map((r) => r.id) as [number, number, number, number];
    const renamed: Array<[number, string]> = [[own, 'Sale_50%'], [sub, 'Sale_50% > Boots'], [wildcardTwin, 'SaleX50Y > Boots'], [longerName, 'Sale_50%Extra > Boots']];
    for (const [id, category] of renamed) await seeded.db.query('UPDATE products SET category = $2 WHERE id = $1', [id, category]);
    try {
      // Past the fifth run a statement whose plan may be kept runs on one generic plan.
      for (let run = 0; run < 8; run++) {
        const result = await search(run % 2 ? 'boots' : 'hiking boots', { category: run % 3 ? 'Sale_50%' : 'SALE_50%' }, { limit: 10 });
        expect(result.plan.scan, `run ${run}`).toBe('exact');
        expect(result.candidates.map((c) => c.product.id).sort((a, b) => a - b), `run ${run}`).toEqual([own, sub].sort((a, b) => a - b));
      }
      const sub2 = await search('boots', { category: 'Sale_50% > Boots' }, { limit: 10 });
      expect(sub2.candidates.map((c) => c.product.id)).toEqual([sub]);
    } finally {
      for (const row of rows) await seeded.db.query('UPDATE products SET category = $2 WHERE id = $1', [row.id, row.category]);
    }
  });

  it('when products are excluded, then they never come back', async () => {
    const first = await search('hiking boots', { category: 'Shoes > Hiking' }, { limit: 10 });
    const excluded = first.candidates.map((c) => c.product.id);
    const second = await search('hiking boots', { category: 'Shoes > Hiking' }, { limit: 10, excludeIds: excluded });
    expect(second.candidates.length).toBe(10);
    expect(second.candidates.some((c) => excluded.includes(c.product.id))).toBe(false);
  });

  it('when a shopper asks for waterproof hiking boots, then the top results are waterproof hiking boots', async () => {
    const result = await search('waterproof hiking boots', {}, { limit: 5 });
    for (const c of result.candidates) {
      expect(c.product.category).toBe('Shoes > Hiking');
      expect(c.product.attributes.waterproof).toBe(true);
    }
  });

  it('when candidates come back, then each carries the features ranking needs', async () => {
    const result = await search('noise cancelling headphones', { category: 'Electronics' }, { limit: 5 });
    const top = result.candidates[0]!;
    expect(top.features.querySimilarity).toBeGreaterThan(0.2);
    expect(top.features.textRank).toBeGreaterThan(0);
    expect(top.features).toMatchObject({ price: top.product.price, stock: top.product.stock, reviewCount: top.product.reviewCount });
    expect(result.plan.vectorHits).toBeGreaterThan(0);
    expect(result.plan.textHits).toBeGreaterThan(0);
  });

  it('when nothing is under the price limit, then the explanation names the price and the cheapest one', async () => {
    const cheapest = Math.min(...products.filter((p) => p.category === 'Shoes > Hiking').map((p) => p.price));
    const result = await search('hiking boots', { category: 'Shoes > Hiking', priceMax: 20 });
    expect(result.candidates).toEqual([]);
    expect(result.empty?.relaxations[0]).toMatchObject({ filter: 'priceMax', label: 'under $20' });
    expect(result.empty?.cheapestPrice).toBe(cheapest);
    expect(result.empty?.summary).toContain(`The cheapest in Shoes > Hiking is $${cheapest.toFixed(2)}`);
  });

  it('when price bounds and a brand together leave nothing, then each one dropped alone is counted as the catalog holds', async () => {
    // The brand whose dearest hiking product is the cheapest: other brands sell above it.
    const dearestOf = new Map<string, number>();
    for (const p of products) if (p.category === 'Shoes > Hiking' && p.brand) dearestOf.set(p.brand, Math.max(dearestOf.get(p.brand) ?? 0, p.price));
    const [brand, dearest] = [...dearestOf].sort((a, b) => a[1] - b[1])[0]!;
    const filters: ProductFilters = { category: 'Shoes > Hiking', brandsIn: [brand], priceMin: Math.ceil(dearest) + 1, priceMax: Math.ceil(dearest) + 400 };
    const result = await search('hiking boots', filters);
    expect(result.candidates).toEqual([]);
    const expected = expectedRelaxations(filters);
    expect(expected.get('priceMin')).toBeGreaterThan(0);
    expect(expected.get('brandsIn')).toBeGreaterThan(0);
    expect(relaxationCounts(result.empty!.relaxations)).toEqual(expected);
    const inCategory = products.filter((p) => satisfiesFilters(p, { category: 'Shoes > Hiking' })).map((p) => p.price);
    expect([result.empty?.cheapestPrice, result.empty?.highestPrice]).toEqual([Math.min(...inCategory), Math.max(...inCategory)]);
  });

  it('when a wanted brand does not sell the category, then the explanation lists brands that do', async () => {
    const result = await search('boots', { category: 'Shoes > Hiking', brandsIn: ['Lego'] });
    expect(result.empty?.relaxations.map((r) => r.filter)).toContain('brandsIn');
    const perBrand = new Map<string, number>();
    for (const p of products) if (p.category === 'Shoes > Hiking' && p.brand) perBrand.set(p.brand, (perBrand.get(p.brand) ?? 0) + 1);
    const mostStocked = [...perBrand].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5).map(([brand]) => brand);
    expect(result.empty?.availableBrands).toEqual(mostStocked);
  });

  it('when dropping a filter would bring back a great many products, then the count stops at the cap and says "at least"', async () => {
    const result = await search('anything at all', { priceMax: 0.5 });
    expect(result.candidates).toEqual([]);
    expect(products.length).toBeGreaterThan(RELAXATION_COUNT_CAP);
    expect(result.empty?.relaxations).toEqual([{ filter: 'priceMax', label: 'under $0.50', matchesWithout: RELAXATION_COUNT_CAP }]);
    expect(result.empty?.cheapestPrice).toBe(Math.min(...products.map((p) => p.price)));
    expect(result.empty?.summary).toContain(`there are at least ${RELAXATION_COUNT_CAP} matches`);
  });

  it('when there is no text at all, then the most popular matching products are browsed', async () => {
    const result = await search('', { category: 'Kitchen', inStock: true }, { limit: 5 });
    expect(result.plan.scan).toBe('browse');
    const popularity = result.candidates.map((c) => c.product.popularity);
    expect(popularity).toEqual([...popularity].sort((a, b) => b - a));
  });
});

/** PGlite keeps statements prepared (pglite-statements.mjs); the `pg` driver's are unnamed, so planned on every run anyway. */
describe('retrieval plans kept by PGlite', () => {
  let seeded: SeededDb;
  let products: PlainProduct[];
  beforeAll(async () => {
    seeded = await openSeededDb(bothDrivers[0]!, 600);
    products = await allProducts(seeded);
  });
  afterAll(async () => seeded.cleanup());

  const search = async (text: string, filters: ProductFilters, extra: { limit?: number } = {}) => {
    const queryVector = (await seeded.embedder.embed([text]))[0] ?? null;
    return findCandidates(seeded.db, { text, queryVector, filters, ...extra });
  };

  it('when a search filters by category or brand, then its exact scan keeps one plan; by price alone, each run is planned for its value', async () => {
    const prepared = async () => (await seeded.db.query<{ statement: string; generic_plans: number; custom_plans: number }>("SELECT statement, generic_plans::int, custom_plans::int FROM pg_prepared_statements WHERE statement LIKE 'WITH f AS MATERIALIZED%'")).rows;
    const leaves = [...new Set(products.map((p) => p.category))].slice(0, 8);
    for (const [i, category] of leaves.entries()) await search('gift', { category, priceMax: 40 + 10 * i }, { limit: 10 });
    for (let i = 0; i < 8; i++) await search('gift', { priceMax: 5 + i }, { limit: 10 });
    const byCategory = (await prepared()).filter((s) => s.statement.includes('lower(p.category) ~>=~'));
    const byPrice = (await prepared()).filter((s) => !s.statement.includes('category') && s.statement.includes('p.price <='));
    expect(byCategory.reduce((n, s) => n + s.generic_plans, 0)).toBeGreaterThan(0);
    expect(byPrice.reduce((n, s) => n + s.custom_plans, 0)).toBeGreaterThanOrEqual(8);
    expect(byPrice.reduce((n, s) => n + s.generic_plans, 0)).toBe(0);
  });
});
