import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTurn } from '../../server/src/transcripts/transcript-repository.js';
import { hikingIntent, wantsIntent, firstCard } from '../support/llm-script.js';
import { startLlmTestApp, type LlmTestApp } from '../support/llm-test-app.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

/** Connects and reports either "connected" (and stays open) or the system:error the server sent before closing. */
async function open(baseUrl: string): Promise<{ socket: Socket; outcome: string }> {
  const socket = connectSocket(baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  const outcome = await new Promise<string>((resolve) => {
    socket.once('system:error', (error: { code: string }) => resolve(error.code));
    socket.once('system:hello', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(error.message));
  });
  return { socket, outcome };
}

describe('concurrent connections per address', () => {
  let server: RunningTestApp;
  beforeAll(async () => {
    server = await startTestApp({ env: { CHAT_SOCKETS_PER_IP: '3' } });
  });
  afterAll(() => server.stop());

  it('when one address opens more chats than allowed, then the extra one is refused with TOO_MANY_CONNECTIONS, and a freed slot can be used again', async () => {
    const held = await Promise.all([1, 2, 3].map(() => open(server.baseUrl)));
    expect(held.map((h) => h.outcome)).toEqual(['connected', 'connected', 'connected']);
    const extra = await open(server.baseUrl);
    expect(extra.outcome).toBe('TOO_MANY_CONNECTIONS');
    await expect.poll(() => extra.socket.connected).toBe(false);
    held[0]!.socket.close();
    await expect.poll(async () => {
      const again = await open(server.baseUrl);
      again.socket.close();
      return again.outcome;
    }).toBe('connected');
    for (const h of held) h.socket.close();
  });
});

describe('LLM tokens per conversation', () => {
  let running: LlmTestApp;
  beforeAll(async () => {
    running = await startLlmTestApp({ env: { LLM_MAX_TOKENS_PER_SESSION: '200' }, seedProducts: 300 });
    running.fake.script((request) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()) } : { content: `Try the ${firstCard(request).title}. ` }));
  }, 60_000);
  afterAll(() => running?.stop());

  it('when a conversation has used its token budget, then its next turns are answered offline (degraded, in the trace) while a new conversation still gets the LLM', async () => {
    const { client, fake, server } = running;
    const started = await client.start();
    if (!started.ok) throw new Error(started.error.message);
    const results = [];
    for (let i = 0; i < 4; i++) {
      const requestsBefore = fake.requests.chat.length;
      const sent = await client.send({ sessionId: started.sessionId, text: 'waterproof hiking boots under $150', clientMessageId: `budget-${i}` });
      if (!sent.ok) throw new Error(sent.error.message);
      const done = await client.done(sent.turnId);
      results.push({ turnId: sent.turnId, degraded: done.degraded, llmCalls: fake.requests.chat.length - requestsBefore, products: done.products.length });
    }
    // Each turn's intent call reports about 110 tokens: two turns fit in 200, the rest do not.
    expect(results.map((r) => r.llmCalls > 0)).toEqual([true, true, false, false]);
    expect(results.map((r) => r.degraded)).toEqual([false, false, true, true]);
    for (const r of results) expect(r.products).toBeGreaterThan(0);
    const trace = (await getTurn(server.app.db, results[2]!.turnId))!.trace as { fallbacks: Array<{ reason: string }> };
    expect(trace.fallbacks.map((f) => f.reason)).toContainEqual(expect.stringContaining('session token budget spent'));

    const fresh = await client.start();
    if (!fresh.ok) throw new Error(fresh.error.message);
    const before = fake.requests.chat.length;
    const sent = await client.send({ sessionId: fresh.sessionId, text: 'waterproof hiking boots under $150', clientMessageId: 'fresh-1' });
    if (!sent.ok) throw new Error(sent.error.message);
    expect((await client.done(sent.turnId)).degraded).toBe(false);
    expect(fake.requests.chat.length).toBeGreaterThan(before);
  });
});
