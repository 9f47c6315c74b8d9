/** The embedding port: every provider turns texts into unit-length vectors of one dimension. */
export type EmbeddingModelInfo = { provider: 'local' | 'openai'; model: string; dimensions: number };

export interface Embedder {
  readonly info: EmbeddingModelInfo;
  embed(texts: readonly string[]): Promise<number[][]>;
  /**
   * A slow model (a trained network on the CPU): loads store rows without vectors, searchable by
   * words at once, and fill-embeddings.ts embeds them afterwards.
   */
  readonly fillsInBackground?: boolean;
  /**
   * The centred similarity (catalog mean removed) below which a product that matches no query
   * word is not shown: measured per model on the foreign catalogs (docs/benchmarks.md). Unset: no floor.
   */
  readonly relevanceFloor?: number;
  /** A slow model shared by bulk work and queries: keep capacity for the queries (servers call it). */
  reserveForQueries?(): void;
}

export function sameModel(a: EmbeddingModelInfo, b: EmbeddingModelInfo): boolean {
  return a.provider === b.provider && a.model === b.model && a.dimensions === b.dimensions;
}

export function describeModel(info: EmbeddingModelInfo): string {
  return `${info.provider}:${info.model} (${info.dimensions} dimensions)`;
}

export function normalize(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
  return norm === 0 ? vector : vector.map((v) => v / norm);
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
