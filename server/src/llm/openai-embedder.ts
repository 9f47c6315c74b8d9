import { OpenAIEmbeddings } from '@langchain/openai';
import { normalize, type Embedder, type EmbeddingModelInfo } from '../embedding/port.js';

export type OpenAiEmbedderOptions = { model: string; dimensions: number; apiKey?: string; baseURL?: string; timeoutMs: number };

/** Embeddings from any OpenAI-compatible endpoint, batched, with the SDK's retries and backoff. */
export class OpenAiEmbedder implements Embedder {
  readonly info: EmbeddingModelInfo;
  private readonly client: OpenAIEmbeddings;

  constructor(options: OpenAiEmbedderOptions) {
    this.info = { provider: 'openai', model: options.model, dimensions: options.dimensions };
    this.client = new OpenAIEmbeddings({
      model: options.model,
      dimensions: options.model.startsWith('text-embedding-3') ? options.dimensions : undefined,
      // Keyless local servers (Ollama, LM Studio) still need a non-empty key for the SDK.
      apiKey: options.apiKey ?? 'no-key-required',
      configuration: { baseURL: options.baseURL },
      batchSize: 256,
      maxRetries: 3,
      timeout: options.timeoutMs,
    });
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const vectors = await this.client.embedDocuments([...texts]);
    return vectors.map((vector) => {
      if (vector.length !== this.info.dimensions) {
        throw new Error(`the embedding endpoint returned ${vector.length} dimensions, but EMBEDDING_DIMENSIONS is ${this.info.dimensions}`);
      }
      return normalize(vector);
    });
  }
}
