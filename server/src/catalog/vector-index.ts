import type { Db } from '../db/port.js';
import { dropCategoryVectorIndexes, ensureCategoryVectorIndexes } from './category-vector-indexes.js';
import { ivfListsAreStale, ivfListsFor } from './ivf-lists.js';

/**
 * The approximate-nearest-neighbour index on products.embedding. IVFFlat is the default: at
 * 100k generated products it reached recall@10 ≥ 0.95 at every filter selectivity where HNSW
 * stayed between 0.81 and 0.92 (the catalog's many near-duplicates crowd HNSW's neighbour
 * lists), and it builds five times faster in PGlite (docs/benchmarks.md). HNSW stays available
 * (VECTOR_INDEX=hnsw): it needs no rebuild as the catalog grows.
 */
export type VectorIndexKind = 'ivfflat' | 'hnsw';
export const VECTOR_INDEX_KINDS = ['ivfflat', 'hnsw'] as const;
export type VectorIndexState = { kind: VectorIndexKind; lists: number | null };

const INDEX_NAME = 'products_embedding_idx';

export { ivfListsAreStale, ivfListsFor } from './ivf-lists.js';

export async function describeVectorIndex(db: Db): Promise<VectorIndexState | null> {
  const { rows } = await db.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname = $2', ['products', INDEX_NAME]);
  const def = rows[0]?.indexdef;
  if (!def) return null;
  const kind: VectorIndexKind = /USING hnsw/i.test(def) ? 'hnsw' : 'ivfflat';
  const lists = /lists\s*=\s*'?(\d+)/i.exec(def)?.[1];
  return { kind, lists: lists ? Number(lists) : null };
}

/**
 * Bulk loads run without the index (maintaining it row by row is far slower than building it
 * once) and rebuild it afterwards; returns the kind that was dropped so the same one comes back.
 */
export async function dropVectorIndex(db: Db): Promise<VectorIndexKind | null> {
  const state = await describeVectorIndex(db);
  await db.exec(`DROP INDEX IF EXISTS ${INDEX_NAME}`);
  await dropCategoryVectorIndexes(db);
  return state?.kind ?? null;
}

async function countVectors(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE embedding IS NOT NULL');
  return rows[0]?.n ?? 0;
}

/** IVFFlat learns its lists from the rows present, so it is built after the data is loaded. */
export async function buildVectorIndex(db: Db, kind: VectorIndexKind = 'ivfflat'): Promise<void> {
  const method = kind === 'hnsw' ? 'hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)' : `ivfflat (embedding vector_cosine_ops) WITH (lists = ${ivfListsFor(await countVectors(db))})`;
  await db.withSession(async (session) => {
    await session.exec(`SET maintenance_work_mem = '512MB'`);
    await session.exec(`CREATE INDEX IF NOT EXISTS ${INDEX_NAME} ON products USING ${method}`);
    await session.exec('RESET maintenance_work_mem');
  });
  if (kind === 'ivfflat') await ensureCategoryVectorIndexes(db);
}

/**
 * Makes the index the wanted kind, and rebuilds an IVFFlat index whose lists were learnt from a
 * much smaller or larger catalog (a catalog imported a little at a time). Returns whether it
 * rebuilt.
 */
export async function ensureVectorIndex(db: Db, wanted?: VectorIndexKind): Promise<boolean> {
  const state = await describeVectorIndex(db);
  const kind = wanted ?? state?.kind ?? 'ivfflat';
  const stale = state?.kind === 'ivfflat' && kind === 'ivfflat' && ivfListsAreStale(state.lists ?? 1, await countVectors(db));
  if (state && state.kind === kind && !stale) {
    // The catalog's mix may have changed (an import): large categories keep their own index.
    if (kind === 'ivfflat') await ensureCategoryVectorIndexes(db);
    else await dropCategoryVectorIndexes(db);
    return false;
  }
  await dropVectorIndex(db);
  await buildVectorIndex(db, kind);
  return true;
}

/** Changes the vector dimension of products and profiles; existing vectors are cleared. */
export async function resizeVectorColumns(db: Db, dimensions: number): Promise<void> {
  const dims = Math.trunc(dimensions);
  await db.transaction(async (tx) => {
    await tx.exec(`DROP INDEX IF EXISTS ${INDEX_NAME}`);
    await dropCategoryVectorIndexes(tx);
    await tx.exec('UPDATE products SET embedding = NULL');
    await tx.exec('UPDATE profiles SET vector = NULL');
    await tx.exec(`ALTER TABLE products ALTER COLUMN embedding TYPE vector(${dims})`);
    await tx.exec(`ALTER TABLE profiles ALTER COLUMN vector TYPE vector(${dims})`);
    // A type change resets the storage mode; vectors stay inline (see migration 0006).
    await tx.exec('ALTER TABLE products ALTER COLUMN embedding SET STORAGE PLAIN');
    await tx.exec('ALTER TABLE profiles ALTER COLUMN vector SET STORAGE PLAIN');
  });
}
