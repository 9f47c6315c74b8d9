import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/auth/users.js';
import { connectChatClient, type ChatClient } from '../support/chat-client.js';
import { signIn } from '../support/staff-session.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';
import { tempDir } from '../support/test-db.js';

type Ack = { ok: boolean; error?: { code: string; message: string } };

const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const longText = (n: number) => 'x'.repeat(n);

/** Socket payloads: each must be answered with a clear error code, never crash or corrupt anything. */
const SOCKET_CASES: Array<[string, string, string, (ids: { sessionId: string }) => unknown]> = [
  ['chat:start', 'a string', 'VALIDATION_FAILED', () => 'hello'],
  ['chat:start', 'a number', 'VALIDATION_FAILED', () => 42],
  ['chat:start', 'an array', 'VALIDATION_FAILED', () => [1, 2]],
  ['chat:start', 'a malformed session id', 'VALIDATION_FAILED', () => ({ sessionId: 'not-a-uuid' })],
  ['chat:start', 'a numeric session id', 'VALIDATION_FAILED', () => ({ sessionId: 123 })],
  ['chat:start', 'an unknown field', 'VALIDATION_FAILED', () => ({ admin: true })],
  ['chat:start', 'a __proto__ key', 'VALIDATION_FAILED', () => JSON.parse('{"__proto__": {"polluted": true}}')],
  ['chat:start', 'a constructor.prototype key', 'VALIDATION_FAILED', () => ({ constructor: { prototype: { polluted: true } } })],
  ['chat:send', 'no payload', 'VALIDATION_FAILED', () => undefined],
  ['chat:send', 'null', 'VALIDATION_FAILED', () => null],
  ['chat:send', 'text as a number', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, text: 5, clientMessageId: 'n1' })],
  ['chat:send', 'text as an object', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, text: { $ne: '' }, clientMessageId: 'n2' })],
  ['chat:send', 'empty text', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, text: '   ', clientMessageId: 'n3' })],
  ['chat:send', 'text over the limit', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, text: longText(2001), clientMessageId: 'n4' })],
  ['chat:send', 'no client message id', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, text: 'boots' })],
  ['chat:send', 'a 101-character client message id', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, text: 'boots', clientMessageId: longText(101) })],
  ['chat:send', 'a session this socket did not start', 'SESSION_NOT_STARTED', () => ({ sessionId: '00000000-0000-4000-8000-000000000001', text: 'boots', clientMessageId: 'n5' })],
  ['chat:send', 'a prototype-pollution key', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, text: 'boots', clientMessageId: 'n6', ...JSON.parse('{"__proto__": {"isAdmin": true}}') })],
  ['chat:send', 'deeply nested JSON', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, text: JSON.parse(deep(1000)), clientMessageId: 'n7' })],
  ['chat:send', 'only control characters', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, text: '\u0000\u0001\u0007\u001b', clientMessageId: 'n8' })],
  ['chat:feedback', 'an unknown kind', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, kind: 'hack' })],
  ['chat:feedback', 'a negative product id', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, kind: 'like', productId: -1 })],
  ['chat:feedback', 'a fractional product id', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, kind: 'like', productId: 1.5 })],
  ['chat:feedback', 'a product that does not exist', 'PRODUCT_NOT_FOUND', ({ sessionId }) => ({ sessionId, kind: 'like', productId: 99_999_999 })],
  ['chat:feedback', 'a huge comment', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, kind: 'thumbs_down', comment: longText(5000) })],
  ['chat:profile:update', 'a budget as text', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, patch: { budgetMax: 'lots' } })],
  ['chat:profile:update', 'a negative budget', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, patch: { budgetMax: -5 } })],
  ['chat:profile:update', 'an unknown preference', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, patch: { role: 'admin' } })],
  ['chat:profile:update', 'brands as a string', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, patch: { avoidedBrands: 'Nike' } })],
  ['chat:retry', 'a turn id that is not a uuid', 'VALIDATION_FAILED', ({ sessionId }) => ({ sessionId, turnId: "1' OR '1'='1" })],
  ['chat:retry', 'a turn of no session', 'TURN_NOT_FOUND', ({ sessionId }) => ({ sessionId, turnId: '00000000-0000-4000-8000-000000000002' })],
];

