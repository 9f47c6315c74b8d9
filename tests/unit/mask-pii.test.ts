import { describe, expect, it } from 'vitest';
import { maskPii } from '../../server/src/transcripts/mask-pii.js';
import { PII_FORMS } from '../support/pii-forms.js';

describe('PII masking', () => {
  it.each(PII_FORMS)('when a message says "%s", then it is stored as "%s"', (input, output) => {
    expect(maskPii(input)).toBe(output);
  });

  it.each([
    'hiking boots under $120 or 1,299 dollars',
    'size 10.5 in blue, 32GB RAM, 15.6" screen',
    'Sony WH-1000XM5 vs RTX 4090 vs iPhone 15 Pro',
    'between 20 and 40, order 2 of them, 65 inch tv',
    'a 2-person tent for 3 nights, 1200 watts',
    'SKU AIS-000123 and model 4006381333931',
    'a 10 speed road bike and a 2 tb drive',
    'tennis shoes for 3 court sessions a week',
    'email me the price @ checkout',
    '12000 BTU air conditioner, 19/32 OSB, 3/4 in plywood',
    'order 1234567 arrived',
    'the 2024 model, 4k at 120 hz',
  ])('when a message says "%s", then nothing is masked', (input) => {
    expect(maskPii(input)).toBe(input);
  });
});
