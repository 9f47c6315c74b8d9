import type { Db } from '../db/port.js';
import { refreshFieldLengths } from './bm25.js';

/** Recomputes catalog_terms and the field lengths BM25 needs from the products' search vectors. */
export async function refreshCatalogTerms(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('DELETE FROM catalog_terms');
    await tx.exec(`INSERT INTO catalog_terms (lexeme, ndoc) SELECT word, ndoc FROM ts_stat('SELECT search_tsv FROM products')`);
    await refreshFieldLengths(tx);
  });
}
