import type { Db } from '../db/port.js';
import type { Embedder } from '../embedding/port.js';
import { getProductById, getProductBySku, listBrands, listCategories, type CategoryCount } from './catalog-queries.js';
import { findCandidates, type FindCandidatesInput, type FindCandidatesResult } from './find-candidates.js';
import type { ProductFilters } from './filters.js';
import type { CatalogProduct } from './product-rows.js';

/** Without a queryVector the text is embedded here; a caller that already has it passes it. */
export type SearchInput = Omit<FindCandidatesInput, 'queryVector'> & { queryVector?: number[] | null };

/** The catalog as the rest of the server sees it: search, product lookups, the vocabulary. */
export type CatalogService = {
  embedder: Embedder;
  search(input: SearchInput): Promise<FindCandidatesResult>;
  getProduct(id: number): Promise<CatalogProduct | null>;
  getProductBySku(sku: string): Promise<CatalogProduct | null>;
  categories(): Promise<CategoryCount[]>;
  brands(): Promise<Array<{ brand: string; count: number }>>;
};

export function createCatalogService({ db, embedder }: { db: Db; embedder: Embedder }): CatalogService {
  return {
    embedder,
    async search(input) {
      const text = input.text.trim();
      const queryVector = input.queryVector !== undefined ? input.queryVector : text ? ((await embedder.embed([text]))[0] ?? null) : null;
      return findCandidates(db, { ...input, text, queryVector });
    },
    getProduct: (id) => getProductById(db, id),
    getProductBySku: (sku) => getProductBySku(db, sku),
    categories: () => listCategories(db),
    brands: () => listBrands(db),
  };
}

export type { ProductFilters };
