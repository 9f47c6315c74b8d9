import { afterEach, describe, expect, it } from 'vitest';
import { loadProducts } from '../../server/src/catalog/load-products.js';
import { describeVectorIndex, ensureVectorIndex, ivfListsFor } from '../../server/src/catalog/vector-index.js';
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
});
