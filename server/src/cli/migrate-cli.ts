import { loadConfigOrExit } from '../config-or-exit.js';
import { createLogger } from '../logger.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { migrate } from '../db/migrate.js';
import { openCliDatabase, parseCliArgs } from './cli-setup.js';

/** `npm run db:migrate`: applies pending migrations and exits non-zero on any problem. */
parseCliArgs('usage: npm run db:migrate   (applies pending migrations; npm start does this too)', {});
const config = loadConfigOrExit();
const logger = createLogger(config);
const db = await openCliDatabase(config, logger, { command: 'npm run db:migrate', instead: 'let it apply them: every start migrates', migrateFirst: false });
try {
  const result = await migrate({ db, dir: MIGRATIONS_DIR, logger });
  logger.info({ applied: result.applied, alreadyApplied: result.alreadyApplied }, result.applied.length ? 'migrations applied' : 'nothing to migrate');
} catch (error) {
  logger.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
