import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogService } from '../../server/src/catalog/catalog-service.js';
import { handleTurn, type TurnDeps } from '../../server/src/chat/handle-turn.js';
import { recordFeedback } from '../../server/src/chat/shopper-profile.js';
import { coInteractionScores } from '../../server/src/profile/co-interaction.js';
import { DEFAULT_WEIGHTS } from '../../server/src/ranking/weights.js';
import { activateWeights, loadActiveWeights } from '../../server/src/ranking/weights-repository.js';
import { createSession } from '../../server/src/transcripts/transcript-repository.js';
import { loadTrainingExamples } from '../../server/src/transcripts/training-examples.js';
import { createVocabularyCache } from '../../server/src/understanding/vocabulary-cache.js';
import { openSeededDb, type SeededDb } from '../support/seeded-db.js';
import { bothDrivers } from '../support/test-db.js';

describe('learning from feedback', () => {
  let seeded: SeededDb;
  let deps: TurnDeps;
  beforeAll(async () => {
    seeded = await openSeededDb(bothDrivers[0]!, 800);
    deps = { db: seeded.db, catalog: createCatalogService({ db: seeded.db, embedder: seeded.embedder }), vocabulary: createVocabularyCache(seeded.db), weights: DEFAULT_WEIGHTS };
  });
  afterAll(async () => seeded.cleanup());

  it('when a shown product is clicked, then it becomes a positive example and the others negatives', async () => {
    const session = await createSession(seeded.db, { mode: 'offline' });
    const turn = await handleTurn(deps, { sessionId: session.id, text: 'espresso machine', clientMessageId: 'train-1' });
    const clicked = turn.products[1]!;
    await recordFeedback(seeded.db, { sessionId: session.id, turnId: turn.turnId, productId: clicked.id, kind: 'click' });
    const examples = (await loadTrainingExamples(seeded.db)).filter((e) => e.group === session.id);
    expect(examples).toHaveLength(turn.products.length);
    expect(examples.filter((e) => e.label === 1)).toHaveLength(1);
    expect(examples[0]!.features).toHaveProperty('querySimilarity');
  });

  it('when other shoppers liked X and Y together, then Y gets a co-interaction score for someone who liked X', async () => {
    const [x, y, z] = (await seeded.db.query<{ id: number }>('SELECT id FROM products ORDER BY id LIMIT 3')).rows.map((r) => r.id) as [number, number, number];
    for (let i = 0; i < 2; i++) {
      const other = await createSession(seeded.db, { mode: 'offline' });
      await recordFeedback(seeded.db, { sessionId: other.id, productId: x, kind: 'like' });
      await recordFeedback(seeded.db, { sessionId: other.id, productId: y, kind: 'add_to_cart' });
    }
    const me = await createSession(seeded.db, { mode: 'offline' });
    const scores = await coInteractionScores(seeded.db, { likedIds: [x], candidateIds: [y, z], sessionId: me.id });
    expect(scores).toEqual({ [y]: 1 });
  });

  it('when trained weights are activated, then they are the ones loaded next', async () => {
    expect((await loadActiveWeights(seeded.db)).version).toBe('default-1');
    await activateWeights(seeded.db, { ...DEFAULT_WEIGHTS, version: 'trained-x', bias: -1 }, { validationAuc: 0.8, baselineAuc: 0.7, examples: 10 });
    expect(await loadActiveWeights(seeded.db)).toMatchObject({ version: 'trained-x', bias: -1 });
    await activateWeights(seeded.db, { ...DEFAULT_WEIGHTS, version: 'trained-y' }, { validationAuc: 0.81, baselineAuc: 0.8, examples: 10 });
    const { rows } = await seeded.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ranking_weights WHERE active');
    expect(rows[0]?.n).toBe(1);
  });
});
