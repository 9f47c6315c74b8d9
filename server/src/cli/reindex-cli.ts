import { countProducts } from '../catalog/catalog-settings.js';
import { fitCatalogIdf, reindexCatalog } from '../catalog/reindex-catalog.js';
import { progressBar } from '../cli-progress.js';
import { loadConfigOrExit } from '../config-or-exit.js';
import { migrate } from '../db/migrate.js';
import { openDb } from '../db/open-db.js';
import { configuredModel, embedderFor } from '../embedding/build-embedder.js';
import { fitIdf } from '../embedding/local-embedder.js';
import { describeModel } from '../embedding/port.js';
import { createLogger } from '../logger.js';
import { MIGRATIONS_DIR } from '../paths.js';

/** `npm run catalog:reindex`: re-embeds every product with the configured embedding model. */
const config = loadConfigOrExit();
const logger = createLogger(config);
const db = await openDb(config, logger);
try {
  await migrate({ db, dir: MIGRATIONS_DIR, logger });
  const model = configuredModel(config);
  const idf = model.provider === 'local' ? await fitCatalogIdf(db, fitIdf) : null;
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
