import type { Db } from '../db/port.js';
import type { IdfTable } from '../embedding/local-embedder.js';
import type { EmbeddingModelInfo } from '../embedding/port.js';

/** Small catalog-wide facts kept in catalog_settings: which model made the vectors, the local idf. */
async function readSetting<T>(db: Db, key: string): Promise<T | null> {
  const { rows } = await db.query<{ value: T }>('SELECT value FROM catalog_settings WHERE key = $1', [key]);
  return rows[0]?.value ?? null;
}

async function writeSetting(db: Db, key: string, value: unknown): Promise<void> {
  await db.query(
    `INSERT INTO catalog_settings (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

export const readEmbeddingModel = (db: Db) => readSetting<EmbeddingModelInfo>(db, 'embedding_model');
export const writeEmbeddingModel = (db: Db, info: EmbeddingModelInfo) => writeSetting(db, 'embedding_model', info);
export const readIdfTable = (db: Db) => readSetting<IdfTable>(db, 'embedding_idf');
export const writeIdfTable = (db: Db, idf: IdfTable) => writeSetting(db, 'embedding_idf', idf);

/**
 * The mean product vector: sentence models put every text in one narrow cone, so similarity to a
 * product says more once the catalog's common direction is taken out (the relevance floor).
 */
export async function refreshEmbeddingMean(db: Db): Promise<void> {
  await db.exec(`INSERT INTO catalog_settings (key, value)
    SELECT 'embedding_mean', to_jsonb(avg(embedding)::text) FROM products WHERE embedding IS NOT NULL HAVING count(*) > 0
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`);
}

export async function countProducts(db: Db): Promise<{ total: number; embedded: number }> {
  const { rows } = await db.query<{ total: number; embedded: number }>(
    'SELECT count(*)::int AS total, count(embedding)::int AS embedded FROM products',
  );
  return rows[0] ?? { total: 0, embedded: 0 };
}

/** The dimension of products.embedding as declared in the schema. */
export async function embeddingColumnDimensions(db: Db): Promise<number> {
  const { rows } = await db.query<{ dims: number }>(
    `SELECT atttypmod AS dims FROM pg_attribute WHERE attrelid = 'products'::regclass AND attname = 'embedding'`,
  );
  return rows[0]?.dims ?? -1;
}
