import type { AppDeps, App } from './app.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { createLogger } from './logger.js';

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

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return app;
}
