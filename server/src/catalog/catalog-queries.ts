import { fromVectorValue, REUSABLE_PLAN, type Db } from '../db/port.js';
import { PRODUCT_COLUMNS, toCatalogProduct, type CatalogProduct, type ProductRow } from './product-rows.js';
import { lookupTable } from '../lookup.js';

export async function getProductById(db: Db, id: number): Promise<CatalogProduct | null> {
  const { rows } = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = $1`, [id], REUSABLE_PLAN);
  return rows[0] ? toCatalogProduct(rows[0]) : null;
}

export async function getProductBySku(db: Db, sku: string): Promise<CatalogProduct | null> {
  const { rows } = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.sku = $1`, [sku], REUSABLE_PLAN);
  return rows[0] ? toCatalogProduct(rows[0]) : null;
}

export type CategoryCount = { path: string; name: string; depth: number; count: number; inStock: number };

/** Every category path with product counts; a parent counts the products of its children. */
export async function listCategories(db: Db): Promise<CategoryCount[]> {
  const { rows } = await db.query<{ category: string; count: number; in_stock: number }>(
    // '' is "no category given": those products are searchable but listed under no category.
    "SELECT category, count(*)::int AS count, count(*) FILTER (WHERE stock IS NULL OR stock > 0)::int AS in_stock FROM products WHERE category <> '' GROUP BY category",
  );
  const totals = new Map<string, { count: number; inStock: number }>();
  for (const row of rows) {
    const parts = row.category.split('>').map((s) => s.trim());
    parts.forEach((_, i) => {
      const path = parts.slice(0, i + 1).join(' > ');
      const entry = totals.get(path) ?? { count: 0, inStock: 0 };
      entry.count += row.count;
      entry.inStock += row.in_stock;
      totals.set(path, entry);
    });
  }
  return [...totals.entries()]
    .map(([path, t]) => ({ path, name: path.split(' > ').at(-1) ?? path, depth: path.split(' > ').length - 1, count: t.count, inStock: t.inStock }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The catalog's own vocabulary, for parsers and for matching a typed category to a real one. */
export async function listBrands(db: Db): Promise<Array<{ brand: string; count: number }>> {
  const { rows } = await db.query<{ brand: string; count: number }>(
    'SELECT brand, count(*)::int AS count FROM products WHERE brand IS NOT NULL GROUP BY brand ORDER BY count DESC, brand',
  );
  return rows;
}

export type CatalogVocabularyData = {
  categories: string[];
  brands: string[];
  /** Distinct values of each string attribute, and the names of boolean ones. */
  attributeValues: Record<string, string[]>;
  flagAttributes: string[];
  /** Title words per category with their counts, to learn which nouns name which category. */
  titleWords: Array<{ category: string; word: string; count: number }>;
  /** Which attribute names the products of each category carry. */
  attributeKeys: Array<{ category: string; key: string }>;
};

/** The catalog's own words, read for the offline intent parser. */
export async function readCatalogVocabulary(db: Db): Promise<CatalogVocabularyData> {
  const categories = (await db.query<{ category: string }>("SELECT DISTINCT category FROM products WHERE category <> '' ORDER BY category")).rows.map((r) => r.category);
  const brands = (await listBrands(db)).map((b) => b.brand);
  const attrs = await db.query<{ key: string; value: string; kind: string }>(
    `SELECT a.key, a.value #>> '{}' AS value, jsonb_typeof(a.value) AS kind
     FROM products p, jsonb_each(p.attributes) a GROUP BY 1, 2, 3 HAVING count(*) >= 2 ORDER BY 1, 2`,
  );
  const attributeValues = lookupTable<string[]>();
  const flags = new Set<string>();
  for (const row of attrs.rows) {
    if (row.kind === 'boolean') flags.add(row.key);
    else if (row.kind === 'string') (attributeValues[row.key] ??= []).push(row.value);
  }
  const titleWords = (
    await db.query<{ category: string; word: string; count: number }>(
      `SELECT category, word, count(*)::int AS count
       FROM products p, regexp_split_to_table(lower(p.title), '[^a-z0-9-]+') AS word
       WHERE length(word) > 1 AND p.category <> '' GROUP BY 1, 2 HAVING count(*) >= 2`,
    )
  ).rows;
  const attributeKeys = (await db.query<{ category: string; key: string }>("SELECT DISTINCT p.category, k AS key FROM products p, jsonb_object_keys(p.attributes) k WHERE p.category <> ''")).rows;
  return { categories, brands, attributeValues, flagAttributes: [...flags].sort(), titleWords, attributeKeys };
}

/** A product's embedding, for moving the shopper's profile towards or away from it. */
export async function getProductEmbedding(db: Db, id: number): Promise<number[] | null> {
  const { rows } = await db.query<{ embedding: unknown }>('SELECT embedding FROM products WHERE id = $1', [id], REUSABLE_PLAN);
  const value = rows[0]?.embedding;
  return value == null ? null : fromVectorValue(value);
}
