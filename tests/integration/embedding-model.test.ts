import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readEmbeddingModel, embeddingColumnDimensions } from '../../server/src/catalog/catalog-settings.js';
import { findCandidates } from '../../server/src/catalog/find-candidates.js';
import { reindexCatalog } from '../../server/src/catalog/reindex-catalog.js';
import { createApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { embedderFor, openEmbedder } from '../../server/src/embedding/build-embedder.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { captureLogger } from '../support/capture-logger.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { openMigratedPglite } from '../support/test-db.js';

describe('embedding model bookkeeping', () => {
  let fake: FakeOpenAiServer;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
  });
  afterAll(async () => fake.close());
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  const openAiConfig = () => loadConfig({ EMBEDDING_PROVIDER: 'openai', EMBEDDING_MODEL: 'text-embedding-3-small', EMBEDDING_DIMENSIONS: '64', OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' });

  it('when the catalog is seeded, then the model name and dimension are recorded', async () => {
    const database = await openMigratedPglite();
    cleanup = database.cleanup;
    await seedCatalog({ db: database.db, config: loadConfig({ EMBEDDING_PROVIDER: 'hashed' }), count: 50 });
    expect(await readEmbeddingModel(database.db)).toEqual({ provider: 'local', model: 'aisle-local-v1', dimensions: 384 });
  });

  it('when a different model is configured, then the server refuses to start and points to catalog:reindex', async () => {
    const database = await openMigratedPglite();
    cleanup = database.cleanup;
    await seedCatalog({ db: database.db, config: loadConfig({ EMBEDDING_PROVIDER: 'hashed' }), count: 50 });
    const startup = createApp(openAiConfig(), { db: database.db, logger: captureLogger().logger });
    await expect(startup).rejects.toMatchObject({ code: 'EMBEDDING_MODEL_MISMATCH' });
    await expect(startup).rejects.toThrow(/embedded with local:aisle-local-v1 \(384 dimensions\).*openai:text-embedding-3-small \(64 dimensions\).*npm run catalog:reindex/);
    await expect(seedCatalog({ db: database.db, config: openAiConfig(), count: 10 })).rejects.toMatchObject({ code: 'EMBEDDING_MODEL_MISMATCH' });
  });

  it('when the catalog is reindexed with the new model, then vectors are resized and the server starts', async () => {
    const database = await openMigratedPglite();
    cleanup = database.cleanup;
    await seedCatalog({ db: database.db, config: loadConfig({ EMBEDDING_PROVIDER: 'hashed' }), count: 120 });
    const config = openAiConfig();
    const result = await reindexCatalog({ db: database.db, embedder: embedderFor(config), idf: null });
    expect(result.products).toBe(120);
    expect(await embeddingColumnDimensions(database.db)).toBe(64);
    expect(await readEmbeddingModel(database.db)).toEqual({ provider: 'openai', model: 'text-embedding-3-small', dimensions: 64 });
    expect(fake.requests.embeddings.at(-1)?.encoding_format).toBe('base64');
    const embedder = await openEmbedder({ config, db: database.db });
    const [vector] = await embedder.embed(['hiking boots']);
    const found = await findCandidates(database.db, { text: 'hiking boots', queryVector: vector ?? null, filters: {}, limit: 5 });
    expect(found.candidates.length).toBe(5);
    const app = await createApp(config, { db: database.db, logger: captureLogger().logger });
    await app.close();
  });

  it('when the catalog is empty, then a new dimension is simply adopted', async () => {
    const database = await openMigratedPglite();
    cleanup = database.cleanup;
    await openEmbedder({ config: openAiConfig(), db: database.db });
    expect(await embeddingColumnDimensions(database.db)).toBe(64);
  });
});
