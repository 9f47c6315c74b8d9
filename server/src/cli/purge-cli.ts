import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config-or-exit.js';
import { migrate } from '../db/migrate.js';
import { openDb } from '../db/open-db.js';
import { createLogger } from '../logger.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { parseAge, purgeTranscripts } from '../transcripts/purge.js';

/** `npm run transcripts:purge [-- --older-than 90d]` (default: TRANSCRIPT_RETENTION_DAYS). */
const { values } = parseArgs({ options: { 'older-than': { type: 'string' } } });
const config = loadConfigOrExit();
const days = values['older-than'] ? parseAge(values['older-than']) : config.TRANSCRIPT_RETENTION_DAYS;
if (days === null || days < 1) {
  process.stderr.write('usage: npm run transcripts:purge -- --older-than <N>d|<N>w|<N>m   (at least 1 day)\n');
  process.exit(2);
}
const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
const db = await openDb(config, logger);
try {
  await migrate({ db, dir: MIGRATIONS_DIR, logger });
  const { sessions } = await purgeTranscripts(db, days);
  process.stdout.write(`deleted ${sessions} conversation(s) idle for more than ${days} days\n`);
} finally {
  await db.close();
}
