import type { Db } from '../db/port.js';

/**
 * Bulk loads run without the HNSW index (inserting into the graph row by row is far slower
 * than building it once) and rebuild it afterwards with enough maintenance memory.
 */
export async function dropVectorIndex(db: Db): Promise<void> {
  await db.exec('DROP INDEX IF EXISTS products_embedding_idx');
}

export async function buildVectorIndex(db: Db): Promise<void> {
  await db.withSession(async (session) => {
    await session.exec(`SET maintenance_work_mem = '512MB'`);
    await session.exec('CREATE INDEX IF NOT EXISTS products_embedding_idx ON products USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)');
    await session.exec('RESET maintenance_work_mem');
  });
}

/** Changes the vector dimension of products and profiles; existing vectors are cleared. */
export async function resizeVectorColumns(db: Db, dimensions: number): Promise<void> {
  const dims = Math.trunc(dimensions);
  await db.transaction(async (tx) => {
    await tx.exec('DROP INDEX IF EXISTS products_embedding_idx');
    await tx.exec('UPDATE products SET embedding = NULL');
    await tx.exec('UPDATE profiles SET vector = NULL');
    await tx.exec(`ALTER TABLE products ALTER COLUMN embedding TYPE vector(${dims})`);
    await tx.exec(`ALTER TABLE profiles ALTER COLUMN vector TYPE vector(${dims})`);
    // A type change resets the storage mode; vectors stay inline (see migration 0006).
    await tx.exec('ALTER TABLE products ALTER COLUMN embedding SET STORAGE PLAIN');
    await tx.exec('ALTER TABLE profiles ALTER COLUMN vector SET STORAGE PLAIN');
  });
}
