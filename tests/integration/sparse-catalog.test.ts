import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/auth/users.js';
import { connectChatClient, type ChatClient } from '../support/chat-client.js';
import { signIn } from '../support/staff-session.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

/** A store's feed as some merchants export it: an id and a title, nothing else. */
const FEED = [
  { sku: 'HD-1', title: '19/32 in. x 4 ft. x 8 ft. OSB sheathing panel' },
  { sku: 'HD-2', title: '7/16 in. x 4 ft. x 8 ft. OSB sheathing panel' },
  { sku: 'HD-3', title: 'ECOSINKS undermount stainless kitchen sink' },
];

type View = { sku: string; title: string; price: number | null; category: string; stock: number | null; inStock: boolean };

describe('a catalog of ids and titles only', () => {
  let server: RunningTestApp;
  let client: ChatClient;
  beforeAll(async () => {
    server = await startTestApp();
    await createUser(server.app.db, { email: 'merchant@test.local', role: 'merchant', password: 'a long merchant password 1' });
    const signed = await signIn(server.baseUrl, 'merchant@test.local', 'a long merchant password 1');
    const res = await fetch(`${server.baseUrl}/api/catalog/import`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: signed.cookie, 'x-csrf-token': signed.csrf }, body: JSON.stringify(FEED) });
    expect(await res.json()).toMatchObject({
      loaded: { inserted: 3 },
      failed: [],
      fields: { defaulted: expect.arrayContaining([{ field: 'category', to: expect.stringMatching(/^none/), rows: 3 }, { field: 'price', to: expect.stringMatching(/^none/), rows: 3 }, { field: 'stock', to: expect.stringMatching(/^not tracked/), rows: 3 }]) },
    });
    client = await connectChatClient(server.baseUrl);
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });
  const search = async (q: string, extra = '') => ((await (await fetch(`${server.baseUrl}/api/products/search?q=${encodeURIComponent(q)}${extra}`)).json()) as { products: View[] }).products;

  it('when the feed is imported, then every row loads and is shown with no price, no category and untracked stock', async () => {
    const [first] = await search('19/32 OSB');
    expect(first).toMatchObject({ sku: 'HD-1', price: null, category: '', stock: null, inStock: true });
    expect((await search('ecosinks'))[0]?.sku).toBe('HD-3');
  });

  it('when a shopper sets a budget or asks for stock, then a product without a price meets no budget and untracked stock counts as available', async () => {
    expect(await search('OSB', '&maxPrice=50')).toEqual([]);
    expect((await search('OSB', '&inStock=true')).map((p) => p.sku).sort()).toEqual(['HD-1', 'HD-2']);
  });

  it('when the assistant recommends such a product, then the reply and the cards name no price, and never $0.00', async () => {
    const started = await client.start();
    const sessionId = started.ok ? started.sessionId : '';
    const sent = await client.send({ sessionId, text: 'osb sheathing', clientMessageId: 'sparse-1' });
    expect(sent.ok).toBe(true);
    const done = await client.done(sent.ok ? sent.turnId : '');
    expect(done.products.length).toBeGreaterThan(0);
    expect(done.products.every((p) => p.price === null)).toBe(true);
    expect(done.text).toContain('no price listed');
    expect(done.text).not.toMatch(/\$\s?0(\.00)?\b/);
    const asked = await client.send({ sessionId, text: 'how much is the first one?', clientMessageId: 'sparse-2' });
    const answer = await client.done(asked.ok ? asked.turnId : '');
    expect(answer.text).toMatch(/lists no price/);
    expect(answer.text).not.toMatch(/\$/);
  });
});
