import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCart } from '../../server/src/cart/cart-repository.js';
import { createCatalogService } from '../../server/src/catalog/catalog-service.js';
import { handleTurn, type TurnDeps } from '../../server/src/chat/handle-turn.js';
import { DEFAULT_WEIGHTS } from '../../server/src/ranking/weights.js';
import { createSession, getTurn, listMessages } from '../../server/src/transcripts/transcript-repository.js';
import { createVocabularyCache } from '../../server/src/understanding/vocabulary-cache.js';
import { openSeededDb, type SeededDb } from '../support/seeded-db.js';
import { bothDrivers } from '../support/test-db.js';

describe.each(bothDrivers)('a chat turn with the offline engine on $name', (driver) => {
  let seeded: SeededDb;
  let deps: TurnDeps;
  beforeAll(async () => {
    seeded = await openSeededDb(driver, 1500);
    deps = { db: seeded.db, catalog: createCatalogService({ db: seeded.db, embedder: seeded.embedder }), vocabulary: createVocabularyCache(seeded.db), weights: DEFAULT_WEIGHTS };
  });
  afterAll(async () => seeded.cleanup());

  let counter = 0;
  const say = (sessionId: string, text: string) => handleTurn(deps, { sessionId, text, clientMessageId: `m-${++counter}` });

  it('when a shopper asks for waterproof hiking boots under $120 not from Salomon, then every card fits and the reply names the top card', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    const deltas: string[] = [];
    const turn = await handleTurn(deps, { sessionId: session.id, text: 'waterproof hiking boots under $120, not Salomon', clientMessageId: 'first' }, { onDelta: (d) => deltas.push(d) });
    expect(turn.products.length).toBeGreaterThan(0);
    expect(turn.products.length).toBeLessThanOrEqual(5);
    for (const card of turn.products) {
      expect(card.price).toBeLessThanOrEqual(120);
      expect(card.brand).not.toBe('Salomon');
      expect(card.category).toBe('Shoes > Hiking');
    }
    expect(turn.text).toContain(turn.products[0]!.title);
    expect(deltas.join('')).toBe(turn.text);
    const messages = await listMessages(seeded.db, session.id);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const stored = await getTurn(seeded.db, turn.turnId);
    expect(stored?.status).toBe('completed');
    expect(stored?.trace).toMatchObject({ engine: 'offline', intent: { type: 'search' }, filters: { category: 'Shoes > Hiking', priceMax: 120, brandsOut: ['Salomon'] } });
    expect(Object.keys((stored?.trace as { latencyMs: object }).latencyMs)).toEqual(expect.arrayContaining(['understand', 'retrieve', 'rank', 'explain', 'total']));
    expect((stored?.trace as { candidates: Array<{ shown: boolean }> }).candidates.filter((c) => c.shown)).toHaveLength(turn.products.length);
  });

  it('when the same message is sent twice, then the turn runs once and the same turn id comes back', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    const first = await handleTurn(deps, { sessionId: session.id, text: 'yoga mat', clientMessageId: 'dup' });
    const again = await handleTurn(deps, { sessionId: session.id, text: 'yoga mat', clientMessageId: 'dup' });
    expect(again).toMatchObject({ turnId: first.turnId, duplicate: true });
    expect((await listMessages(seeded.db, session.id)).length).toBe(2);
  });

  it('when the shopper refines, asks about a product, adds to cart and changes subject, then each turn does the right thing', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    const first = await say(session.id, 'running shoes under $150');
    expect(first.products.length).toBeGreaterThan(1);
    const refined = await say(session.id, 'not nike');
    for (const card of refined.products) {
      expect(card.price).toBeLessThanOrEqual(150);
      expect(card.brand).not.toBe('Nike');
      expect(card.category).toBe('Shoes > Running');
    }
    const question = await say(session.id, 'how much is the first one?');
    expect(question.text).toContain(`$${refined.products[0]!.price}`);
    const added = await say(session.id, 'add the second one to my cart');
    expect(added.text).toContain(refined.products[1]!.title);
    expect((await listCart(seeded.db, session.id)).map((l) => l.productId)).toEqual([refined.products[1]!.id]);
    const laptops = await say(session.id, 'show me laptops instead');
    expect(laptops.products.length).toBeGreaterThan(0);
    for (const card of laptops.products) expect(card.category).toBe('Electronics > Laptops');
  });

  it('when the need is vague twice, then one clarifying question is asked and then products are shown', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    const first = await say(session.id, 'i need a gift');
    expect(first.products).toEqual([]);
    expect(first.suggestions.length).toBeGreaterThanOrEqual(2);
    const second = await say(session.id, 'just a gift');
    expect(second.products.length).toBeGreaterThan(0);
  });

  it('when nothing fits, then the reply says which constraint emptied the result', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    const turn = await say(session.id, 'hiking boots under $5');
    expect(turn.products).toEqual([]);
    expect(turn.text).toMatch(/under \$5.*cheapest/);
  });

  it('when the shopper writes German or asks for a person, then the offline engine answers politely and records the handoff', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    expect((await say(session.id, 'ich suche wasserdichte schuhe unter 100 euro')).text).toContain('German');
    await say(session.id, 'can i talk to a human please');
    const { rows } = await seeded.db.query<{ handoff: boolean }>('SELECT handoff_requested_at IS NOT NULL AS handoff FROM sessions WHERE id = $1', [session.id]);
    expect(rows[0]?.handoff).toBe(true);
  });
  it('when a turn searches, then the shopper\'s words are embedded once for retrieval and the profile', async () => {
    const texts: string[][] = [];
    const counting = { info: seeded.embedder.info, embed: async (batch: string[]) => (texts.push(batch), seeded.embedder.embed(batch)) };
    const countingDeps: TurnDeps = { ...deps, catalog: createCatalogService({ db: seeded.db, embedder: counting }) };
    const session = await createSession(seeded.db, { mode: 'offline' });
    const turn = await handleTurn(countingDeps, { sessionId: session.id, text: 'noise cancelling headphones', clientMessageId: 'embed-once' });
    expect(turn.products.length).toBeGreaterThan(0);
    expect(texts).toHaveLength(1);
  });
});
