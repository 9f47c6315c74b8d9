import { countProducts, embeddingColumnDimensions, readEmbeddingModel, writeIdfTable } from '../server/src/catalog/catalog-settings.js';
import { resizeVectorColumns } from '../server/src/catalog/vector-index.js';
import { fillEmbeddings } from '../server/src/catalog/fill-embeddings.js';
import { loadProducts } from '../server/src/catalog/load-products.js';
import { productEmbeddingText } from '../server/src/catalog/product.js';
import type { UpsertResult } from '../server/src/catalog/upsert-products.js';
import type { Config } from '../server/src/config.js';
import type { Db } from '../server/src/db/port.js';
import { configuredModel, embedderFor, EmbeddingModelMismatchError } from '../server/src/embedding/build-embedder.js';
import { fitIdf, LOCAL_MODEL_NAME } from '../server/src/embedding/local-embedder.js';
import { sameModel } from '../server/src/embedding/port.js';
import { generateCatalog } from './generate-catalog.js';

export type SeedOptions = {
  db: Db;
  config: Parameters<typeof embedderFor>[0];
  count: number;
  seed?: number;
  onProgress?: (done: number) => void;
  /**
   * With a model that fills in the background, the seed also embeds its rows before it returns
   * (scripts and benchmarks want a finished catalog); the server passes false and lets its filler do it.
   */
  fillVectors?: boolean;
};

export const DEFAULT_SEED_COUNT = 5000;

/** Generates the demo catalog, learns the local embedder's idf from it, and upserts by sku. */
export async function seedCatalog({ db, config, count, seed = 42, onProgress, fillVectors = true }: SeedOptions): Promise<UpsertResult> {
  const configured = configuredModel(config);
  const stored = await readEmbeddingModel(db);
  const existing = await countProducts(db);
  if (stored && existing.embedded > 0 && !sameModel(stored, configured)) throw new EmbeddingModelMismatchError(stored, configured);
  // A catalog without vectors takes the configured model's dimension (512 for the sentence model).
  if (existing.embedded === 0 && (await embeddingColumnDimensions(db)) !== configured.dimensions) await resizeVectorColumns(db, configured.dimensions);

  const idf = fitIdf((function* () {
    for (const product of generateCatalog({ count, seed })) yield productEmbeddingText(product);
  })());
  const embedder = embedderFor(config, idf);
  if (configured.model === LOCAL_MODEL_NAME) await writeIdfTable(db, idf);
  const result = await loadProducts({
    db,
    embedder,
    products: generateCatalog({ count, seed }),
    // Rebuilding the vector index pays off only when most rows are new.
    rebuildIndex: count >= 2000 && existing.total < count / 2,
    onProgress,
  });
  if (fillVectors && embedder.fillsInBackground) await fillEmbeddings({ db, embedder });
  return result;
}

/** `npm start` seeds only a catalog that is completely empty. */
export async function seedIfEmpty(options: Omit<SeedOptions, 'count'> & { count?: number }): Promise<UpsertResult | null> {
  const { total } = await countProducts(options.db);
  if (total > 0) return null;
  return seedCatalog({ ...options, count: options.count ?? DEFAULT_SEED_COUNT });
}

export type { Config };
