import { describe, expect, it } from 'vitest';
import { ivfListsAreStale, ivfListsFor } from '../../server/src/catalog/vector-index.js';

describe('IVFFlat list sizing', () => {
  it('when the catalog is empty or tiny, then there is still one list', () => {
    expect(ivfListsFor(0)).toBe(1);
    expect(ivfListsFor(1)).toBe(1);
  });

  it('when the catalog grows, then the lists grow with twice its square root', () => {
    expect(ivfListsFor(10_000)).toBe(200);
    expect(ivfListsFor(100_000)).toBe(632);
    expect(ivfListsFor(100_000_000)).toBe(4000);
  });

  it('when the catalog grew or shrank fourfold since the build, then the lists are stale, and not before', () => {
    expect(ivfListsAreStale(200, 10_000)).toBe(false);
    expect(ivfListsAreStale(200, 35_000)).toBe(false);
    expect(ivfListsAreStale(200, 50_000)).toBe(true);
    expect(ivfListsAreStale(200, 2_000)).toBe(true);
    expect(ivfListsAreStale(1, 0)).toBe(false);
  });
});
