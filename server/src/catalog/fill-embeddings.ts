import type { Db } from '../db/port.js';
import type { Embedder } from '../embedding/port.js';
import type { Logger } from '../logger.js';
import { productEmbeddingText } from './product.js';
import { PRODUCT_COLUMNS, toCatalogProduct, type ProductRow } from './product-rows.js';
import { refreshEmbeddingMean } from './catalog-settings.js';
import { updateEmbeddings } from './reindex-catalog.js';
import { ensureVectorIndex } from './vector-index.js';

/** Rows per round: enough to keep every embedding worker busy, few enough to report progress often. */
const BATCH = 256;

export async function countPendingVectors(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE embedding IS NULL');
  return rows[0]?.n ?? 0;
}

/**
 * Embeds the products still waiting for a vector, in id order. A row whose data changed while its
 * text was being embedded is left for the next round (its updated_at moved), so a vector never
 * describes text the row no longer has.
 */
export async function fillEmbeddings({ db, embedder, onProgress, shouldStop }: { db: Db; embedder: Embedder; onProgress?: (done: number, total: number) => void; shouldStop?: () => boolean }): Promise<{ filled: number }> {
  const total = await countPendingVectors(db);
  let after = 0;
  let filled = 0;
  onProgress?.(0, total);
  while (!shouldStop?.()) {
    const { rows } = await db.query<ProductRow & { updated_at_text: string }>(
      `SELECT ${PRODUCT_COLUMNS}, p.updated_at::text AS updated_at_text FROM products p WHERE p.embedding IS NULL AND p.id > $1 ORDER BY p.id LIMIT ${BATCH}`,
      [after],
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id ?? after;
    const vectors = await embedder.embed(rows.map((r) => productEmbeddingText(toCatalogProduct(r))));
    filled += await updateEmbeddings(db, rows.map((r, i) => ({ id: r.id, ifUnchangedSince: r.updated_at_text, embedding: vectors[i] as number[] })), embedder.info.dimensions);
    onProgress?.(Math.min(total, filled), total);
  }
  if (filled > 0) {
    await ensureVectorIndex(db);
    await refreshEmbeddingMean(db);
    await db.exec('ANALYZE products');
  }
  return { filled };
}

export type VectorFillStatus = { pending: number; running: boolean };

/**
 * The server's background filler: started after an import and at start-up, one run at a time; a
 * start while running makes the run go round once more. Search works by words meanwhile.
 */
export function createVectorFiller({ db, embedder, logger }: { db: Db; embedder: Embedder; logger?: Logger }) {
  let run: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let pending = 0;
  const loop = async () => {
    do {
      again = false;
      const started = performance.now();
      let lastLog = 0;
      const { filled } = await fillEmbeddings({
        db,
        embedder,
        shouldStop: () => stopped,
        onProgress: (done, total) => {
          pending = total - done;
          if (done === 0 && total > 0) logger?.info({ products: total }, 'embedding products in the background; they are searchable by words meanwhile');
          else if (done - lastLog >= 5000 || (done === total && total > 0)) {
            lastLog = done;
            logger?.info({ done, total }, 'embedding products');
          }
        },
      });
      if (filled > 0) logger?.info({ filled, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'product vectors filled in');
    } while (again && !stopped);
    pending = await countPendingVectors(db);
  };
  return {
    start(): void {
      if (stopped) return;
      if (run) {
        again = true;
        return;
      }
      run = loop()
        .catch((error: unknown) => logger?.error({ err: error }, 'filling product vectors failed; products stay searchable by words, and the next import or start retries'))
        .finally(() => {
          run = null;
        });
    },
    /** From memory, so health checks cost no query: updated as batches land and when a run ends. */
    status: (): VectorFillStatus => ({ pending, running: run !== null }),
    /** Settles when the current run ends (tests, shutdown). */
    idle: (): Promise<void> => run ?? Promise.resolve(),
    async stop(): Promise<void> {
      stopped = true;
      await run;
    },
  };
}
export type VectorFiller = ReturnType<typeof createVectorFiller>;
