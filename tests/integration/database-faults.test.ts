import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import type { PgliteDb } from '../../server/src/db/pglite-db.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { connectChatClient, turnInFlight } from '../support/chat-client.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { firstCard, hikingIntent, wantsIntent } from '../support/llm-script.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { freePort } from '../support/free-port.js';
import { openMigratedPglite, tempDir } from '../support/test-db.js';

const PASSWORD = 'db-secret-never-logged';

/** The database behind a fixed port that a test can take away and bring back. */
function switchableDatabase(pglite: PgliteDb, port: number) {
  let server: PGLiteSocketServer | null = null;
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres?sslmode=disable`,
    up: async () => {
      server = new PGLiteSocketServer({ db: pglite.pglite, port, host: '127.0.0.1', maxConnections: 8 });
      await server.start();
    },
    down: async () => {
      await server?.stop();
      server = null;
    },
  };
}

describe('database faults', () => {
  let pglite: Awaited<ReturnType<typeof openMigratedPglite>>;
  let fake: FakeOpenAiServer;
  const processes: ServerProcess[] = [];
  const start = (env: Record<string, string>) => {
    const server = startServerProcess('server/src/main.ts', { DATA_DIR: tempDir(), DATABASE_POOL_SIZE: '1', ADMIN_EMAIL: 'admin@test.local', ADMIN_PASSWORD: 'test-admin-password', ...env });
    processes.push(server);
    return server;
  };

  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    pglite = await openMigratedPglite();
    await seedCatalog({ db: pglite.db, config: loadConfig({ EMBEDDING_PROVIDER: 'hashed' }), count: 400 });
  }, 60_000);
  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await fake.close();
    await pglite.cleanup();
  });

  it('when the database is not up at start, then the server says it is waiting (without the password) and starts once it comes up', async () => {
    const db = switchableDatabase(pglite.db, await freePort());
    const server = start({ DATABASE_URL: db.url });
    await expect.poll(() => server.logLines().some((l) => l.msg === 'waiting for the database'), { timeout: 10_000 }).toBe(true);
    await db.up();
    try {
      const port = await server.listening;
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
      expect(server.output()).not.toContain(PASSWORD);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await db.down();
    }
  }, 30_000);

  it('when the database never comes up, then the server exits 1 with a message naming where it looked', async () => {
    const port = await freePort();
    const server = start({ DATABASE_URL: switchableDatabase(pglite.db, port).url, DATABASE_CONNECT_TIMEOUT_MS: '1500' });
    expect((await server.exited).code).toBe(1);
    expect(server.output()).toContain(`could not reach the database at 127.0.0.1:${port}`);
    expect(server.output()).not.toContain(PASSWORD);
  }, 30_000);

  it('when the database is lost midway through a turn, then the shopper gets DATABASE_UNAVAILABLE, the message is kept, and the retry answers once it is back', async () => {
    const db = switchableDatabase(pglite.db, await freePort());
    await db.up();
    // The explanation takes a while: the database goes away while the turn waits for it.
    fake.script((request) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()) } : { content: `Try the ${firstCard(request).title} at $${firstCard(request).price}. `, delayMs: 1500 }));
    const server = start({ DATABASE_URL: db.url, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-db-fault' });
    const url = `http://127.0.0.1:${await server.listening}`;
    const client = await connectChatClient(url);
    const { sessionId, turnId } = await turnInFlight(client, 'waterproof hiking boots under $150', 'lost-1');
    await db.down();
    await expect.poll(() => client.errors, { timeout: 10_000 }).toEqual([expect.objectContaining({ turnId: turnId, code: 'DATABASE_UNAVAILABLE' })]);
    expect((await fetch(`${url}/api/health`)).status).toBe(503);

    await db.up();
    await expect.poll(async () => (await fetch(`${url}/api/health`)).status, { timeout: 10_000 }).toBe(200);
    fake.script((request) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()) } : { content: `Try the ${firstCard(request).title} at $${firstCard(request).price}. ` }));
    expect(await client.retry({ sessionId: sessionId, turnId: turnId })).toEqual({ ok: true, turnId: turnId });
    expect((await client.done(turnId)).products.length).toBeGreaterThan(0);

    const { rows } = await pglite.db.query<{ role: string; n: number }>('SELECT role, count(*)::int AS n FROM messages WHERE turn_id = $1 GROUP BY role ORDER BY role', [turnId]);
    expect(rows).toEqual([{ role: 'assistant', n: 1 }, { role: 'user', n: 1 }]);
    expect(server.output()).not.toContain(PASSWORD);
    client.close();
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    await db.down();
  }, 60_000);
});
