import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogService } from '../../server/src/catalog/catalog-service.js';
import type { TurnDeps } from '../../server/src/chat/handle-turn.js';
import { DEFAULT_WEIGHTS } from '../../server/src/ranking/weights.js';
import { createVocabularyCache } from '../../server/src/understanding/vocabulary-cache.js';
import { loadConversations, runConversations } from '../../scripts/eval/conversation-eval.js';
import { openSeededDb, type SeededDb } from '../support/seeded-db.js';
import { bothDrivers } from '../support/test-db.js';

describe('scripted conversations through the offline pipeline', () => {
  let seeded: SeededDb;
  let deps: TurnDeps;
  beforeAll(async () => {
    seeded = await openSeededDb(bothDrivers[0]!, 3000);
    deps = { db: seeded.db, catalog: createCatalogService({ db: seeded.db, embedder: seeded.embedder }), vocabulary: createVocabularyCache(seeded.db), weights: DEFAULT_WEIGHTS };
  });
  afterAll(async () => seeded.cleanup());

  it('when at least 40 conversations are replayed, then no shown product breaks a constraint, no reply leaves its cards, and the checks pass', async () => {
    const conversations = loadConversations();
    expect(conversations.length).toBeGreaterThanOrEqual(40);
    const checks = await runConversations({ deps, conversations });
    const failed = checks.filter((c) => !c.ok);
    expect(failed.filter((c) => c.kind === 'hard constraints' || c.kind === 'grounded reply')).toEqual([]);
    expect(failed).toEqual([]);
  });
});
