import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/auth/users.js';
import { connectChatClient, type ChatClient } from '../support/chat-client.js';
import { signIn, staffCall } from '../support/staff-session.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

describe('odd input gets a code, never INTERNAL_ERROR', () => {
  let running: RunningTestApp;
  let chat: ChatClient;
  let sessionId: string;
  let turnId: string;

  beforeAll(async () => {
    running = await startTestApp({ seedProducts: 200 });
    chat = await connectChatClient(running.baseUrl);
    const started = await chat.start();
    if (!started.ok) throw new Error(started.error.message);
    sessionId = started.sessionId;
    const sent = await chat.send({ sessionId, text: 'hiking boots', clientMessageId: 'odd-1' });
    if (!sent.ok) throw new Error(sent.error.message);
    turnId = sent.turnId;
    await chat.done(turnId);
  });
  afterAll(async () => {
    chat.close();
    await running.stop();
  });

  const get = async (path: string) => {
    const res = await fetch(`${running.baseUrl}${path}`);
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  };

  it.each([
    ['category', '/api/products/search?category=Shoes%00'],
    ['brand', '/api/products/search?brand=Sal%00omon'],
    ['excludeBrand', '/api/products/search?excludeBrand=Keen,%00'],
    ['sku', '/api/products/sku/AIS%00-1'],
    ['a product id past the integer range', '/api/products/2147483648'],
  ])('when %s carries a NUL byte or is out of range, then the answer is a 400 with a code', async (_what, path) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.error?.code).toBe('VALIDATION_FAILED');
  });

  it('when the query text carries a NUL byte, then it is cleaned and searched', async () => {
    const { status } = await get('/api/products/search?q=hiking%00boots');
    expect(status).toBe(200);
  });

  it('when a sign-in email carries a NUL byte, then it is a 400', async () => {
    const res = await fetch(`${running.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@test.local\u0000', password: 'whatever it is' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('when a clientMessageId carries a NUL byte, then the send is refused with a code and nothing is stored', async () => {
    const ack = await chat.send({ sessionId, text: 'tents', clientMessageId: 'bad\u0000id' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const { rows } = await running.app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM messages WHERE session_id = $1 AND text = 'tents'", [sessionId]);
    expect(rows[0]!.n).toBe(0);
  });

  it.each([
    ['a product id of 2^31', () => ({ sessionId, kind: 'like', productId: 2 ** 31 }), 'VALIDATION_FAILED'],
    ['an unknown turn', () => ({ sessionId, kind: 'thumbs_up', turnId: '00000000-0000-4000-8000-000000000000' }), 'TURN_NOT_FOUND'],
  ])('when feedback names %s, then it is refused with a code', async (_what, payload, code) => {
    const ack = (await chat.socket.timeout(10_000).emitWithAck('chat:feedback', payload())) as { ok: boolean; error?: { code: string } };
    expect(ack).toMatchObject({ ok: false, error: { code } });
  });

  it("when feedback names another session's turn, then it is refused and nothing is recorded", async () => {
    const other = await connectChatClient(running.baseUrl);
    try {
      const started = await other.start();
      if (!started.ok) throw new Error(started.error.message);
      const ack = (await other.socket.timeout(10_000).emitWithAck('chat:feedback', { sessionId: started.sessionId, kind: 'thumbs_down', turnId })) as { ok: boolean; error?: { code: string } };
      expect(ack).toMatchObject({ ok: false, error: { code: 'TURN_NOT_FOUND' } });
      const { rows } = await running.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE turn_id = $1', [turnId]);
      expect(rows[0]!.n).toBe(0);
    } finally {
      other.close();
    }
  });
});

describe('previews with a stored conversation', () => {
  let running: RunningTestApp;
  let sessionId: string;
  beforeAll(async () => {
    running = await startTestApp({ seedProducts: 100 });
    await createUser(running.app.db, { email: 'merchant@test.local', role: 'merchant', password: 'a long merchant passphrase' });
    const chat = await connectChatClient(running.baseUrl);
    const started = await chat.start();
    if (!started.ok) throw new Error(started.error.message);
    sessionId = started.sessionId;
    const sent = await chat.send({ sessionId, text: 'a gift for my sister who lives on Elm Street', clientMessageId: 'private-1' });
    if (!sent.ok) throw new Error(sent.error.message);
    await chat.done(sent.turnId);
    chat.close();
  });
  afterAll(async () => running.stop());

  it("when a merchant previews with a shopper's session, then it is refused and no message of it comes back", async () => {
    const merchant = await signIn(running.baseUrl, 'merchant@test.local', 'a long merchant passphrase');
    const refused = await staffCall(running.baseUrl, merchant, 'POST', '/api/prompts/explain/preview', { version: 1, sessionId });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('sister');
    const sample = await staffCall(running.baseUrl, merchant, 'POST', '/api/prompts/explain/preview', { version: 1, message: 'a gift for my dad' });
    expect(sample.status).toBe(200);
  });

  it('when an admin previews with the session, then its messages are used', async () => {
    const admin = await signIn(running.baseUrl, 'admin@test.local', 'test-admin-password');
    const preview = await staffCall(running.baseUrl, admin, 'POST', '/api/prompts/explain/preview', { version: 1, sessionId });
    expect(preview.status).toBe(200);
    expect(String(preview.body.renderedPrompt)).toContain('sister');
  });
});
