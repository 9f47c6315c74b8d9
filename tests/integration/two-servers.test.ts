import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { connectChatClient } from '../support/chat-client.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { openMigratedPglite, servePgliteOverWire, tempDir } from '../support/test-db.js';

/**
 * Two Aisle processes on one Postgres (PGlite served over the wire): nothing about a
 * conversation lives in a process, so a shopper whose connection lands on the other server
 * after a reconnect carries on where they were.
 */
describe('two server processes on one database', () => {
  const servers: ServerProcess[] = [];
  const urls: string[] = [];
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const local = await openMigratedPglite();
    await seedCatalog({ db: local.db, config: loadConfig({}), count: 1000 });
    const wire = await servePgliteOverWire(local.db);
    cleanup = async () => {
      await wire.cleanup();
      await local.cleanup();
    };
    for (let i = 0; i < 2; i++) {
      const server = startServerProcess('server/src/main.ts', { DATABASE_URL: wire.connectionString, DATABASE_POOL_SIZE: '1', DATA_DIR: tempDir(), ADMIN_EMAIL: 'admin@test.local', ADMIN_PASSWORD: 'test-admin-password' });
      servers.push(server);
      urls.push(`http://127.0.0.1:${await server.listening}`);
    }
  }, 60_000);
  afterAll(async () => {
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await cleanup();
  });

  it('when a shopper reconnects to the other server, then the session, its history and its search carry on there', async () => {
    const first = await connectChatClient(urls[0]!);
    const started = await first.start();
    if (!started.ok) throw new Error(started.error.message);
    const sent = await first.send({ sessionId: started.sessionId, text: 'waterproof hiking boots under $150', clientMessageId: 'a-1' });
    if (!sent.ok) throw new Error(sent.error.message);
    const firstAnswer = await first.done(sent.turnId);
    expect(firstAnswer.products.length).toBeGreaterThan(0);
    first.close();

    const second = await connectChatClient(urls[1]!);
    const resumed = await second.start({ sessionId: started.sessionId });
    if (!resumed.ok) throw new Error(resumed.error.message);
    expect(resumed.sessionId).toBe(started.sessionId);
    expect(resumed.history.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(resumed.history[1]!.products!.map((p) => p.id)).toEqual(firstAnswer.products.map((p) => p.id));

    // A resend of the first message after the reconnect is the same turn, not a new one.
    const resent = await second.send({ sessionId: started.sessionId, text: 'waterproof hiking boots under $150', clientMessageId: 'a-1' });
    expect(resent).toEqual({ ok: true, turnId: sent.turnId });

    const followUp = await second.send({ sessionId: started.sessionId, text: 'under $130', clientMessageId: 'a-2' });
    if (!followUp.ok) throw new Error(followUp.error.message);
    const answer = await second.done(followUp.turnId);
    expect(answer.products.length, answer.text).toBeGreaterThan(0);
    for (const product of answer.products) {
      expect(product.category).toBe('Shoes > Hiking'); // the first server's search, kept in Postgres
      expect(product.price).toBeLessThanOrEqual(130);
    }
    second.close();
  });
});
