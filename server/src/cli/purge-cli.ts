import { loadConfigOrExit } from '../config-or-exit.js';
import { createLogger } from '../logger.js';
import { parseAge, purgeTranscripts } from '../transcripts/purge.js';
import { openCliDatabase, parseCliArgs, usageError } from './cli-setup.js';

/** `npm run transcripts:purge [-- --older-than 90d]` (default: TRANSCRIPT_RETENTION_DAYS). */
const USAGE = 'usage: npm run transcripts:purge -- --older-than <N>d|<N>w|<N>m   (at least 1 day; default TRANSCRIPT_RETENTION_DAYS)';
const { values } = parseCliArgs(USAGE, { 'older-than': { type: 'string' } });
const config = loadConfigOrExit();
const olderThan = values['older-than'] as string | undefined;
const days = olderThan ? parseAge(olderThan) : config.TRANSCRIPT_RETENTION_DAYS;
if (days === null || days < 1) usageError(USAGE);
const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
const db = await openCliDatabase(config, logger, { command: 'npm run transcripts:purge' });
try {
  const { sessions } = await purgeTranscripts(db, days);
  process.stdout.write(`deleted ${sessions} conversation(s) idle for more than ${days} days\n`);
} finally {
  await db.close();
}
