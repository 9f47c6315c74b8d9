import type { Db } from '../db/port.js';
import { storageFaultKind, type StorageFaults } from '../db/storage-faults.js';
import type { Embedder } from '../embedding/port.js';
import type { Logger } from '../logger.js';
import { getProductById, getProductBySku, listBrands, listCategories, type CategoryCount } from './catalog-queries.js';
import { findCandidates, type FindCandidatesInput, type FindCandidatesResult } from './find-candidates.js';
import type { ProductFilters } from './filters.js';
import type { CatalogProduct } from './product-rows.js';

/** Without a queryVector the text is embedded here; a caller that already has it passes it. */
export type SearchInput = Omit<FindCandidatesInput, 'queryVector'> & { queryVector?: number[] | null };

export type VectorIndexHealth = 'ok' | 'repairing' | 'failing';

/** The catalog as the rest of the server sees it: search, product lookups, the vocabulary. */
export type CatalogService = {
  embedder: Embedder;
  search(input: SearchInput): Promise<FindCandidatesResult>;
  getProduct(id: number): Promise<CatalogProduct | null>;
  getProductBySku(sku: string): Promise<CatalogProduct | null>;
  categories(): Promise<CategoryCount[]>;
  brands(): Promise<Array<{ brand: string; count: number }>>;
  vectorIndexHealth(): VectorIndexHealth;
  /** Settles when a repair started by a damaged index has ended (tests, shutdown). */
  repairs(): Promise<void>;
};

type Options = { db: Db; embedder: Embedder; faults?: StorageFaults; logger?: Logger };

export function createCatalogService({ db, embedder, faults, logger }: Options): CatalogService {
  let health: VectorIndexHealth = 'ok';
  let repair: Promise<void> = Promise.resolve();

  /** Rebuilding the products' indexes from the table repairs a damaged index page; one repair at a time. */
  const startRepair = (error: unknown) => {
    if (health === 'repairing') return;
    health = 'repairing';
    logger?.error({ err: error }, 'a products index is damaged: searching by full text only while it is rebuilt');
    repair = db.exec('REINDEX TABLE products').then(
      () => {
        health = 'ok';
        faults?.clearCorruption();
        logger?.info('products indexes rebuilt; vector search is back');
      },
      (repairError: unknown) => {
        health = 'failing';
        logger?.error({ err: repairError }, 'rebuilding the products indexes failed: run npm run catalog:reindex, or restore the data dir from a backup');
      },
    );
  };

  return {
    embedder,
    async search(input) {
      const text = input.text.trim();
      const queryVector = input.queryVector !== undefined ? input.queryVector : text ? ((await embedder.embed([text]))[0] ?? null) : null;
      const request = { ...input, text, queryVector, relevanceFloor: input.relevanceFloor ?? embedder.relevanceFloor };
      if (health !== 'ok') return findCandidates(db, { ...request, queryVector: null, profileVector: null, ...(text ? { strategy: 'text' as const } : {}) });
      try {
        return await findCandidates(db, request);
      } catch (error) {
        // A damaged index must not take search down with it: the words still find products.
        if (storageFaultKind(error) !== 'corruption' || !text || request.strategy === 'text') throw error;
        startRepair(error);
        return findCandidates(db, { ...request, queryVector: null, profileVector: null, strategy: 'text' });
      }
    },
    getProduct: (id) => getProductById(db, id),
    getProductBySku: (sku) => getProductBySku(db, sku),
    categories: () => listCategories(db),
    brands: () => listBrands(db),
    vectorIndexHealth: () => health,
    repairs: () => repair,
  };
}

export type { ProductFilters };
