import { describe, expect, it } from 'vitest';
import { pausesInside, type Collection, type Span } from '../../bench/gc-pauses.js';

const young = (start: number, end: number): Collection => ({ start, end, kind: 'young' });

describe('the LLM benchmark garbage-collection accounting', () => {
  it('when a collection falls wholly inside a provider wait, then it pauses no turn', () => {
    const report = pausesInside([young(1_050, 1_055)], [[1_000, 1_400]], [[1_020, 1_170]]);
    expect(report.perWindow).toEqual([0]);
    expect(report.byKind).toEqual([{ kind: 'young', count: 1, inWindows: 0, ms: 0 }]);
  });

  it('when a collection overlaps the end of a provider wait, then only the part after the wait counts', () => {
    const report = pausesInside([young(1_168, 1_172)], [[1_000, 1_400]], [[1_020, 1_170]]);
    expect(report.perWindow[0]).toBeCloseTo(2, 9);
  });

  it('when a collection straddles a window boundary, then only the part inside the window counts, for that window alone', () => {
    const windows: Span[] = [[1_000, 1_400], [2_000, 2_400]];
    const report = pausesInside([young(1_397, 1_405), young(3_000, 3_010)], windows, []);
    expect(report.perWindow[0]).toBeCloseTo(3, 9);
    expect(report.perWindow[1]).toBe(0);
    expect(report.byKind[0]).toMatchObject({ kind: 'young', count: 2, inWindows: 1 });
  });

  it('when collections of several kinds pause turns, then each kind is totalled on its own', () => {
    const report = pausesInside([young(1_010, 1_014), { start: 1_300, end: 1_306, kind: 'incremental marking' }, young(2_010, 2_011)], [[1_000, 1_400], [2_000, 2_400]], []);
    expect(report.perWindow[0]).toBeCloseTo(10, 9);
    expect(report.perWindow[1]).toBeCloseTo(1, 9);
    expect(report.byKind.find((k) => k.kind === 'young')).toMatchObject({ count: 2, inWindows: 2 });
    expect(report.byKind.find((k) => k.kind === 'young')?.ms).toBeCloseTo(5, 9);
    expect(report.byKind.find((k) => k.kind === 'incremental marking')?.ms).toBeCloseTo(6, 9);
  });
});
