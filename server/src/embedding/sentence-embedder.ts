import type { Embedder, EmbeddingModelInfo } from './port.js';
import { SentencePool } from './sentence-pool.js';

/** The default model: Universal Sentence Encoder lite, shipped in an npm package (no download, no key). */
export const SENTENCE_MODEL_NAME = 'universal-sentence-encoder-lite';
export const SENTENCE_DIMENSIONS = 512;

/** A bulk batch: small, so progress is reported often and a stop waits little. */
const BULK_BATCH = 8;

/**
 * A trained sentence-embedding model run in worker threads: it knows that "perfume" is a
 * fragrance and "protect my eyes from the sun" wants sunglasses. ≈ 130 texts a second per core,
 * so a catalog's vectors fill in after its rows are searchable by words (see fill-embeddings.ts).
 */
export class SentenceEmbedder implements Embedder {
  readonly info: EmbeddingModelInfo = { provider: 'local', model: SENTENCE_MODEL_NAME, dimensions: SENTENCE_DIMENSIONS };
  readonly fillsInBackground = true;
  readonly relevanceFloor = 0.22;

  constructor(private readonly pool = new SentencePool()) {}

  async embed(texts: readonly string[]): Promise<number[][]> {
    if (texts.length <= 2) return this.pool.embed(texts, 'query');
    const batches: Array<Promise<number[][]>> = [];
    for (let i = 0; i < texts.length; i += BULK_BATCH) batches.push(this.pool.embed(texts.slice(i, i + BULK_BATCH), 'bulk'));
    return (await Promise.all(batches)).flat();
  }

  /** A server calls this: its shoppers' queries always find a worker free of bulk work. */
  reserveForQueries(): void {
    this.pool.reserveForQueries();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
