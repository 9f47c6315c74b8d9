import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChatClient } from '../support/chat-client.js';
import { findPostgresBin, startRealPostgres, type RealPostgres } from '../support/real-postgres.js';
import { startServerPair, type ServerPair } from '../support/server-pair.js';

const postgresBin = findPostgresBin();
if (!postgresBin && process.env.CI) throw new Error('CI must install PostgreSQL (see .ci/run) for the socket adapter tests');

/**
 * SOCKET_ADAPTER=postgres: two Aisle processes share socket.io rooms through LISTEN/NOTIFY on a
 * real Postgres (Debian's; the catalog stays on PGlite over the wire, which has pgvector).
 */
describe.skipIf(!postgresBin)('socket.io rooms shared through Postgres', () => {
  let postgres: RealPostgres;
  let pair: ServerPair;
  let urls: string[];

  beforeAll(async () => {
    postgres = await startRealPostgres(postgresBin!);
    pair = await startServerPair({ SOCKET_ADAPTER: 'postgres', SOCKET_ADAPTER_DATABASE_URL: postgres.connectionString });
    urls = pair.urls;
  }, 60_000);
  afterAll(async () => {
    await pair?.stop();
    postgres?.stop();
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
      const client = new pg.Client({ connectionString: postgres.connectionString });
      await client.connect();
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()");
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
