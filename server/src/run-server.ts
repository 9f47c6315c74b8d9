import type { AppDeps, App } from './app.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { createLogger } from './logger.js';

/** A signal this soon after the first is the same signal passed on by npm or tsx, not a second request. */
const SECOND_SIGNAL_GRACE_MS = 1000;

/** Starts Aisle and stops it gracefully on SIGTERM/SIGINT. Used by main.ts and by process-level tests. */
export async function runServer(config: Config, deps: AppDeps = {}): Promise<App> {
  const logger = deps.logger ?? createLogger(config);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting');
    process.exit(1);
  });

  const app = await createApp(config, { ...deps, logger });
  const address = await app.listen();
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  app.dataDirLock?.update({ url });
  logger.info({ port: address.port, url, driver: app.db.driver, llm: config.llmMode }, 'Aisle is listening');

  let stoppingSince: number | null = null;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== null) {
      // npm and tsx pass a Ctrl-C or SIGTERM on to this process as well: the copy arrives at
      // once and is ignored. A second signal later forces the exit (the data-dir lock is still released).
      if (Date.now() - stoppingSince < SECOND_SIGNAL_GRACE_MS) return;
      logger.warn({ signal }, 'second signal: exiting without waiting for in-flight requests');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return app;
}
