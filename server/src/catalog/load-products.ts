import type { Db } from '../db/port.js';
import type { Embedder } from '../embedding/port.js';
import { batches } from '../db/unnest-insert.js';
import { productEmbeddingText, type ProductInput } from './product.js';
import { upsertProducts, type UpsertResult } from './upsert-products.js';
import { buildVectorIndex, dropVectorIndex, ensureVectorIndex } from './vector-index.js';
import { refreshEmbeddingMean, writeEmbeddingModel } from './catalog-settings.js';
import { refreshCatalogTerms } from './catalog-terms.js';

export type LoadOptions = {
  db: Db;
  embedder: Embedder;
  products: Iterable<ProductInput>;
  /** Drop the vector index during the load and rebuild it once at the end (large loads). */
  rebuildIndex?: boolean;
  batchSize?: number;
  onProgress?: (done: number) => void;
};

/**
 * Embeds and upserts products batch by batch; the one write path of seed, import and enrichment.
 * With a model that fills in the background, rows are stored without vectors (see fill-embeddings.ts).
 */
export async function loadProducts({ db, embedder, products, rebuildIndex = false, batchSize = 2000, onProgress }: LoadOptions): Promise<UpsertResult> {
  const total: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
  const droppedKind = rebuildIndex ? await dropVectorIndex(db) : null;
  try {
    let done = 0;
    for (const batch of batches(products, batchSize)) {
      const embeddings = embedder.fillsInBackground ? [] : await embedder.embed(batch.map(productEmbeddingText));
      const result = await upsertProducts(db, { products: batch, embeddings, dimensions: embedder.info.dimensions });
      total.inserted += result.inserted;
      total.updated += result.updated;
      total.unchanged += result.unchanged;
      done += batch.length;
      onProgress?.(done);
    }
  } finally {
    if (rebuildIndex) await buildVectorIndex(db, droppedKind ?? undefined);
  }
  await writeEmbeddingModel(db, embedder.info);
  if (total.inserted + total.updated > 0) {
    await refreshCatalogTerms(db);
    if (!embedder.fillsInBackground) await refreshEmbeddingMean(db);
    // Small imports add up: IVFFlat lists learnt from a much smaller catalog are relearnt.
    if (!rebuildIndex) await ensureVectorIndex(db);
    // PGlite runs no autovacuum: fresh statistics keep the planner's row estimates honest.
    await db.exec('ANALYZE products');
  }
  return total;
}
