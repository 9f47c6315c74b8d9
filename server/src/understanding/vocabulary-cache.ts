import { readCatalogVocabulary } from '../catalog/catalog-queries.js';
import type { Db } from '../db/port.js';
import { buildVocabulary, type Vocabulary } from './vocabulary.js';

/** The parser's vocabulary, read from the catalog once and refreshed in the background. */
export function createVocabularyCache(db: Db, ttlMs = 5 * 60_000): () => Promise<Vocabulary> {
  let cached: { at: number; vocab: Promise<Vocabulary> } | null = null;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at > ttlMs) {
      const previous = cached;
      const next = readCatalogVocabulary(db).then(buildVocabulary);
      cached = { at: now, vocab: previous ? next.catch(() => previous.vocab) : next };
    }
    return cached.vocab;
  };
}
