import { describe, expect, it } from 'vitest';
import { shopperPauseMs } from '../../bench/shopper-pace.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const middle = () => 0.5;

describe('the load benchmark shopper pace', () => {
  it('when a shopper reads a 238-word answer and types 52 characters, then at the middle of the spread they pause a minute to read and twelve seconds to type', () => {
    expect(shopperPauseMs(words(238), 'x'.repeat(52), middle)).toBeCloseTo(72_000, 6);
  });

  it('when there is no answer yet (the first message), then the pause is the typing alone', () => {
    expect(shopperPauseMs('', 'waterproof hiking boots', middle)).toBeCloseTo((23 / (260 / 60)) * 1000, 6);
  });

  it('when the draw is at either end, then the pause is half or one and a half times the middle one', () => {
    const answer = `  ${words(119)}\n\n`;
    const atMiddle = shopperPauseMs(answer, 'in black', middle);
    expect(shopperPauseMs(answer, 'in black', () => 0)).toBeCloseTo(atMiddle * 0.5, 6);
    expect(shopperPauseMs(answer, 'in black', () => 0.999999)).toBeCloseTo(atMiddle * 1.5, -1);
  });
});
