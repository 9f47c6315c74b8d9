import { loadConfigOrExit } from './config-or-exit.js';
import { createLogger } from './logger.js';
import { runServer } from './run-server.js';

const config = loadConfigOrExit();
const logger = createLogger(config);
try {
  await runServer(config, { logger });
} catch (error) {
  logger.fatal({ err: error }, `Aisle could not start: ${(error as Error).message}`);
  process.exit(1);
}
