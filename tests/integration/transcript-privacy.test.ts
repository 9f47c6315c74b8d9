import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogService } from '../../server/src/catalog/catalog-service.js';
import { handleTurn, type TurnDeps } from '../../server/src/chat/handle-turn.js';
import { DEFAULT_WEIGHTS } from '../../server/src/ranking/weights.js';
import { parseAge, purgeTranscripts } from '../../server/src/transcripts/purge.js';
import { createSession, getTurn, listMessages } from '../../server/src/transcripts/transcript-repository.js';
import { createVocabularyCache } from '../../server/src/understanding/vocabulary-cache.js';
import { openSeededDb, type SeededDb } from '../support/seeded-db.js';
import { bothDrivers } from '../support/test-db.js';

describe('transcript privacy and retention', () => {
  let seeded: SeededDb;
  let deps: TurnDeps;
  beforeAll(async () => {
    seeded = await openSeededDb(bothDrivers[0]!, 300);
    deps = { db: seeded.db, catalog: createCatalogService({ db: seeded.db, embedder: seeded.embedder }), vocabulary: createVocabularyCache(seeded.db), weights: DEFAULT_WEIGHTS, maskPii: true };
  });
  afterAll(async () => seeded.cleanup());

  it('when a shopper writes an email and a card number, then neither is stored nor traced, while the price stays', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    const turn = await handleTurn(deps, { sessionId: session.id, text: 'hiking boots under $120, email me at jo@example.com, card 4111 1111 1111 1111', clientMessageId: 'pii-1' });
    const stored = (await listMessages(seeded.db, session.id)).find((m) => m.role === 'user')!.text;
    expect(stored).toBe('hiking boots under $120, email me at [email], card [card]');
    const trace = JSON.stringify((await getTurn(seeded.db, turn.turnId))!.trace);
    expect(trace).not.toContain('jo@example.com');
    expect(trace).not.toContain('4111');
    expect(turn.products.every((p) => p.price !== null && p.price <= 120)).toBe(true);
  });

  it('when masking is turned off, then the message is stored as written', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    await handleTurn({ ...deps, maskPii: false }, { sessionId: session.id, text: 'contact jo@example.com', clientMessageId: 'pii-2' });
    expect((await listMessages(seeded.db, session.id))[0]!.text).toBe('contact jo@example.com');
  });

  it('when transcripts are purged, then only conversations idle for longer than the limit go', async () => {
    const old = await createSession(seeded.db, { mode: 'offline' });
    const fresh = await createSession(seeded.db, { mode: 'offline' });
    await seeded.db.query(`UPDATE sessions SET updated_at = now() - interval '100 days' WHERE id = $1`, [old.id]);
    const { sessions } = await purgeTranscripts(seeded.db, parseAge('90d')!);
    expect(sessions).toBe(1);
    const left = await seeded.db.query<{ id: string }>('SELECT id FROM sessions WHERE id = ANY($1::uuid[])', [[old.id, fresh.id]]);
    expect(left.rows.map((r) => r.id)).toEqual([fresh.id]);
    expect([parseAge('12w'), parseAge('6m'), parseAge('30'), parseAge('soon')]).toEqual([84, 180, 30, null]);
  });
});
