import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { connectChatClient } from '../support/chat-client.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { firstCard, hikingIntent, wantsIntent } from '../support/llm-script.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { openMigratedPglite, servePgliteOverWire, tempDir } from '../support/test-db.js';

const SECRETS = {
  apiKey: 'sk-live-aisle-secret-key-0123456789',
  adminPassword: 'admin-password-secret-42',
  metricsToken: 'metrics-token-secret-9876',
  dbPassword: 'db-password-secret-55',
};
/** Personal data a shopper types; stored and logged only masked. */
const PII = ['jane.doe@example.com', '+1 415 555 0199', '4111 1111 1111 1111', '221 Baker Street'];

/**
 * A whole working session of the real server process at LOG_LEVEL=debug — start, staff sign-in
 * (right and wrong password), metrics with a token, LLM turns with personal data, an error — then
 * every line it logged, every trace and message it stored, and everything the LLM provider was
 * sent is scanned for secrets, the session cookie and unmasked personal data.
 */
describe('secrets and personal data stay out of logs and traces', () => {
  let fake: FakeOpenAiServer;
  let server: ServerProcess;
  let base: string;
  let cookie = '';
  let cleanup: () => Promise<void>;
  let db: Awaited<ReturnType<typeof openMigratedPglite>>['db'];

  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    fake.script((request) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()) } : { content: `Try the ${firstCard(request).title}. ` }));
    const local = await openMigratedPglite();
    db = local.db;
    await seedCatalog({ db: local.db, config: loadConfig({ EMBEDDING_PROVIDER: 'hashed' }), count: 300 });
    const wire = await servePgliteOverWire(local.db);
    cleanup = async () => {
      await wire.cleanup();
      await local.cleanup();
    };
    server = startServerProcess('server/src/main.ts', {
      DATABASE_URL: wire.connectionString.replace('postgres:postgres@', `postgres:${SECRETS.dbPassword}@`),
      DATABASE_POOL_SIZE: '1',
      DATA_DIR: tempDir(),
      LOG_LEVEL: 'debug',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: SECRETS.apiKey,
      ADMIN_EMAIL: 'admin@test.local',
      ADMIN_PASSWORD: SECRETS.adminPassword,
      METRICS_TOKEN: SECRETS.metricsToken,
    });
    base = `http://127.0.0.1:${await server.listening}`;
  }, 60_000);
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await fake?.close();
    await cleanup?.();
  });

  it('when staff sign in, metrics are scraped, shoppers share personal data and requests fail, then nothing secret or personal is logged, stored or sent', async () => {
    const wrong = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@test.local', password: `${SECRETS.adminPassword}-wrong` }) });
    expect(wrong.status).toBe(401);
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@test.local', password: SECRETS.adminPassword }) });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie.length).toBeGreaterThan(20);
    expect((await fetch(`${base}/api/transcripts`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${SECRETS.metricsToken}` } })).status).toBe(200);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
    expect((await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{"broken": ' })).status).toBe(400);

    const client = await connectChatClient(base);
    const started = await client.start();
    if (!started.ok) throw new Error(started.error.message);
    const messages = [`waterproof hiking boots under $150, mail me at ${PII[0]}`, `or call ${PII[1]}, my card is ${PII[2]}`, `ship to ${PII[3]}, Apt 2`];
    for (const [i, text] of messages.entries()) {
      const sent = await client.send({ sessionId: started.sessionId, text, clientMessageId: `pii-${i}` });
      if (!sent.ok) throw new Error(sent.error.message);
      await client.done(sent.turnId);
    }
    client.close();

    const forbidden = [...Object.values(SECRETS), cookie.split('=')[1]!, ...PII];
    const logged = server.output();
    expect(logged.split('\n').length).toBeGreaterThan(10); // debug level: every request and socket was logged
    const { rows } = await db.query<{ stored: string }>(`SELECT coalesce(string_agg(trace::text, ' '), '') || ' ' || (SELECT coalesce(string_agg(text, ' '), '') FROM messages) AS stored FROM turns`);
    const sentToProvider = JSON.stringify(fake.requests);
    for (const value of forbidden) {
      expect(logged, `log holds ${value}`).not.toContain(value);
      expect(rows[0]!.stored, `traces or messages hold ${value}`).not.toContain(value);
      expect(sentToProvider, `the LLM provider was sent ${value}`).not.toContain(value);
    }
    expect(rows[0]!.stored).toContain('[email]'); // masked, not dropped
  });
});
