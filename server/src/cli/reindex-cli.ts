import { countProducts } from '../catalog/catalog-settings.js';
import { fitCatalogIdf, reindexCatalog } from '../catalog/reindex-catalog.js';
import { progressBar } from '../cli-progress.js';
import { loadConfigOrExit } from '../config-or-exit.js';
import { configuredModel, embedderFor } from '../embedding/build-embedder.js';
import { fitIdf, LOCAL_MODEL_NAME } from '../embedding/local-embedder.js';
import { describeModel } from '../embedding/port.js';
import { createLogger } from '../logger.js';
import { openCliDatabase, parseCliArgs } from './cli-setup.js';

/** `npm run catalog:reindex`: re-embeds every product with the configured embedding model. */
parseCliArgs('usage: npm run catalog:reindex   (re-embeds every product with the configured embedding model)', {});
const config = loadConfigOrExit();
const logger = createLogger(config);
const db = await openCliDatabase(config, logger, { command: 'npm run catalog:reindex' });
try {
  const model = configuredModel(config);
  const idf = model.model === LOCAL_MODEL_NAME ? await fitCatalogIdf(db, fitIdf) : null;
  const embedder = embedderFor(config, idf ?? undefined);
  const { total } = await countProducts(db);
  const bar = progressBar(`Re-embedding with ${describeModel(model)}`, total);
  const started = performance.now();
  const result = await reindexCatalog({ db, embedder, idf, onProgress: bar.tick });
  bar.finish();
  logger.info({ ...result, model, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'catalog re-embedded');
} catch (error) {
  logger.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
