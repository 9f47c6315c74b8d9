import { randomBytes } from 'node:crypto';
import type { Db } from '../db/port.js';
import type { Embedder } from '../embedding/port.js';
import { embeddingColumnDimensions, refreshEmbeddingMean, writeEmbeddingModel, writeIdfTable } from './catalog-settings.js';
import { productEmbeddingText } from './product.js';
import { PRODUCT_COLUMNS, toCatalogProduct, type CatalogProduct, type ProductRow } from './product-rows.js';
import { buildVectorIndex, describeVectorIndex, dropVectorIndex, resizeVectorColumns } from './vector-index.js';
import type { IdfTable } from '../embedding/local-embedder.js';

const PAGE = 1000;

/** Every product, a page at a time in id order (keyset pagination: constant cost per page). */
export async function* allProducts(db: Db, where = 'TRUE'): AsyncGenerator<CatalogProduct[]> {
  let after = 0;
  for (;;) {
    const { rows } = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id > $1 AND ${where} ORDER BY p.id LIMIT ${PAGE}`, [after]);
    if (rows.length === 0) return;
    yield rows.map(toCatalogProduct);
    after = rows[rows.length - 1]?.id ?? after;
  }
}

/**
 * Writes vectors through a staging table. With `ifUnchangedSince` (the row's updated_at as read,
 * as text), a vector lands only on a row still waiting for one and unchanged since its text was
 * read (the background filler). Returns how many rows got their vector.
 */
export async function updateEmbeddings(db: Db, updates: ReadonlyArray<{ id: number; embedding: number[]; ifUnchangedSince?: string }>, dimensions: number): Promise<number> {
  if (updates.length === 0) return 0;
  const guarded = updates.some((u) => u.ifUnchangedSince !== undefined);
  const staging = `embedding_staging_${randomBytes(6).toString('hex')}`;
  await db.exec(`CREATE UNLOGGED TABLE ${staging} (id integer PRIMARY KEY, updated_at text, embedding vector(${Math.trunc(dimensions)}))`);
  try {
    await db.copyRows({ table: staging, columns: [{ name: 'id', type: 'int4' }, { name: 'updated_at', type: 'text' }, { name: 'embedding', type: 'vector' }], rows: updates.map((u) => [u.id, u.ifUnchangedSince ?? null, u.embedding]) });
    const guard = guarded ? ' AND p.updated_at = s.updated_at::timestamptz AND p.embedding IS NULL' : '';
    const { rows } = await db.query<{ n: number }>(`WITH done AS (UPDATE products p SET embedding = s.embedding FROM ${staging} s WHERE p.id = s.id${guard} RETURNING 1) SELECT count(*)::int AS n FROM done`);
    return rows[0]?.n ?? 0;
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${staging}`);
  }
}

/**
 * Re-embeds the whole catalog with `embedder` (built from `idf` for the local model), resizing
 * the vector columns when the dimension changes and rebuilding the vector index once at the end.
 */
export async function reindexCatalog({ db, embedder, idf, onProgress }: { db: Db; embedder: Embedder; idf: IdfTable | null; onProgress?: (done: number) => void }): Promise<{ products: number }> {
  const kind = (await describeVectorIndex(db))?.kind;
  if ((await embeddingColumnDimensions(db)) !== embedder.info.dimensions) await resizeVectorColumns(db, embedder.info.dimensions);
  await dropVectorIndex(db);
  let done = 0;
  try {
    for await (const page of allProducts(db)) {
      const vectors = await embedder.embed(page.map(productEmbeddingText));
      await updateEmbeddings(db, page.map((p, i) => ({ id: p.id, embedding: vectors[i] as number[] })), embedder.info.dimensions);
      done += page.length;
      onProgress?.(done);
    }
  } finally {
    await buildVectorIndex(db, kind);
  }
  if (idf) await writeIdfTable(db, idf);
  await writeEmbeddingModel(db, embedder.info);
  await refreshEmbeddingMean(db);
  return { products: done };
}

/** The idf of the catalog as it is now, for the local embedder. */
export async function fitCatalogIdf(db: Db, fit: (texts: Iterable<string>) => IdfTable): Promise<IdfTable> {
  const texts: string[] = [];
  for await (const page of allProducts(db)) texts.push(...page.map(productEmbeddingText));
  return fit(texts);
}
