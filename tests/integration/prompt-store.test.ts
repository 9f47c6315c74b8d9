import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { signIn, staffCall } from '../support/staff-session.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';
import { createPublishedPrompts, seedDefaultPrompts } from '../../server/src/prompts/prompt-store.js';
import { loadPromptFiles } from '../../server/src/prompts/prompt-files.js';
import { PROMPTS_DIR } from '../../server/src/paths.js';
import type { Db } from '../../server/src/db/port.js';
import { openMigratedPglite } from '../support/test-db.js';

describe('prompt templates in the database', () => {
  let server: RunningTestApp;
  let signed: { cookie: string; csrf: string };
  beforeAll(async () => {
    server = await startTestApp({ seedProducts: 500 });
    signed = await signIn(server.baseUrl, 'admin@test.local', 'test-admin-password');
  });
  afterAll(async () => server.stop());

  const api = (method: string, path: string, body?: unknown) => staffCall(server.baseUrl, signed, method, path, body);

  it('when the server starts, then the default templates are version 1 and published', async () => {
    const { body } = await api('GET', '/api/prompts');
    const templates = body.templates as Array<{ name: string; published: number }>;
    expect(templates.map((t) => t.name)).toEqual(expect.arrayContaining(['system', 'intent', 'explain', 'clarify', 'compare']));
    for (const t of templates) expect(t.published).toBe(1);
  });

  it('when a template with an unknown variable or unbalanced braces is saved, then it is refused with the position', async () => {
    const { status, body } = await api('POST', '/api/prompts/explain/versions', { body: 'Say {{mesage}} {{history}} {{cards}', message: 'typo' });
    expect(status).toBe(400);
    const error = body.error as { code: string; message: string };
    expect(error.code).toBe('PROMPT_INVALID');
    expect(error.message).toContain('line 1, column 5');
  });

  it('when a new version is saved and published, then running servers pick it up within seconds, and rollback brings back the old one with an audit trail', async () => {
    const published = createPublishedPrompts(server.app.db, 200);
    onTestFinished(published.stop);
    expect((await published()).get('explain')?.version).toBe(1);
    const saved = await api('POST', '/api/prompts/explain/versions', { body: 'Recommend from <cards>{{cards}}</cards> for <shopper>{{message}}</shopper>. Context: {{history}}', message: 'shorter' });
    expect(saved.status).toBe(201);
    const version = (saved.body.version as { version: number }).version;
    expect(version).toBe(2);
    expect((await api('POST', '/api/prompts/explain/publish', { version })).status).toBe(200);
    await expect.poll(async () => (await published()).get('explain')?.version, { timeout: 5000 }).toBe(2);
    await api('POST', '/api/prompts/explain/publish', { version: 1 });
    await expect.poll(async () => (await published()).get('explain')?.version, { timeout: 5000 }).toBe(1);
    const audit = await server.app.db.query<{ action: string; target: string }>(`SELECT action, target FROM audit_log WHERE target LIKE 'explain@%' ORDER BY id`);
    expect(audit.rows).toEqual([
      { action: 'prompt.save', target: 'explain@2' },
      { action: 'prompt.publish', target: 'explain@2' },
      { action: 'prompt.rollback', target: 'explain@1' },
    ]);
  });

  it('when a version is previewed, then the rendered prompt, the engine output and the cards come back and nothing is published', async () => {
    const before = await server.app.db.query('SELECT template_name, label, version FROM prompt_labels ORDER BY 1, 2');
    const { status, body } = await api('POST', '/api/prompts/explain/preview', { version: 1, message: 'waterproof hiking boots under 120', history: ['hi'] });
    expect(status).toBe(200);
    expect(body.engine).toBe('offline');
    expect(body.renderedPrompt).toContain('<shopper>waterproof hiking boots under 120</shopper>');
    const cards = body.cards as Array<{ title: string; price: number }>;
    expect(cards.length).toBeGreaterThan(0);
    expect(body.renderedPrompt).toContain(cards[0]!.title);
    for (const card of cards) expect(card.price).toBeLessThanOrEqual(120);
    expect(String(body.output)).toContain(cards[0]!.title);
    expect((await server.app.db.query('SELECT template_name, label, version FROM prompt_labels ORDER BY 1, 2')).rows).toEqual(before.rows);
  });

  it('when a body is checked while typing, then the problems come back without saving anything', async () => {
    const { body } = await api('POST', '/api/prompts/clarify/validate', { body: 'Ask {{message}} {{extra}}' });
    expect((body.problems as Array<{ code: string }>).map((p) => p.code)).toEqual(['UNKNOWN_VARIABLE']);
    const versions = await api('GET', '/api/prompts/clarify/versions');
    expect((versions.body.versions as unknown[]).length).toBeGreaterThanOrEqual(1);
  });
});

