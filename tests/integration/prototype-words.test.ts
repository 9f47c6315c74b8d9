import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatError } from '../../server/src/contracts/chat-events.js';
import { connectChatClient, type ChatClient } from '../support/chat-client.js';
import { signIn, staffCall } from '../support/staff-session.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

/** The turn's chat:done, or the chat:error that ended it instead. */
function turnOutcome(chat: ChatClient, turnId: string): Promise<{ done: true; text: string } | { done: false; error: string }> {
  return new Promise((resolve) => {
    const onError = (event: ChatError) => {
      if (event.turnId !== turnId) return;
      chat.socket.off('chat:error', onError);
      resolve({ done: false, error: `${event.code}: ${event.message}` });
    };
    chat.socket.on('chat:error', onError);
    void chat.done(turnId).then((event) => {
      chat.socket.off('chat:error', onError);
      resolve({ done: true, text: event.text });
    }, () => undefined);
  });
}

/** Every own property name of Object.prototype: words a plain-object lookup would find without being told. */
const WORDS = Object.getOwnPropertyNames(Object.prototype);

describe('words that name Object.prototype properties', () => {
  let running: RunningTestApp;
  let chat: ChatClient;
  let sessionId: string;

  beforeAll(async () => {
    // 108 messages in a row: the per-minute limits are raised so that only the words are tested.
    running = await startTestApp({ seedProducts: 300, env: { CHAT_MESSAGES_PER_MINUTE_PER_SESSION: '1000', CHAT_MESSAGES_PER_MINUTE_PER_IP: '1000' } });
    chat = await connectChatClient(running.baseUrl);
    const started = await chat.start();
    if (!started.ok) throw new Error(started.error.message);
    sessionId = started.sessionId;
  });
  afterAll(async () => {
    chat.close();
    await running.stop();
  });

  it('when a catalog uses them as title, brand, attribute name and value, then every row imports and is found by its brand', async () => {
    const products = WORDS.map((word, i) => ({
      sku: `PROTO-${i}`,
      title: `${word} Building Set ${i}`,
      brand: word,
      category: `Toys > ${word}`,
      price: 20 + i,
      description: `A ${word} set with ${word} parts.`,
      attributes: { [word]: word, material: word },
    }));
    const admin = await signIn(running.baseUrl, 'admin@test.local', 'test-admin-password');
    const imported = await staffCall(running.baseUrl, admin, 'POST', '/api/catalog/import', products);
    expect(imported.status).toBe(200);
    expect(imported.body.failed).toEqual([]);
    expect((imported.body.loaded as { inserted: number }).inserted).toBe(WORDS.length);

    for (const word of WORDS) {
      const res = await fetch(`${running.baseUrl}/api/products/search?q=${encodeURIComponent(word)}&brand=${encodeURIComponent(word)}`);
      expect(res.status, word).toBe(200);
      const body = (await res.json()) as { products: Array<{ brand: string; attributes: Record<string, unknown> }> };
      expect(body.products.map((p) => p.brand), word).toEqual([word]);
      // Attribute names are normalised (lowercase, no edge underscores); both values must survive.
      expect(Object.values(body.products[0]!.attributes).filter((v) => v === word), word).toHaveLength(2);
    }
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(WORDS);
  });

  it('when a CSV export has them as column names and values, then its rows import and nothing is polluted', async () => {
    const header = ['sku', 'title', 'brand', 'category', 'price', ...WORDS].join(',');
    const rows = WORDS.map((word, i) => [`PROTO-CSV-${i}`, `${word} Kit`, word, `Toys > ${word}`, '12.50', ...WORDS.map(() => word)].join(','));
    const admin = await signIn(running.baseUrl, 'admin@test.local', 'test-admin-password');
    const res = await fetch(`${running.baseUrl}/api/catalog/import`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie: admin.cookie, 'x-csrf-token': admin.csrf }, body: [header, ...rows].join('\n') });
    const report = (await res.json()) as { failed: unknown[]; loaded: { inserted: number } };
    expect(res.status).toBe(200);
    expect(report.failed).toEqual([]);
    expect(report.loaded.inserted).toBe(WORDS.length);
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(WORDS);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('when they are searched as a query, category, brand or excluded brand, then the search answers 200', async () => {
    for (const word of WORDS) {
      for (const param of ['q', 'category', 'brand', 'excludeBrand']) {
        const res = await fetch(`${running.baseUrl}/api/products/search?${param}=${encodeURIComponent(word)}`);
        expect(res.status, `${param}=${word}`).toBe(200);
      }
      const bySku = await fetch(`${running.baseUrl}/api/products/sku/${encodeURIComponent(word)}`);
      expect(bySku.status, `sku ${word}`).toBe(404);
    }
  });

  it('when a shopper writes them in a message, then every turn completes with a reply', async () => {
    for (const [i, word] of WORDS.entries()) {
      for (const text of [`a lego ${word} set`, word, `${word} under $30 in ${word}`]) {
        const sent = await chat.send({ sessionId, text, clientMessageId: `proto-${i}-${text.length}` });
        expect(sent, text).toMatchObject({ ok: true });
        if (!sent.ok) continue;
        const outcome = await turnOutcome(chat, sent.turnId);
        expect(outcome, text).toMatchObject({ done: true });
      }
    }
    expect(chat.errors).toEqual([]);
  });
});
