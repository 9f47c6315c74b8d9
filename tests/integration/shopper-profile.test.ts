import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { listCart } from '../../server/src/cart/cart-repository.js';
import { createCatalogService } from '../../server/src/catalog/catalog-service.js';
import { handleTurn, type TurnDeps } from '../../server/src/chat/handle-turn.js';
import { clearProfile, editProfile, recordFeedback, viewProfile } from '../../server/src/chat/shopper-profile.js';
import { DEFAULT_WEIGHTS } from '../../server/src/ranking/weights.js';
import { createSession } from '../../server/src/transcripts/transcript-repository.js';
import { createVocabularyCache } from '../../server/src/understanding/vocabulary-cache.js';
import { openSeededDb, type SeededDb } from '../support/seeded-db.js';
import { bothDrivers } from '../support/test-db.js';

describe('shopper feedback and profile', () => {
  let seeded: SeededDb;
  let deps: TurnDeps;
  let n = 0;
  beforeAll(async () => {
    seeded = await openSeededDb(bothDrivers[0]!, 1200);
    deps = { db: seeded.db, catalog: createCatalogService({ db: seeded.db, embedder: seeded.embedder }), vocabulary: createVocabularyCache(seeded.db), weights: DEFAULT_WEIGHTS };
  });
  afterAll(async () => seeded.cleanup());
  const say = (sessionId: string, text: string) => handleTurn(deps, { sessionId, text, clientMessageId: `p-${++n}` });

  it('when a shown product gets "not for me", then it is recorded and never shown again in the session', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    const first = await say(session.id, 'hiking boots');
    const rejected = first.products[0]!;
    await recordFeedback(seeded.db, { sessionId: session.id, turnId: first.turnId, productId: rejected.id, kind: 'dislike' });
    const again = await say(session.id, 'hiking boots');
    expect(again.products.map((p) => p.id)).not.toContain(rejected.id);
    const events = await seeded.db.query<{ kind: string }>('SELECT kind FROM events WHERE session_id = $1', [session.id]);
    expect(events.rows.map((e) => e.kind)).toEqual(['dislike']);
    expect((await viewProfile(seeded.db, session.id)).facts).toContain('1 product(s) you said are not for you');
  });

  it('when a product is liked or added to the cart, then the profile learns its brand and the cart holds it', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    const turn = await say(session.id, 'espresso machine');
    const product = turn.products[0]!;
    await recordFeedback(seeded.db, { sessionId: session.id, productId: product.id, kind: 'add_to_cart' });
    const view = await viewProfile(seeded.db, session.id);
    expect(view.hasTasteVector).toBe(true);
    expect(view.preferences.likedBrands).toContain(product.brand);
    expect((await listCart(seeded.db, session.id)).map((l) => l.productId)).toEqual([product.id]);
  });

  it('when the shopper edits or clears the profile, then what the assistant knows changes accordingly', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    await say(session.id, 'running shoes under $90');
    expect((await viewProfile(seeded.db, session.id)).facts).toContain('Budget: up to $90');
    const edited = await editProfile(seeded.db, session.id, { budgetMax: 150, avoidedBrands: ['Nike'] });
    expect(edited.facts).toEqual(expect.arrayContaining(['Budget: up to $150', 'Brands you avoid: Nike']));
    const cleared = await clearProfile(seeded.db, session.id);
    expect(cleared).toMatchObject({ facts: [], hasTasteVector: false });
  });

  it('when a returning shopper starts a new session, then their long-term profile comes back', async () => {
    const shopperId = randomUUID();
    const first = await createSession(seeded.db, { mode: 'offline', shopperId });
    await say(first.id, 'headphones under $200 not bose');
    const second = await createSession(seeded.db, { mode: 'offline', shopperId });
    const view = await viewProfile(seeded.db, second.id);
    expect(view.preferences).toMatchObject({ budget: { max: 200 }, avoidedBrands: ['Bose'] });
  });

  it('when feedback names an unknown session or product, then it is refused with a code', async () => {
    await expect(recordFeedback(seeded.db, { sessionId: randomUUID(), kind: 'thumbs_up' })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    const session = await createSession(seeded.db, { mode: 'offline' });
    await expect(recordFeedback(seeded.db, { sessionId: session.id, productId: 99_999_999, kind: 'like' })).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });
});
