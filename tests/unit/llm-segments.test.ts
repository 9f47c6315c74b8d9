import { describe, expect, it } from 'vitest';
import { segmentsOf } from '../../bench/llm-segments.js';

describe('the LLM benchmark overhead segments', () => {
  it('when a turn made its two provider calls, then its overhead splits into the time before, between and after them', () => {
    const [segments] = segmentsOf([[1_000, 1_330]], [[1_005, 1_155], [1_160, 1_310]]);
    expect(segments).toEqual({ toIntent: 5, between: 5, toShopper: 20 });
  });

  it('when calls of other turns are listed too, then each turn takes only the calls inside its own window', () => {
    const waits: Array<[number, number]> = [[2_004, 2_154], [1_003, 1_153], [2_160, 2_310], [1_158, 1_308]];
    expect(segmentsOf([[1_000, 1_312], [2_000, 2_315]], waits)).toEqual([
      { toIntent: 3, between: 5, toShopper: 4 },
      { toIntent: 4, between: 6, toShopper: 5 },
    ]);
  });

  it('when a turn made a third call (a repair), then it has no segments', () => {
    expect(segmentsOf([[1_000, 1_500]], [[1_002, 1_152], [1_155, 1_305], [1_310, 1_460]])).toEqual([null]);
  });
});
