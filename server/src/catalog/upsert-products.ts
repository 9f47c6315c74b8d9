import { randomBytes } from 'node:crypto';
import type { CopyColumn, Db } from '../db/port.js';
import type { ProductInput } from './product.js';

export type UpsertResult = { inserted: number; updated: number; unchanged: number };

const STAGING_COLUMNS: readonly CopyColumn[] = [
  { name: 'sku', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'description', type: 'text' },
  { name: 'category', type: 'text' },
  { name: 'brand', type: 'text' },
  { name: 'price', type: 'numeric' },
  { name: 'currency', type: 'text' },
  { name: 'attributes', type: 'jsonb' },
  { name: 'rating', type: 'float4' },
  { name: 'review_count', type: 'int4' },
  { name: 'popularity', type: 'float4' },
  { name: 'stock', type: 'int4' },
  { name: 'image_url', type: 'text' },
  { name: 'url', type: 'text' },
  { name: 'tags', type: 'text[]' },
  { name: 'embedding', type: 'vector' },
];

const DATA_FIELDS = ['title', 'description', 'category', 'brand', 'price', 'currency', 'attributes', 'rating', 'review_count', 'popularity', 'stock', 'image_url', 'url', 'tags'];

/** Product id of each sku, for callers that need them after a load. */
export async function productIdsBySku(db: Db, skus: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: number; sku: string }>('SELECT id, sku FROM products WHERE sku = ANY($1::text[])', [skus]);
  return new Map(rows.map((r) => [r.sku, r.id]));
}

/**
 * Upserts by sku through a staging table filled by the bulk path. A row whose data did not
 * change is left alone (same updated_at, same embedding), so loading a file twice changes nothing.
 */
export async function upsertProducts(
  db: Db,
  { products, embeddings, dimensions }: { products: readonly ProductInput[]; embeddings: readonly number[][]; dimensions: number },
): Promise<UpsertResult> {
  if (products.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const staging = `product_staging_${randomBytes(6).toString('hex')}`;
  await db.exec(`CREATE UNLOGGED TABLE ${staging} (
    sku text, title text, description text, category text, brand text, price numeric(12, 2), currency text,
    attributes jsonb, rating real, review_count integer, popularity real, stock integer, image_url text, url text,
    tags text[], embedding vector(${Number(dimensions)}))`);
  try {
    await db.copyRows({
      table: staging,
      columns: STAGING_COLUMNS,
      rows: products.map((p, i) => [
        p.sku, p.title, p.description, p.category, p.brand, p.price === null ? null : p.price.toFixed(2), p.currency, p.attributes, p.rating,
        p.reviewCount, p.popularity, p.stock, p.imageUrl, p.url, p.tags, embeddings[i] ?? null,
      ]),
    });
    const changed = DATA_FIELDS.map((f) => `products.${f}`).join(', ');
    const incoming = DATA_FIELDS.map((f) => `excluded.${f}`).join(', ');
    const { rows } = await db.query<{ inserted: boolean }>(
      `INSERT INTO products (sku, ${DATA_FIELDS.join(', ')}, embedding)
       SELECT DISTINCT ON (sku) sku, ${DATA_FIELDS.join(', ')}, embedding FROM ${staging} ORDER BY sku
       ON CONFLICT (sku) DO UPDATE SET ${DATA_FIELDS.map((f) => `${f} = excluded.${f}`).join(', ')},
         embedding = excluded.embedding, updated_at = now()
       WHERE (${changed}) IS DISTINCT FROM (${incoming}) OR products.embedding IS NULL
       RETURNING (xmax = 0) AS inserted`,
    );
    const inserted = rows.filter((r) => r.inserted).length;
    const distinct = new Set(products.map((p) => p.sku)).size;
    return { inserted, updated: rows.length - inserted, unchanged: distinct - rows.length };
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${staging}`);
  }
}