/** HTTP requests: a clear 4xx with an error code, never a 500. */
const HTTP_CASES: Array<[string, number, string | null, { method?: string; path: string; body?: string | Buffer; type?: string }]> = [
  ['a search with an enormous query', 400, 'VALIDATION_FAILED', { path: `/api/products/search?q=${longText(5000)}` }],
  ['a negative limit', 400, 'VALIDATION_FAILED', { path: '/api/products/search?q=boots&limit=-1' }],
  ['a limit that is not a number', 400, 'VALIDATION_FAILED', { path: '/api/products/search?q=boots&limit=ten' }],
  ['a price that is not a number', 400, 'VALIDATION_FAILED', { path: '/api/products/search?q=boots&maxPrice=NaN' }],
  ['a price beyond any float', 400, 'VALIDATION_FAILED', { path: `/api/products/search?q=boots&maxPrice=1e400` }],
  ['a repeated query parameter', 400, 'VALIDATION_FAILED', { path: '/api/products/search?q=a&q=b' }],
  ['a query with SQL in it', 200, null, { path: `/api/products/search?q=${encodeURIComponent("boots'; DROP TABLE products; --")}` }],
  ['a query with a NUL byte', 200, null, { path: '/api/products/search?q=boots%00' }],
  ['a query with invalid UTF-8', 200, null, { path: '/api/products/search?q=%ff%fe' }],
  ['a product id that is text', 400, 'VALIDATION_FAILED', { path: '/api/products/abc' }],
  ['a product id beyond integers', 400, 'VALIDATION_FAILED', { path: '/api/products/99999999999999999999' }],
  ['a negative product id', 400, 'VALIDATION_FAILED', { path: '/api/products/-1' }],
  ['login with broken JSON', 400, 'INVALID_JSON', { method: 'POST', path: '/api/auth/login', body: '{"email": ', type: 'application/json' }],
  ['login with a JSON array', 400, 'VALIDATION_FAILED', { method: 'POST', path: '/api/auth/login', body: '[]', type: 'application/json' }],
  ['login with an operator object', 400, 'VALIDATION_FAILED', { method: 'POST', path: '/api/auth/login', body: '{"email": {"$gt": ""}, "password": {"$gt": ""}}', type: 'application/json' }],
  ['login with a __proto__ key', 400, 'VALIDATION_FAILED', { method: 'POST', path: '/api/auth/login', body: '{"__proto__": {"role": "admin"}, "email": "a@b.c", "password": "x"}', type: 'application/json' }],
  ['login with deeply nested JSON', 400, null, { method: 'POST', path: '/api/auth/login', body: deep(20_000), type: 'application/json' }],
  ['login with a 2 MB body', 413, 'PAYLOAD_TOO_LARGE', { method: 'POST', path: '/api/auth/login', body: `{"email": "${longText(2_000_000)}"}`, type: 'application/json' }],
  ['login with invalid UTF-8', 400, null, { method: 'POST', path: '/api/auth/login', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), type: 'application/json' }],
  ['login with SQL in the email', 401, 'INVALID_CREDENTIALS', { method: 'POST', path: '/api/auth/login', body: JSON.stringify({ email: "admin@test.local' OR '1'='1", password: "' OR '1'='1" }), type: 'application/json' }],
  ['login as form data', 400, 'VALIDATION_FAILED', { method: 'POST', path: '/api/auth/login', body: 'email=a&password=b', type: 'application/x-www-form-urlencoded' }],
  ['a staff API without a session', 401, null, { path: '/api/transcripts' }],
];

