import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChatClient } from '../support/chat-client.js';
import { startServerPair, type ServerPair } from '../support/server-pair.js';

/**
 * Two Aisle processes on one Postgres (PGlite served over the wire): nothing about a
 * conversation lives in a process, so a shopper whose connection lands on the other server
 * after a reconnect carries on where they were.
 */
describe('two server processes on one database', () => {
  let pair: ServerPair;
  let urls: string[];

  beforeAll(async () => {
    pair = await startServerPair();
    urls = pair.urls;
  }, 60_000);
  afterAll(() => pair?.stop());

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
