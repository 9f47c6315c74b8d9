import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { openPgliteDb } from '../../server/src/db/pglite-db.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { connectChatClient, turnInFlight } from '../support/chat-client.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { firstCard, hikingIntent, wantsIntent } from '../support/llm-script.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { openMigratedPglite, openRealPostgres, tempDir } from '../support/test-db.js';
import { waitFor } from '../support/wait-for.js';

/**
 * kill -9 in the middle of a turn, on the embedded database and on real Postgres: after a
 * restart the acknowledged message is there, the turn is marked interrupted, and the shopper's
 * retry answers it without storing the message twice.
 */
const drivers = [
  {
    name: 'the embedded database',
    marksAtStart: true,
    // PGlite recovers its files on restart and knows it was the only runner: the turn is marked interrupted at once.
    prepare: async () => {
      const template = await openMigratedPglite();
      await template.db.close();
      const db = await openPgliteDb(template.dataDir);
      await seedCatalog({ db, config: loadConfig({ EMBEDDING_PROVIDER: 'hashed' }), count: 400 });
      await db.close();
      const root = path.dirname(template.dataDir);
      return { env: { DATA_DIR: root }, cleanup: async () => rmSync(root, { recursive: true, force: true }) };
    },
  },
  ...(inject('realPostgresUrl')
    ? [
        {
          name: 'real Postgres',
          marksAtStart: false,
          // Other servers may share it: the dead runner's turns are swept once its heartbeat is stale.
          prepare: async () => {
            const database = await openRealPostgres({ migrated: true });
            await seedCatalog({ db: database.db, config: loadConfig({ EMBEDDING_PROVIDER: 'hashed' }), count: 400 });
            return { env: { DATABASE_URL: database.connectionString, DATA_DIR: tempDir() }, cleanup: database.cleanup };
          },
        },
      ]
    : []),
];

describe.each(drivers)('crash safety on $name', ({ prepare, marksAtStart }) => {
  let fake: FakeOpenAiServer;
  let prepared: { env: Record<string, string>; cleanup: () => Promise<void> };
  let server: ServerProcess | undefined;
  const start = async () => {
    server = startServerProcess('server/src/main.ts', { ...prepared.env, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-crash', LLM_TIMEOUT_MS: '20000', ADMIN_EMAIL: 'admin@test.local', ADMIN_PASSWORD: 'test-admin-password' });
    return `http://127.0.0.1:${await server.listening}`;
  };

  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    prepared = await prepare();
  }, 60_000);
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await fake.close();
    await prepared.cleanup();
  });

  it('when the server is killed mid-turn, then after a restart the message is kept, the turn is interrupted, and a retry answers it once', async () => {
    // The explanation never comes before the kill: the turn is stuck in the middle.
    fake.script((request) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()) } : { content: `Try the ${firstCard(request).title}. `, delayMs: 60_000 }));
    const first = await connectChatClient(await start());
    const { sessionId, turnId } = await turnInFlight(first, 'waterproof hiking boots under $150', 'crash-1');
    server!.child.kill('SIGKILL');
    expect((await server!.exited).signal).toBe('SIGKILL');
    first.close();

    fake.script((request) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()) } : { content: `Try the ${firstCard(request).title} at $${firstCard(request).price}. ` }));
    const url = await start();
    if (marksAtStart) expect(server!.logLines().some((l) => l.msg === 'turns left unfinished by a previous run were marked interrupted' && l.turns === 1)).toBe(true);
    const second = await connectChatClient(url);
    const resumed = await waitFor(
      async () => {
        const ack = await second.start({ sessionId: sessionId });
        return ack.ok && ack.history.some((m) => m.interrupted) ? ack : null;
      },
      { timeoutMs: 60_000, what: 'the killed turn to be marked interrupted' },
    );
    expect(resumed.history).toEqual([expect.objectContaining({ role: 'user', text: 'waterproof hiking boots under $150', turnId: turnId, interrupted: true })]);

    // A resend of the same message is recognised, not stored again; the retry runs the stored one.
    expect(await second.send({ sessionId: sessionId, text: 'waterproof hiking boots under $150', clientMessageId: 'crash-1' })).toEqual({ ok: true, turnId: turnId });
    const retried = await second.retry({ sessionId: sessionId, turnId: turnId });
    expect(retried).toEqual({ ok: true, turnId: turnId });
    const answer = await second.done(turnId);
    expect(answer.products.length).toBeGreaterThan(0);
    expect(await second.retry({ sessionId: sessionId, turnId: turnId })).toMatchObject({ ok: false, error: { code: 'TURN_NOT_INTERRUPTED' } });

    const after = await second.start({ sessionId: sessionId });
    if (!after.ok) throw new Error(after.error.message);
    expect(after.history.map((m) => [m.role, m.turnId, m.interrupted ?? false])).toEqual([
      ['user', turnId, false],
      ['assistant', turnId, false],
    ]);
    second.close();
  }, 90_000);
});
