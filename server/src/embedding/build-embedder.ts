import { readEmbeddingModel, readIdfTable, countProducts, embeddingColumnDimensions } from '../catalog/catalog-settings.js';
import { resizeVectorColumns } from '../catalog/vector-index.js';
import type { Config } from '../config.js';
import type { Db } from '../db/port.js';
import { AppError } from '../errors.js';
import { OpenAiEmbedder } from '../llm/openai-embedder.js';
import type { Logger } from '../logger.js';
import { EMPTY_IDF, LOCAL_MODEL_NAME, LocalEmbedder, type IdfTable } from './local-embedder.js';
import { SENTENCE_DIMENSIONS, SENTENCE_MODEL_NAME, SentenceEmbedder } from './sentence-embedder.js';
import { describeModel, sameModel, type Embedder, type EmbeddingModelInfo } from './port.js';

type EmbeddingConfig = Pick<Config, 'EMBEDDING_PROVIDER' | 'EMBEDDING_MODEL' | 'EMBEDDING_DIMENSIONS' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'LLM_TIMEOUT_MS'>;

export class EmbeddingModelMismatchError extends AppError {
  constructor(stored: EmbeddingModelInfo, configured: EmbeddingModelInfo) {
    super(
      'EMBEDDING_MODEL_MISMATCH',
      `The catalog was embedded with ${describeModel(stored)}, but ${describeModel(configured)} is configured. ` +
        'Vectors of two models cannot be mixed: run `npm run catalog:reindex` to re-embed the catalog with the configured model, or restore the previous embedding settings.',
      500,
      false,
    );
  }
}

/** `local` is the sentence model (its dimension is its own); `hashed` the feature-hashing embedder. */
export function configuredModel(config: EmbeddingConfig): EmbeddingModelInfo {
  if (config.EMBEDDING_PROVIDER === 'local') return { provider: 'local', model: SENTENCE_MODEL_NAME, dimensions: SENTENCE_DIMENSIONS };
  if (config.EMBEDDING_PROVIDER === 'hashed') return { provider: 'local', model: LOCAL_MODEL_NAME, dimensions: config.EMBEDDING_DIMENSIONS };
  return { provider: 'openai', model: config.EMBEDDING_MODEL ?? 'text-embedding-3-small', dimensions: config.EMBEDDING_DIMENSIONS };
}

let sentenceEmbedder: SentenceEmbedder | null = null;

/** One sentence embedder per process: its worker threads each hold the model (≈ 100 MB). */
export function sharedSentenceEmbedder(): SentenceEmbedder {
  sentenceEmbedder ??= new SentenceEmbedder();
  return sentenceEmbedder;
}

/** Stops the sentence model's worker threads, if any were started. */
export async function closeSharedEmbedder(): Promise<void> {
  const running = sentenceEmbedder;
  sentenceEmbedder = null;
  await running?.close();
}

/** Builds the configured embedder; `idf` overrides the stored table (seed and reindex refit it). */
export function embedderFor(config: EmbeddingConfig, idf: IdfTable = EMPTY_IDF): Embedder {
  const info = configuredModel(config);
  if (info.model === SENTENCE_MODEL_NAME) return sharedSentenceEmbedder();
  if (info.provider === 'local') return new LocalEmbedder(info.dimensions, idf);
  return new OpenAiEmbedder({ model: info.model, dimensions: info.dimensions, apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, timeoutMs: config.LLM_TIMEOUT_MS });
}

/**
 * The embedder the server runs with. Refuses to start when the catalog's vectors came from a
 * different model; an empty catalog simply takes the configured dimension.
 */
export async function openEmbedder({ config, db, logger }: { config: EmbeddingConfig; db: Db; logger?: Logger }): Promise<Embedder> {
  const configured = configuredModel(config);
  const stored = await readEmbeddingModel(db);
  const { embedded } = await countProducts(db);
  if (embedded > 0 && stored && !sameModel(stored, configured)) throw new EmbeddingModelMismatchError(stored, configured);
  const columnDims = await embeddingColumnDimensions(db);
  if (columnDims !== configured.dimensions) {
    if (embedded > 0) throw new EmbeddingModelMismatchError(stored ?? { ...configured, dimensions: columnDims }, configured);
    logger?.info({ from: columnDims, to: configured.dimensions }, 'resizing the empty vector columns to the configured dimension');
    await resizeVectorColumns(db, configured.dimensions);
  }
  return embedderFor(config, (await readIdfTable(db)) ?? EMPTY_IDF);
}
