import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogService } from '../../server/src/catalog/catalog-service.js';
import { countPendingVectors, fillEmbeddings } from '../../server/src/catalog/fill-embeddings.js';
import { loadProducts } from '../../server/src/catalog/load-products.js';
import { productEmbeddingText, productInputSchema, type ProductInput } from '../../server/src/catalog/product.js';
import type { Db } from '../../server/src/db/port.js';
import { LocalEmbedder } from '../../server/src/embedding/local-embedder.js';
import type { Embedder } from '../../server/src/embedding/port.js';
import { bothDrivers, type TestDb } from '../support/test-db.js';

const products: ProductInput[] = Array.from({ length: 40 }, (_, i) =>
  productInputSchema.parse({ sku: `FILL-${i}`, title: i % 2 ? `Trail running shoe ${i}` : `Ceramic coffee mug ${i}`, category: i % 2 ? 'Shoes' : 'Kitchen', price: 10 + i, stock: 3 }),
);

/** The hashed model, declared slow: rows load without vectors, as with the sentence model. */
class BackgroundEmbedder implements Embedder {
  readonly fillsInBackground = true;
  private readonly inner = new LocalEmbedder(384);
  readonly info = this.inner.info;
  beforeEmbed: (() => Promise<void>) | null = null;
  embed = async (texts: readonly string[]) => {
    await this.beforeEmbed?.();
    return this.inner.embed(texts);
  };
}

describe.each(bothDrivers)('vectors filled in after a load on $name', ({ open }) => {
  let opened: TestDb | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  const db = async (): Promise<Db> => (opened = await open({ migrated: true })).db;

  it('when a slow model loads a catalog, then every product is found by words at once, and by vector once filled', async () => {
    const database = await db();
    const embedder = new BackgroundEmbedder();
    await loadProducts({ db: database, embedder, products });
    expect(await countPendingVectors(database)).toBe(40);
    const catalog = createCatalogService({ db: database, embedder });
    const before = await catalog.search({ text: 'coffee mug', filters: {}, limit: 30 });
    expect(before.candidates.length).toBe(20);
    expect(before.candidates.every((c) => c.product.title.startsWith('Ceramic coffee mug'))).toBe(true);
    expect(before.plan.vectorHits).toBe(0);

    const progress: Array<[number, number]> = [];
    const { filled } = await fillEmbeddings({ db: database, embedder, onProgress: (done, total) => progress.push([done, total]) });
    expect(filled).toBe(40);
    expect(progress.at(0)).toEqual([0, 40]);
    expect(progress.at(-1)).toEqual([40, 40]);
    expect(await countPendingVectors(database)).toBe(0);
    const after = await catalog.search({ text: 'coffee mug', filters: {}, limit: 30 });
    expect(after.plan.vectorHits).toBeGreaterThan(0);
    expect(after.candidates[0]?.product.title).toMatch(/^Ceramic coffee mug/);
  });

  it('when a product changes while its text is being embedded, then the stale vector is not written and the next round embeds the new text', async () => {
    const database = await db();
    const embedder = new BackgroundEmbedder();
    await loadProducts({ db: database, embedder, products });
    embedder.beforeEmbed = async () => {
      embedder.beforeEmbed = null;
      await loadProducts({ db: database, embedder, products: [{ ...products[0]!, title: 'Ceramic tea cup 0' }] });
    };
    const first = await fillEmbeddings({ db: database, embedder });
    expect(first.filled).toBe(39);
    const { rows } = await database.query<{ sku: string }>('SELECT sku FROM products WHERE embedding IS NULL');
    expect(rows.map((r) => r.sku)).toEqual(['FILL-0']);
    expect((await fillEmbeddings({ db: database, embedder })).filled).toBe(1);
    const stored = await database.query<{ v: string }>("SELECT embedding::text AS v FROM products WHERE sku = 'FILL-0'");
    const [expected] = await embedder.embed([productEmbeddingText({ ...products[0]!, title: 'Ceramic tea cup 0' })]);
    const vector = JSON.parse(stored.rows[0]!.v) as number[];
    expect(vector.reduce((s, v, i) => s + v * (expected![i] ?? 0), 0)).toBeCloseTo(1, 4);
  });
});
