import { loadConfig } from '../../server/src/config.js';
import { openEmbedder } from '../../server/src/embedding/build-embedder.js';
import type { Embedder } from '../../server/src/embedding/port.js';
import type { Db } from '../../server/src/db/port.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import type { DriverCase } from './test-db.js';

export type SeededDb = { db: Db; embedder: Embedder; cleanup: () => Promise<void> };

/** A migrated database holding `count` generated products, embedded by the local model. */
export async function openSeededDb(driver: DriverCase, count: number): Promise<SeededDb> {
  const opened = await driver.open({ migrated: true });
  const config = loadConfig({ EMBEDDING_PROVIDER: 'hashed' });
  await seedCatalog({ db: opened.db, config, count });
  const embedder = await openEmbedder({ config, db: opened.db });
  return { db: opened.db, embedder, cleanup: opened.cleanup };
}
