import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Router } from 'express';
import { bootstrapAdmin } from './auth/bootstrap-admin.js';
import { createCatalogService, type CatalogService } from './catalog/catalog-service.js';
import { createVectorFiller, type VectorFiller } from './catalog/fill-embeddings.js';
import type { TurnDeps } from './chat/handle-turn.js';
import { CircuitBreaker } from './llm/circuit-breaker.js';
import { createOpenAiEngine } from './llm/openai-engine.js';
import { loadPromptFiles } from './prompts/prompt-files.js';
import { createSessionPrompts, seedDefaultPrompts } from './prompts/prompt-store.js';
import { loadActiveWeights } from './ranking/weights-repository.js';
import { createVocabularyCache } from './understanding/vocabulary-cache.js';
import type { Config } from './config.js';
import { migrate } from './db/migrate.js';
import { dataDirLockOf, openDb } from './db/open-db.js';
import type { DataDirLock } from './db/data-dir-lock.js';
import { StorageFaults, watchStorageFaults } from './db/storage-faults.js';
import type { Db } from './db/port.js';
import { openEmbedder } from './embedding/build-embedder.js';
import { ensureVectorIndex } from './catalog/vector-index.js';
import { AisleMetrics } from './metrics/metrics.js';
import { metricsRouter } from './http/metrics-route.js';
import type { Embedder } from './embedding/port.js';
import { catalogRouter } from './http/catalog-routes.js';
import { authRouter, type AuthRouterOptions } from './http/auth-routes.js';
import { userRouter } from './http/user-routes.js';
import { promptRouter } from './http/prompt-routes.js';
import { transcriptRouter } from './http/transcript-routes.js';
import { catalogImportRouter } from './http/catalog-import-route.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { healthRouter } from './http/health-route.js';
import { productImagesRouter } from './http/product-images.js';
import { requestLog } from './http/request-log.js';
import { staticWebRouter } from './http/static-web.js';
import { clientAddressResolver } from './http/trust-proxy.js';
import { createLogger, type Logger } from './logger.js';
import { MIGRATIONS_DIR, PROMPTS_DIR, WEB_DIST_DIR } from './paths.js';
import { registerChatGateway } from './socket/chat-gateway.js';
import { TurnRecovery } from './chat/turn-recovery.js';
import { allowEmbedding, securityHeaders } from './http/security-headers.js';
import { databaseTarget, waitForDatabase } from './db/wait-for-database.js';
import { attachPostgresAdapter, type SocketAdapterHandle } from './socket/postgres-adapter.js';
import { createSocketServer, type AisleSocketServer } from './socket/socket-server.js';

/** What tests (and later features) may pass in; everything missing is built here, once. */
export type AppDeps = {
  db?: Db;
  logger?: Logger;
  embedder?: Embedder;
  /** Extra routers mounted after the built-in API routes, before the 404 handler. */
  routers?: Router[];
  webDistDir?: string;
  /** Where one-time console messages go (the generated admin password); stdout by default. */
  print?: (text: string) => void;
  /** Runs after migrations, before the catalog is opened: `npm start` seeds an empty catalog here. */
  prepareDb?: (db: Db) => Promise<void>;
  /** Sign-in limits and the password check (tests count calls to the real one). */
  auth?: Omit<AuthRouterOptions, 'db'>;
};

export type App = {
  config: Config;
  db: Db;
  /** The embedded database's lock on DATA_DIR (none with DATABASE_URL or a database passed in). */
  dataDirLock: DataDirLock | undefined;
  logger: Logger;
  catalog: CatalogService;
  /** Fills in product vectors behind the server; null with a model that embeds as rows load. */
  vectors: VectorFiller | null;
  metrics: AisleMetrics;
  /** Everything a chat turn needs; the socket gateway (chat issue) calls handleTurn with it. */
  turns: TurnDeps;
  express: Express;
  httpServer: HttpServer;
  io: AisleSocketServer;
  listen(): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
};

