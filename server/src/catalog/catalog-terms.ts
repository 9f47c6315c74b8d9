import type { Db } from '../db/port.js';

/** Recomputes catalog_terms from the products' search vectors (≈0.6 s at 100k products in PGlite). */
export async function refreshCatalogTerms(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('DELETE FROM catalog_terms');
    await tx.exec(`INSERT INTO catalog_terms (lexeme, ndoc) SELECT word, ndoc FROM ts_stat('SELECT search_tsv FROM products')`);
  });
}
