import { describe, expect, it } from 'vitest';
import { maskPii } from '../../server/src/transcripts/mask-pii.js';

describe('PII masking', () => {
  it.each([
    ['mail me at jane.doe+shop@example.co.uk please', 'mail me at [email] please'],
    ['call 415-555-0132 or (212) 555 0199', 'call [phone] or [phone]'],
    ['my number is +44 20 7946 0958', 'my number is [phone]'],
    ['card 4111 1111 1111 1111 exp 12/27', 'card [card] exp 12/27'],
    ['ship to 221 Baker Street, Apt 2B tomorrow', 'ship to [address] tomorrow'],
    ['I live at 1600 Pennsylvania Ave', 'I live at [address]'],
  ])('when a message says "%s", then it is stored as "%s"', (input, output) => {
    expect(maskPii(input)).toBe(output);
  });

  it.each([
    'hiking boots under $120 or 1,299 dollars',
    'size 10.5 in blue, 32GB RAM, 15.6" screen',
    'Sony WH-1000XM5 vs RTX 4090 vs iPhone 15 Pro',
    'between 20 and 40, order 2 of them, 65 inch tv',
    'a 2-person tent for 3 nights, 1200 watts',
    'SKU AIS-000123 and model 4006381333931',
  ])('when a message says "%s", then nothing is masked', (input) => {
    expect(maskPii(input)).toBe(input);
  });
});
