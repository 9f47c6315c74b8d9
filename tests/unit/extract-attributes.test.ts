import { describe, expect, it } from 'vitest';
import { conciseDescription, extractAttributes } from '../../server/src/catalog/enrich/extract-attributes.js';

describe('rule-based attribute extraction', () => {
  it('when the text states colors, materials, sizes and features, then they are extracted', () => {
    expect(extractAttributes("Women's Trail Boot", 'Grey suede upper, waterproof membrane. Size: 8.')).toEqual({ color: 'gray', material: 'suede', size: '8', gender: 'women', waterproof: true });
    expect(extractAttributes('ANC Wireless Earbuds', 'Bluetooth 5.3 with USB-C charging, IPX4 rated.')).toMatchObject({ wireless: true, noise_cancelling: true, rechargeable: true, waterproof: true });
    expect(extractAttributes('Organic Cotton Tee', 'Relaxed fit, size M')).toMatchObject({ material: 'organic cotton', organic: true, size: 'M' });
    expect(extractAttributes('Ultrabook 14" laptop', 'Stainless steel hinge')).toMatchObject({ screen_size: '14', material: 'stainless steel' });
  });

  it('when the text says nothing, then nothing is invented', () => {
    expect(extractAttributes('Gift Card', 'Redeemable online.')).toEqual({});
  });

  it('when a concise description is written, then it uses only known facts', () => {
    expect(conciseDescription('Trail Boot', 'Shoes > Hiking', 'Keen', { color: 'brown', waterproof: true })).toBe('Trail Boot by Keen, in Hiking. color: brown; waterproof.');
  });
});