/** Paths that try to leave the web folder: never a file from outside it. */
const TRAVERSALS = [
  '/../../../etc/passwd',
  '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2f..%2fetc%2fpasswd',
  '/assets/..%2f..%2f..%2fpackage.json',
  '/images/products/..%2f..%2f/passwd',
  '/images/products/%2e%2e/%2e%2e',
  '//etc/passwd',
  '/widget.js%00.html',
  '/products/..%2f..%2f..%2f.env',
  '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
];

/** Imports a merchant might send by mistake, or an attacker on purpose. */
const BAD_IMPORTS: Array<[string, number, string | Buffer, string]> = [
  ['a CSV whose quote never closes', 400, 'sku,title,category,price\ns1,"Boot,Shoes,10\n', 'text/csv'],
  ['a CSV with only a header', 200, 'sku,title,category,price\n', 'text/csv'],
  ['a CSV of binary garbage', 207, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'text/csv'],
  ['a CSV with formulas and scripts in its cells', 207, 'sku,title,category,price,url\nf1,=HYPERLINK("http://evil"),Shoes,10,javascript:alert(1)\n', 'text/csv'],
  ['JSON that is not a catalog', 400, '{"hello": "world"}', 'application/json'],
  ['JSON with a __proto__ product', 200, '[{"__proto__": {"polluted": true}, "sku": "p1", "title": "Boot", "category": "Shoes", "price": 10}]', 'application/json'],
  ['a JSON catalog over the 1 MB limit of other requests (imports take up to 20 MB)', 200, JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ sku: `big-${i}`, title: `Camp Mug ${i}`, category: 'Outdoor > Camp Kitchen', price: 12, description: 'An enamel camp mug that keeps coffee warm on cold mornings.' }))), 'application/json'],
  ['a CSV over 20 MB', 413, `sku,title,category,price\n${'s,t,c,1\n'.repeat(3_000_000)}`, 'text/csv'],
];

