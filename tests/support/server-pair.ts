import { loadConfig } from '../../server/src/config.js';
import { openPgDb } from '../../server/src/db/pg-db.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { openMigratedPglite, servePgliteOverWire, tempDir } from './test-db.js';

export type ServerPair = { servers: ServerProcess[]; urls: string[]; stop: () => Promise<void> };

/**
 * Two `npm start` processes on one seeded database: `databaseUrl` (a real Postgres, seeded here),
 * or PGlite served over the wire.
 */
export async function startServerPair(env: Record<string, string> = {}, { databaseUrl }: { databaseUrl?: string } = {}): Promise<ServerPair> {
  let connectionString = databaseUrl;
  let cleanup = async () => {};
  if (databaseUrl) {
    const db = openPgDb({ connectionString: databaseUrl, poolSize: 2 });
    await seedCatalog({ db, config: loadConfig({ EMBEDDING_PROVIDER: 'hashed' }), count: 1000 });
    await db.close();
  } else {
    const local = await openMigratedPglite();
    await seedCatalog({ db: local.db, config: loadConfig({ EMBEDDING_PROVIDER: 'hashed' }), count: 1000 });
    const wire = await servePgliteOverWire(local.db);
    connectionString = wire.connectionString;
    cleanup = async () => {
      await wire.cleanup();
      await local.cleanup();
    };
  }
  const servers: ServerProcess[] = [];
  const urls: string[] = [];
  for (let i = 0; i < 2; i++) {
    const server = startServerProcess('server/src/main.ts', { DATABASE_URL: connectionString!, DATABASE_POOL_SIZE: databaseUrl ? '4' : '1', DATA_DIR: tempDir(), ADMIN_EMAIL: 'admin@test.local', ADMIN_PASSWORD: 'test-admin-password', ...env });
    servers.push(server);
    urls.push(`http://127.0.0.1:${await server.listening}`);
  }
  return {
    servers,
    urls,
    stop: async () => {
      for (const server of servers.splice(0)) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      await cleanup();
    },
  };
}