describe('previewing with a stored session', () => {
  it('when a stored session is given, then its shopper messages become the conversation of the preview', async () => {
    const server = await startTestApp({ seedProducts: 300 });
    try {
      const res = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@test.local', password: 'test-admin-password' }) });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
      const { completeTurn, createSession, recordUserMessage } = await import('../../server/src/transcripts/transcript-repository.js');
      const session = await createSession(server.app.db, { mode: 'offline' });
      const first = await recordUserMessage(server.app.db, { sessionId: session.id, text: 'hello there', clientMessageId: 'p1' });
      // One turn at a time per session: the first is answered before the second message.
      await completeTurn(server.app.db, { sessionId: session.id, turnId: first.turnId, text: 'Hello!', products: [], suggestions: [], degraded: false, status: 'completed', trace: {}, llmTokens: 0 });
      await recordUserMessage(server.app.db, { sessionId: session.id, text: 'running shoes under 100', clientMessageId: 'p2' });
      const preview = await fetch(`${server.baseUrl}/api/prompts/intent/preview`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, body: JSON.stringify({ version: 1, sessionId: session.id }) });
      const body = (await preview.json()) as { renderedPrompt: string; output: { filters: { priceMax: number } } };
      expect(body.renderedPrompt).toContain('<shopper>hello there</shopper>');
      expect(body.renderedPrompt).toContain('<shopper>running shoes under 100</shopper>');
      expect(body.output.filters.priceMax).toBe(100);
    } finally {
      await server.stop();
    }
  });
});

describe('published templates as turns read them', () => {
  it('when the templates were read once, then later reads never wait for the database, a failed reload keeps them, and stop ends the reloads', async () => {
    const { db, cleanup } = await openMigratedPglite();
    onTestFinished(cleanup);
    await seedDefaultPrompts(db, loadPromptFiles(PROMPTS_DIR));
    // The real database, with its answers held back or failed on demand.
    let mode: 'answer' | 'hold' | 'fail' = 'answer';
    let reads = 0;
    const held: Array<() => void> = [];
    const gated = Object.create(db) as Db;
    gated.query = async (...args: Parameters<Db['query']>) => {
      reads++;
      if (mode === 'fail') throw new Error('database unavailable');
      if (mode === 'hold') await new Promise<void>((resolve) => held.push(resolve));
      return db.query(...args);
    };
    // The reload ticks are driven by a fake clock: five of them pass in each step below.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const published = createPublishedPrompts(gated, 40);
    onTestFinished(published.stop);
    expect((await published()).get('explain')?.version).toBe(1);
    mode = 'hold';
    await vi.advanceTimersByTimeAsync(200);
    expect(held).toHaveLength(1); // one reload waits on the database, the next ticks add none…
    expect((await published()).get('explain')?.version).toBe(1); // …and the read did not wait for it (it would hang)

    mode = 'fail';
    for (const release of held.splice(0)) release();
    await vi.advanceTimersByTimeAsync(200);
    expect(reads).toBeGreaterThan(2); // reloads ran, and failed
    expect((await published()).get('explain')?.version).toBe(1);

    published.stop();
    const before = reads;
    await vi.advanceTimersByTimeAsync(400);
    expect(reads).toBe(before);
  });
});
