import { afterEach, describe, expect, it } from 'vitest';
import { loadProducts } from '../../server/src/catalog/load-products.js';
import { categoryIndexName, ensureCategoryVectorIndexes, listCategoryVectorIndexes } from '../../server/src/catalog/category-vector-indexes.js';
import { findCandidates } from '../../server/src/catalog/find-candidates.js';
import { CATEGORY_INDEX_PROBES, CATEGORY_PROBES, probesFor, WHOLE_CATALOG_PROBES } from '../../server/src/catalog/vector-probes.js';
import { describeVectorIndex, ensureVectorIndex, ivfListsFor } from '../../server/src/catalog/vector-index.js';
import { toVectorParam } from '../../server/src/db/port.js';
import { LocalEmbedder } from '../../server/src/embedding/local-embedder.js';
import { generateCatalog } from '../../seed/generate-catalog.js';
import { bothDrivers, type TestDb } from '../support/test-db.js';

const embedder = new LocalEmbedder(384);
const catalog = [...generateCatalog({ count: 500 })];

describe.each(bothDrivers)('vector index on $name', ({ open }) => {
  let opened: TestDb | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('when a catalog is imported a little at a time, then the IVFFlat lists are relearnt once it has grown fourfold', async () => {
    const { db } = (opened = await open({ migrated: true }));
    expect(await describeVectorIndex(db)).toEqual({ kind: 'ivfflat', lists: 1 });
    await loadProducts({ db, embedder, products: catalog.slice(0, 60) });
    expect((await describeVectorIndex(db))?.lists).toBe(ivfListsFor(60));
    await loadProducts({ db, embedder, products: catalog.slice(60, 100) });
    expect((await describeVectorIndex(db))?.lists).toBe(ivfListsFor(60)); // 100 is not yet fourfold
    await loadProducts({ db, embedder, products: catalog.slice(100) });
    expect((await describeVectorIndex(db))?.lists).toBe(ivfListsFor(500));
  });

  it('when the configured kind differs from the index, then it is converted, and left alone when it matches', async () => {
    const { db } = (opened = await open({ migrated: true }));
    await loadProducts({ db, embedder, products: catalog.slice(0, 100), rebuildIndex: true });
    expect(await ensureVectorIndex(db, 'ivfflat')).toBe(false);
    expect(await ensureVectorIndex(db, 'hnsw')).toBe(true);
    expect(await describeVectorIndex(db)).toEqual({ kind: 'hnsw', lists: null });
    // A bulk load keeps the kind it found.
    await loadProducts({ db, embedder, products: catalog.slice(100, 200), rebuildIndex: true });
    expect((await describeVectorIndex(db))?.kind).toBe('hnsw');
    expect(await ensureVectorIndex(db, 'hnsw')).toBe(false);
  });

  it('when a top-level category is large, then it gets an IVFFlat index of its own, which its filter uses with more probes, until it shrinks', async () => {
    const { db } = (opened = await open({ migrated: true }));
    await loadProducts({ db, embedder, products: catalog, rebuildIndex: true });
    const { rows: tops } = await db.query<{ top: string; n: number }>(`SELECT split_part(lower(category), ' > ', 1) AS top, count(*)::int AS n FROM products GROUP BY 1 ORDER BY 2 DESC, 1`);
    const minRows = tops[1]!.n; // the two largest categories qualify (both well under half the catalog)
    await ensureCategoryVectorIndexes(db, { minRows });
    const large = tops.filter((t) => t.n >= minRows).map((t) => t.top);
    expect(await listCategoryVectorIndexes(db)).toEqual(large.map(categoryIndexName).sort());

    const top = large[0]!;
    const category = catalog.find((p) => p.category.toLowerCase().split(' > ')[0] === top)!.category.split(' > ')[0]!;
    const vector = embedder.embedOne('something from this category');
    const plan = await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off');
      const { rows } = await tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT p.id FROM products p WHERE (lower(p.category) = $1 OR lower(p.category) LIKE $2) ORDER BY p.embedding <=> $3 LIMIT 10`,
        [top, `${top} > %`, toVectorParam(vector)],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain(categoryIndexName(top));
    const found = await findCandidates(db, { text: '', queryVector: vector, filters: { category }, limit: 10, strategy: 'vector', exactScanMaxRows: 1 });
    expect(found.plan.scan).toBe('index');
    expect(found.candidates.length).toBe(10);
    for (const c of found.candidates) expect(c.product.category.toLowerCase().split(' > ')[0]).toBe(top);
    // Its own index has few lists: a filter on it probes more of them than the whole-catalog index does.
    const subCategory = catalog.find((p) => p.category.toLowerCase().startsWith(`${top} > `))!.category;
    expect(await probesFor(db, { category })).toBe(CATEGORY_INDEX_PROBES);
    expect(await probesFor(db, { category: subCategory })).toBe(CATEGORY_PROBES);
    expect(await probesFor(db, { priceMax: 50 })).toBe(WHOLE_CATALOG_PROBES);

    await db.query(`DELETE FROM products WHERE id IN (SELECT id FROM products WHERE split_part(lower(category), ' > ', 1) = $1 ORDER BY id LIMIT $2)`, [top, tops[0]!.n - 1]);
    await ensureCategoryVectorIndexes(db, { minRows });
    expect(await listCategoryVectorIndexes(db)).not.toContain(categoryIndexName(top));
    expect(await probesFor(db, { category })).toBe(CATEGORY_PROBES);
  });
});
