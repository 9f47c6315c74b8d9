import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCandidates } from '../../server/src/catalog/find-candidates.js';
import { loadProducts } from '../../server/src/catalog/load-products.js';
import { productInputSchema, type ProductInput } from '../../server/src/catalog/product.js';
import { LocalEmbedder } from '../../server/src/embedding/local-embedder.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { loadConfig } from '../../server/src/config.js';
import { bothDrivers, type TestDb } from '../support/test-db.js';

const product = (sku: string, fields: Partial<ProductInput> & { title: string; category: string }): ProductInput => productInputSchema.parse({ sku, price: 20, stock: 5, ...fields });

/** A home-improvement corner inside the generated catalog: brand words, sizes and model numbers. */
const STORE: ProductInput[] = [
  ...Array.from({ length: 9 }, (_, i) => product(`ECO-${i}`, { title: `Undermount kitchen sink model ${i + 1}`, brand: 'Ecosinks', category: 'Home > Kitchen', description: 'Stainless steel basin.' })),
  product('OSB-1', { title: 'Oriented strand board sheathing 19/32 in. x 4 ft. x 8 ft.', category: 'Home > Lumber', description: 'Panel for subfloors.' }),
  product('OSB-2', { title: 'Oriented strand board sheathing 7/16 in. x 4 ft. x 8 ft.', category: 'Home > Lumber', description: 'Panel for walls.' }),
  product('PLY-1', { title: 'Sanded plywood 3/4 in. x 4 ft. x 8 ft.', category: 'Home > Lumber', description: 'Birch face.' }),
  product('PLY-2', { title: 'Sanded plywood 1/2 in. x 4 ft. x 8 ft.', category: 'Home > Lumber', description: 'Pine face.' }),
  product('CHG-65', { title: 'USB-C laptop charger', category: 'Electronics > Chargers', attributes: { wattage: '65W' }, description: 'Compact wall charger.' }),
  product('CHG-30', { title: 'USB-C phone charger', category: 'Electronics > Chargers', attributes: { wattage: '30W' }, description: 'Compact wall charger.' }),
  product('GATE-1', { title: 'Automatic gate opener kit', category: 'Home > Outdoor', description: 'Opens swing gates; works with any kitchen-door remote.' }),
];

describe.each(bothDrivers)('lexical ranking (BM25F) on $name', ({ open }) => {
  let opened: TestDb;
  const embedder = new LocalEmbedder(384);
  const search = (text: string) => findCandidates(opened.db, { text, queryVector: null, filters: {}, strategy: 'text', limit: 20 });
  const skus = async (text: string, n: number) => (await search(text)).candidates.slice(0, n).map((c) => c.product.sku);

  beforeAll(async () => {
    opened = await open({ migrated: true });
    await seedCatalog({ db: opened.db, config: loadConfig({ EMBEDDING_PROVIDER: 'hashed' }), count: 300 });
    await loadProducts({ db: opened.db, embedder, products: STORE });
  });
  afterAll(async () => opened.cleanup());

  it('when a shopper types a brand, then every product of that brand comes first', async () => {
    expect((await skus('ecosinks', 9)).sort()).toEqual(STORE.slice(0, 9).map((p) => p.sku).sort());
  });

  it('when a query names a dimension, then the product with that exact size ranks above its siblings', async () => {
    expect(await skus('19/32 OSB sheathing', 1)).toEqual(['OSB-1']);
    expect(await skus('3/4 plywood', 1)).toEqual(['PLY-1']);
  });

  it('when a query names a value only an attribute holds, then that product is found first', async () => {
    expect(await skus('65W charger', 1)).toEqual(['CHG-65']);
  });

  it('when a word sits in one title and in another product\'s description, then the title match ranks higher', async () => {
    const ranked = await skus('kitchen sink', 12);
    expect(ranked.indexOf('GATE-1') === -1 || ranked.indexOf('GATE-1') > 8).toBe(true);
  });

  it('when the hybrid search has a vector, then an exact brand match still outranks vector neighbours', async () => {
    const [queryVector] = await embedder.embed(['ecosinks']);
    const { candidates } = await findCandidates(opened.db, { text: 'ecosinks', queryVector: queryVector ?? null, filters: {}, limit: 20 });
    expect(candidates.slice(0, 9).every((c) => c.product.brand === 'Ecosinks')).toBe(true);
  });
});
