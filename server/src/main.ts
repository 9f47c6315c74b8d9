import { DEFAULT_SEED_COUNT, seedIfEmpty } from '../../seed/seed-catalog.js';
import { progressBar } from './cli-progress.js';
import { loadConfigOrExit } from './config-or-exit.js';
import { limitHeapGrowth } from './heap-growth.js';
import { createLogger } from './logger.js';
import { runServer } from './run-server.js';
import { describeStartupFailure } from './startup-failure.js';

limitHeapGrowth();
const config = loadConfigOrExit();
const logger = createLogger(config);
try {
  await runServer(config, {
    logger,
    // A first start gets the demo catalog, so the store and the assistant have products; a slow
    // model's vectors then fill in behind the running server.
    prepareDb: async (db) => {
      const bar = progressBar('Seeding the demo catalog', DEFAULT_SEED_COUNT);
      const seeded = await seedIfEmpty({ db, config, onProgress: bar.tick, fillVectors: false });
      if (seeded) {
        bar.finish();
        logger.info(seeded, 'catalog was empty: seeded the demo catalog');
      }
    },
  });
} catch (error) {
  logger.fatal({ err: error }, describeStartupFailure(error, config));
  process.exit(1);
}
