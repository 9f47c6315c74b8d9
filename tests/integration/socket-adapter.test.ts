import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectChatClient } from '../support/chat-client.js';
import { startServerPair, type ServerPair } from '../support/server-pair.js';
import { openRealPostgres, type TestDb } from '../support/test-db.js';

/**
 * SOCKET_ADAPTER=postgres: two Aisle processes on one real Postgres 15 + pgvector, as in
 * production — the catalog, the conversations, and socket.io rooms shared through LISTEN/NOTIFY.
 * (global-setup.ts starts that Postgres; under CI a missing one fails the run.)
 */
describe.runIf(inject('realPostgresUrl'))('socket.io rooms shared through Postgres', () => {
  let database: TestDb & { connectionString: string };
  let pair: ServerPair;
  let urls: string[];

  beforeAll(async () => {
    database = await openRealPostgres({ migrated: true });
    pair = await startServerPair({ SOCKET_ADAPTER: 'postgres' }, { databaseUrl: database.connectionString });
    urls = pair.urls;
  }, 60_000);
  afterAll(async () => {
    await pair?.stop();
    await database?.cleanup();
  });

  it('when a shopper has two tabs on different servers, then the tab on the other server receives the streamed answer too', async () => {
    const tabOnA = await connectChatClient(urls[0]!);
    const started = await tabOnA.start();
    if (!started.ok) throw new Error(started.error.message);
    const tabOnB = await connectChatClient(urls[1]!);
    const joined = await tabOnB.start({ sessionId: started.sessionId });
    if (!joined.ok) throw new Error(joined.error.message);

    const sent = await tabOnA.send({ sessionId: started.sessionId, text: 'waterproof hiking boots under $150', clientMessageId: 'tab-a-1' });
    if (!sent.ok) throw new Error(sent.error.message);
    const onA = await tabOnA.done(sent.turnId);
    const onB = await tabOnB.done(sent.turnId);
    expect(onA.products.length).toBeGreaterThan(0);
    expect(onB.products.map((p) => p.id)).toEqual(onA.products.map((p) => p.id));
    expect(onB.text).toBe(onA.text);
    expect(tabOnB.firstDeltaAt.has(sent.turnId)).toBe(true);
    tabOnA.close();
    tabOnB.close();
  });

  it('when the servers shut down, then each exits cleanly and releases its listening connection', async () => {
    const listening = async () => {
      const client = new pg.Client({ connectionString: database.connectionString });
      await client.connect();
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND datname = current_database() AND pid <> pg_backend_pid()");
      await client.end();
      return rows[0]!.n;
    };
    expect(await listening()).toBe(2); // one per server
    for (const server of pair.servers.splice(0)) {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
    await expect.poll(listening, { timeout: 5000 }).toBe(0);
  });
});