/** The composition root: the one place that builds dependencies and wires them together. */
export async function createApp(config: Config, deps: AppDeps = {}): Promise<App> {
  const logger = deps.logger ?? createLogger(config);
  const ownsDb = deps.db === undefined;
  const openedDb = deps.db ?? (await openDb(config, logger));
  const storageFaults = new StorageFaults();
  const db = watchStorageFaults(openedDb, storageFaults);
  let embedder: Embedder;
  try {
    await waitForDatabase(db, { target: databaseTarget(config.DATABASE_URL), timeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS, logger });
    await migrate({ db, dir: MIGRATIONS_DIR, logger });
    await deps.prepareDb?.(db);
    await seedDefaultPrompts(db, loadPromptFiles(PROMPTS_DIR));
    await bootstrapAdmin({ db, config, logger, print: deps.print ?? ((text) => process.stdout.write(text)) });
    embedder = deps.embedder ?? (await openEmbedder({ config, db, logger }));
    if (await ensureVectorIndex(db, config.VECTOR_INDEX)) logger.info({ kind: config.VECTOR_INDEX }, 'vector index rebuilt to fit the catalog');
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
  const catalog = createCatalogService({ db, embedder, faults: storageFaults, logger });
  // A slow model's vectors fill in behind the server; products are searchable by words meanwhile.
  embedder.reserveForQueries?.();
  const vectors = embedder.fillsInBackground ? createVectorFiller({ db, embedder, logger }) : null;
  vectors?.start();
  const engine = () =>
    createOpenAiEngine({
      model: config.LLM_MODEL,
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      timeoutMs: config.LLM_TIMEOUT_MS,
      maxReplyTokens: config.LLM_MAX_REPLY_TOKENS,
      breaker: new CircuitBreaker(config.LLM_CIRCUIT_FAILURES, config.LLM_CIRCUIT_COOLDOWN_MS),
    });
  const prompts = config.llmMode === 'openai' ? createSessionPrompts(db) : null;
  const llm = prompts ? { engine: engine(), prompts, storeName: 'Aisle Demo Store', maxTokensPerSession: config.LLM_MAX_TOKENS_PER_SESSION } : null;
  const metrics = new AisleMetrics();
  // PGlite is embedded: no other process can be running turns on this database.
  const recovery = new TurnRecovery(db, logger, db.driver === 'pglite');
  await recovery.start();
  // The store's words, re-read after every import (chat parsing and search typo correction use them).
  let vocabularyCache = createVocabularyCache(db);
  const vocabulary = () => vocabularyCache();
  const turns: TurnDeps = { db, catalog, vocabulary, weights: await loadActiveWeights(db), llm, maskPii: config.PII_MASKING === 'on', metrics, runnerId: recovery.runnerId };
  /** The LLM circuit's state, for health and metrics; absent with the offline engine. */
  const llmCircuit = llm ? () => llm.engine.breaker.state : undefined;

  const app = express();
  app.disable('x-powered-by');
  // Only proxies named in TRUST_PROXY may set the client's address (rate limits key on it).
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(requestLog(logger));
  app.use(securityHeaders(), allowEmbedding);
  // Catalog imports parse their own bodies (up to 20 MB); everything else takes at most 1 MB of JSON.
  app.use(catalogImportRouter({ db, catalog, afterImport: () => {
    vocabularyCache = createVocabularyCache(db);
    vectors?.start();
  } }));
  app.use(express.json({ limit: '1mb' }));
  app.use(healthRouter({ db, faults: storageFaults, vectorIndex: catalog.vectorIndexHealth, vectors: () => { const s = vectors?.status(); return { pending: s?.pending ?? 0, filling: s?.running ?? false }; }, llm: { engine: llm ? 'openai' : 'offline', circuit: () => llmCircuit?.() ?? null } }));
  app.use(metricsRouter({ metrics, token: config.METRICS_TOKEN }));
  app.use(catalogRouter({ catalog, vocabulary }));
  app.use(authRouter({ db, ...deps.auth }));
  app.use(userRouter({ db }));
  app.use(promptRouter({ db, turns }));
  app.use(transcriptRouter({ db }));
  app.use(productImagesRouter());
  for (const router of deps.routers ?? []) app.use(router);
  app.use(staticWebRouter({ distDir: deps.webDistDir ?? WEB_DIST_DIR }));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));

  const httpServer = createServer(app);
  const io = createSocketServer({ httpServer, logger, mode: config.llmMode === 'openai' ? 'llm' : 'offline', allowedOrigins: config.WIDGET_ALLOWED_ORIGINS, socketsPerIp: config.CHAT_SOCKETS_PER_IP, clientAddress: clientAddressResolver(config.TRUST_PROXY) });
  const adapterUrl = config.SOCKET_ADAPTER_DATABASE_URL ?? config.DATABASE_URL;
  let adapter: SocketAdapterHandle | null = null;
  try {
    if (config.SOCKET_ADAPTER === 'postgres' && adapterUrl) adapter = await attachPostgresAdapter(io, adapterUrl, logger);
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
  const gateway = registerChatGateway({ io, turns, config, logger, recovery });
  metrics.watch({ sockets: () => io.engine.clientsCount, db, llmCircuit, turnsWaiting: gateway.turnsWaiting });

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= shutDown({ catalog, vectors, httpServer, io, db, ownsDb, adapter, recovery, prompts, logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }));

  const listen = () =>
    new Promise<AddressInfo>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.PORT, config.HOST, () => {
        httpServer.off('error', reject);
        resolve(httpServer.address() as AddressInfo);
      });
    });

  return { config, db, dataDirLock: dataDirLockOf(openedDb), logger, catalog, vectors, turns, metrics, express: app, httpServer, io, listen, close };
}

type ShutdownParts = { catalog: CatalogService; vectors: VectorFiller | null; httpServer: HttpServer; io: AisleSocketServer; db: Db; ownsDb: boolean; adapter: SocketAdapterHandle | null; recovery: TurnRecovery; prompts: { stop: () => void } | null; logger: Logger; timeoutMs: number };

async function shutDown({ catalog, vectors, httpServer, io, db, ownsDb, adapter, recovery, prompts, logger, timeoutMs }: ShutdownParts): Promise<void> {
  // Past the deadline, remaining connections are cut so the process can still exit.
  const force = setTimeout(() => {
    logger.warn({ timeoutMs }, 'shutdown deadline reached; closing remaining connections');
    httpServer.closeAllConnections();
  }, timeoutMs);
  force.unref();
  await new Promise<void>((resolve) => {
    if (!httpServer.listening) {
      resolve();
      return;
    }
    // io.close() disconnects sockets, then closes the HTTP server, which waits for in-flight requests.
    void io.close(() => resolve());
    httpServer.closeIdleConnections();
  });
  clearTimeout(force);
  await adapter?.close();
  await recovery.stop();
  await catalog.repairs();
  // The filler stops after its current batch; what it has not embedded waits for the next start.
  await vectors?.stop();
  prompts?.stop();
  if (ownsDb) await db.close();
  logger.info('shutdown complete');
}
