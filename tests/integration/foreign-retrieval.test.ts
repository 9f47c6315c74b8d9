import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { evaluateForeignSet, FOREIGN_SET_FILES, loadForeignSet } from '../../scripts/eval/foreign-eval.js';
import { available } from '../support/required.js';

/**
 * The retrieval evaluation on catalogs Aisle did not generate, in CI size: each export imported as
 * it is, judged by rules written from the store's data, against plain BM25 on the same products.
 * The full figures (and the 1.15× target) are in docs/benchmarks.md.
 */
const sets = FOREIGN_SET_FILES.map((file) => loadForeignSet(file)).filter((set) => available(existsSync(set.catalogFile), `the catalog export ${set.catalogFile}`));

describe.each(sets)('retrieval on the $name catalog', (set) => {
  it('when its labelled queries are searched, then Aisle beats plain BM25, answers needs from the right products and breaks no hard filter', async () => {
    const result = await evaluateForeignSet(set, loadConfig({}));
    expect(result.refused).toBeLessThanOrEqual(2);
    expect(result.aisle.ndcg10).toBeGreaterThanOrEqual(1.05 * result.bm25.ndcg10);
    expect(result.aisle.recall50).toBeGreaterThanOrEqual(result.bm25.recall50);
    expect(result.semanticTop3.hit / result.semanticTop3.of).toBeGreaterThanOrEqual(0.75);
    expect(result.violations).toBe(0);
  });
});
