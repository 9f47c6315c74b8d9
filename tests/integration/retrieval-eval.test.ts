import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRetrieval, gradeOf, loadLabelledQueries, scoreQuery, type StrategySummary } from '../../scripts/eval/retrieval-eval.js';
import { openSeededDb, type SeededDb } from '../support/seeded-db.js';
import { bothDrivers } from '../support/test-db.js';

describe('retrieval evaluation on the seed catalog', () => {
  let seeded: SeededDb;
  let summaries: StrategySummary[];
  const queries = loadLabelledQueries();

  beforeAll(async () => {
    seeded = await openSeededDb(bothDrivers[0]!, 5000);
    summaries = await evaluateRetrieval({ db: seeded.db, embedder: seeded.embedder, queries });
  });
  afterAll(async () => seeded.cleanup());

  it('when the labelled set is loaded, then it has at least 60 queries, each with a relevant product in the catalog', async () => {
    expect(queries.length).toBeGreaterThanOrEqual(60);
    const { rows } = await seeded.db.query<{ id: number; title: string; category: string; brand: string | null; price: string; stock: number; attributes: Record<string, unknown> }>('SELECT id, title, category, brand, price, stock, attributes FROM products');
    const products = rows.map((r) => ({ ...r, price: Number(r.price) }));
    for (const query of queries) expect(products.some((p) => gradeOf(p, query) === 3), query.query).toBe(true);
  });

  it('when every strategy runs, then no result ever breaks a hard constraint', () => {
    expect(summaries.map((s) => s.violations)).toEqual([0, 0, 0, 0]);
  });

  // The seed's titles carry every flag, so BM25F alone is near its ceiling here: hybrid must match it and beat vectors alone.
  it('when strategies are compared, then hybrid is at least as good as full text and better than vectors alone', () => {
    const [text, vector, hybrid] = summaries;
    // Within 0.01: the two differ only in where vector neighbours fall among the non-exact matches.
    expect(hybrid!.ndcg10).toBeGreaterThanOrEqual(text!.ndcg10 - 0.01);
    expect(hybrid!.ndcg10).toBeGreaterThan(vector!.ndcg10);
  });
});

describe('retrieval metrics', () => {
  const query = { query: 'q', text: 'q', filters: {}, relevance: [{ grade: 3, where: { category: 'A', titleIncludes: 'best' } }, { grade: 1, where: { category: 'A' } }] };
  const product = (id: number, category: string, title: string) => ({ id, title, category, brand: null, price: 10, stock: 1, attributes: {} });
  const all = [product(1, 'A', 'best one'), product(2, 'A', 'other'), product(3, 'B', 'best but wrong category')];

  it('when a product matches several clauses, then its highest grade counts', () => {
    expect(all.map((p) => gradeOf(p, query))).toEqual([3, 1, 0]);
  });

  it('when the ranking is ideal, then nDCG@10 is 1; when reversed, it is lower', () => {
    expect(scoreQuery([all[0]!, all[1]!], all, query, {}).ndcg10).toBe(1);
    expect(scoreQuery([all[1]!, all[0]!], all, query, {}).ndcg10).toBeLessThan(1);
    expect(scoreQuery([all[2]!], all, query, {}).ndcg10).toBe(0);
  });

  it('when a result breaks the hard filters, then it is counted as a violation', () => {
    expect(scoreQuery([all[2]!], all, query, { category: 'A' }).violations).toBe(1);
  });
});