describe('hostile and malformed input', () => {
  let server: RunningTestApp;
  let client: ChatClient;
  let sessionId: string;
  let merchant: { cookie: string; csrf: string };
  let productsBefore: number;

  beforeAll(async () => {
    const webDir = path.join(tempDir('aisle-web-'), 'web');
    mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>store</title>');
    writeFileSync(path.join(webDir, 'widget.js'), 'console.log("widget")');
    server = await startTestApp({ seedProducts: 300, webDistDir: webDir });
    await createUser(server.app.db, { email: 'merchant@shop.test', role: 'merchant', password: 'merchant-password-1' });
    merchant = await signIn(server.baseUrl, 'merchant@shop.test', 'merchant-password-1');
    productsBefore = (await server.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM products')).rows[0]!.n;
    client = await connectChatClient(server.baseUrl);
    const started = await client.start();
    if (!started.ok) throw new Error(started.error.message);
    sessionId = started.sessionId;
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it.each(SOCKET_CASES)('when %s gets %s, then it answers %s', async (event, _label, code, payload) => {
    const ack = (await client.socket.timeout(10_000).emitWithAck(event, payload({ sessionId }))) as Ack;
    expect(ack.ok).toBe(false);
    expect(ack.error?.code).toBe(code);
    expect(ack.error?.message.length).toBeGreaterThan(5);
  });

  it('when a socket frame is larger than the transport allows, then that connection is closed and the server serves the next one', async () => {
    const socket: Socket = connectSocket(server.baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('chat:send', { sessionId, text: longText(200_000), clientMessageId: 'big' });
    expect(await closed).toBe('transport close');
    const next = await connectChatClient(server.baseUrl);
    expect((await next.start()).ok).toBe(true);
    next.close();
  });

  it('when a raw frame carries JSON nested 10,000 deep or is not JSON at all, then the server drops that connection and keeps serving', async () => {
    const raw = await connectChatClient(server.baseUrl);
    const closed = new Promise<string>((resolve) => raw.socket.once('disconnect', resolve));
    // Written below the socket.io encoder, as a hostile client would: "42" is an event packet.
    raw.socket.io.engine.write(`42["chat:send",${deep(10_000)}]`);
    raw.socket.io.engine.write('42["chat:send", {not json');
    expect(['io server disconnect', 'transport close', 'parse error']).toContain(await closed);
    const ack = (await client.socket.timeout(5000).emitWithAck('system:ping', {})) as Ack;
    expect(ack.ok).toBe(true);
  });

  it('when an unknown event or an event without an acknowledgement arrives, then nothing breaks', async () => {
    client.socket.emit('chat:hack', { drop: 'tables' });
    client.socket.emit('chat:send', { sessionId, text: 'no ack please', clientMessageId: 'noack' });
    const ack = (await client.socket.timeout(5000).emitWithAck('system:ping', {})) as Ack;
    expect(ack.ok).toBe(true);
  });

  it('when a message holds SQL, control characters and broken surrogates, then it is stored as text and answered', async () => {
    const text = "hiking boots'); DROP TABLE products; --\u0000\u0007 \ud800 end";
    const sent = await client.send({ sessionId, text, clientMessageId: 'sql-1' });
    if (!sent.ok) throw new Error(`${sent.error.code}: ${sent.error.message}`);
    await client.done(sent.turnId);
    const { rows } = await server.app.db.query<{ text: string }>('SELECT text FROM messages WHERE client_message_id = $1', ['sql-1']);
    expect(rows[0]!.text).toContain("DROP TABLE products; --");
    expect([...rows[0]!.text].some((c) => c.charCodeAt(0) < 9)).toBe(false); // NUL and BEL are gone
  });

  it.each(HTTP_CASES)('when HTTP gets %s, then it answers %i', async (_label, status, code, req) => {
    const res = await fetch(`${server.baseUrl}${req.path}`, { method: req.method ?? 'GET', headers: req.type ? { 'content-type': req.type } : {}, body: asBody(req.body) });
    expect(res.status).toBe(status);
    if (status >= 400) {
      const body = (await res.json()) as { error: { code: string; message: string } };
      if (code) expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(5);
    }
  });

  it.each(TRAVERSALS)('when a static path tries %s, then no file outside the web folder is served', async (attempt) => {
    const res = await rawGet(server.baseUrl, attempt);
    expect(res.status === 404 || res.status === 400 || res.status === 200).toBe(true);
    expect(res.body).not.toContain('root:');
    expect(res.body).not.toContain('"name": "aisle"');
    expect(res.body).not.toMatch(/OPENAI_API_KEY|DATABASE_URL=/);
  });

  it.each(BAD_IMPORTS)('when a merchant imports %s, then it answers %i and keeps the catalog whole', async (_label, status, body, type) => {
    const res = await fetch(`${server.baseUrl}/api/catalog/import`, { method: 'POST', headers: { 'content-type': type, cookie: merchant.cookie, 'x-csrf-token': merchant.csrf }, body: asBody(body) });
    expect(res.status).toBe(status);
    const report = (await res.json()) as { failed?: Array<{ row: number; reason: string }>; error?: { code: string } };
    if (status === 207) for (const failure of report.failed ?? []) expect(failure.reason.length).toBeGreaterThan(3);
    if (status >= 400) expect(report.error?.code).toMatch(/^[A-Z_]+$/);
  });

  it('when every hostile input has been tried, then the server is healthy, nothing was polluted and no product was lost', async () => {
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    const { rows } = await server.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM products');
    expect(rows[0]!.n).toBeGreaterThanOrEqual(productsBefore);
    expect(SOCKET_CASES.length + HTTP_CASES.length + TRAVERSALS.length + BAD_IMPORTS.length + 3).toBeGreaterThanOrEqual(60);
  });
});

const asBody = (body: string | Buffer | undefined) => (typeof body === 'string' || body === undefined ? body : new Uint8Array(body));

/** A GET whose path is sent exactly as written (fetch would normalise the dots away). */
function rawGet(baseUrl: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
