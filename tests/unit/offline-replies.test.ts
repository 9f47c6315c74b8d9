import { describe, expect, it } from 'vitest';
import type { ProductCard } from '../../server/src/contracts/product-card.js';
import { cartReply, clarifyReply, compareReply, emptyReply, fixedReplies, productAnswer, searchReply, type ProductFacts } from '../../server/src/explain/offline-replies.js';
import { validateReply } from '../../server/src/explain/validate-reply.js';

const card = (id: number, title: string, price: number, extra: Partial<ProductCard> = {}): ProductCard => ({
  id, title, brand: title.split(' ')[0]!, category: 'Shoes > Hiking', price, currency: 'USD', rating: 4.8, reviewCount: 1204, inStock: true, imageUrl: null, url: null, reasons: [], ...extra,
});
const facts = (c: ProductCard, attributes: ProductFacts['attributes'], description = '', stock = 10): ProductFacts => ({ ...c, attributes, description, stock });

describe('offline replies', () => {
  const cards = [card(1, 'Merrell Frost Waterproof Hiking Boots', 109, { reasons: ['waterproof, as you asked', 'within your $120 budget'] }), card(2, 'Keen Ridge Hiking Boots', 94.99), card(3, 'Oboz Sierra Hiking Boots', 119.99, { inStock: false })];

  it('when products were found, then the reply names the top pick with its facts and reasons', () => {
    const reply = searchReply({ cards, need: 'waterproof hiking boots' });
    expect(reply.text).toContain('Here are 3 picks for "waterproof hiking boots".');
    expect(reply.text).toContain('the Merrell Frost Waterproof Hiking Boots (4.8★, $109) — waterproof, as you asked and within your $120 budget');
    expect(reply.text).toContain('out of stock');
    expect(validateReply(reply.text, cards, { brands: ['Merrell', 'Keen', 'Oboz', 'Salomon'], otherTitles: ['Salomon Quest Boots'] })).toEqual([]);
  });

  it('when nothing in the store is close to the request, then the reply says so and offers the nearest categories, with no cards', () => {
    const reply = emptyReply({ kind: 'no_match', relaxations: [], cheapestPrice: null, highestPrice: null, availableBrands: [], nearestCategories: ['Home > Garden', 'Tools'], summary: 'I couldn\'t find anything close to "lawn mower" in this store. The nearest things it has are in Home > Garden, Tools.' });
    expect(reply.text).toBe('I couldn\'t find anything close to "lawn mower" in this store. The nearest things it has are in Home > Garden, Tools. Would you like to look at one of those, or tell me more about what you need?');
    expect(reply.suggestions).toEqual(['Show Garden', 'Show Tools']);
  });

  it('when nothing matched, then the reply explains why and offers to loosen a filter', () => {
    const reply = emptyReply({ kind: 'filters', relaxations: [{ filter: 'priceMax', label: 'under $20', matchesWithout: 111 }], cheapestPrice: 74.99, highestPrice: 259.99, availableBrands: [], summary: 'Nothing matches all of: in Shoes > Hiking, under $20. The cheapest in Shoes > Hiking is $74.99.' });
    expect(reply.text).toMatch(/^Nothing matches all of: .*\$74\.99\. Would you like me to loosen one of those\?$/);
    expect(reply.suggestions).toEqual(['Drop "under $20"']);
  });

  it.each([
    ['Is it waterproof?', { waterproof: true }, '', 'Yes — the Merrell Frost Waterproof Hiking Boots is waterproof, according to its listing.'],
    ['is it waterproof', { waterproof: false }, '', 'No — the Merrell Frost Waterproof Hiking Boots is not listed as waterproof.'],
    ['is this noise cancelling?', {}, 'Great sound.', "The listing for the Merrell Frost Waterproof Hiking Boots doesn't say whether it is noise cancelling."],
    ['what colors does it come in', { color: 'olive' }, '', 'The Merrell Frost Waterproof Hiking Boots: color olive.'],
    ['how much is it?', {}, '', 'The Merrell Frost Waterproof Hiking Boots costs $109.'],
  ])('when asked "%s", then the answer comes from the listing', (question, attributes, description, answer) => {
    expect(productAnswer(question, facts(cards[0]!, attributes, description)).text).toBe(answer);
  });

  it('when two products are compared, then a table shows their shared attributes and prices', () => {
    const reply = compareReply([facts(cards[0]!, { waterproof: true, material: 'leather' }), facts(cards[1]!, { waterproof: false, material: 'suede' })]);
    expect(reply.text).toContain('| price | $109 | $94.99 |');
    expect(reply.text).toContain('| waterproof | yes | no |');
    expect(reply.text).toContain('| material | leather | suede |');
    expect(reply.text).toContain('The Keen Ridge Hiking Boots is the least expensive.');
  });

  it('when the need is a gift, then the clarifying question offers 2 to 4 quick replies', () => {
    const reply = clarifyReply('gift');
    expect(reply.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(reply.suggestions.length).toBeLessThanOrEqual(4);
  });

  it('when the shopper writes German, then the reply says politely that only English is understood', () => {
    expect(fixedReplies.otherLanguage('de').text).toContain('German');
  });

  it('when the cart has items, then the total is computed from their prices', () => {
    expect(cartReply([{ title: 'Boots', price: 109.5, currency: 'USD', quantity: 2 }, { title: 'Socks', price: 12, currency: 'USD', quantity: 1 }]).text).toBe('In your cart: 2 × Boots ($109.50) and 1 × Socks ($12). Total: $231.');
  });
});

describe('reply grounding validator', () => {
  const cards = [card(1, 'Merrell Frost Hiking Boots', 109), card(2, 'Keen Ridge Hiking Boots', 94.99)];
  const catalog = { brands: ['Merrell', 'Keen', 'Salomon', 'Instant'], otherTitles: ['Salomon Quest Hiking Boots'] };

  it('when the reply states only card facts, then it passes', () => {
    expect(validateReply('The Merrell Frost Hiking Boots at $109 and the Keen at $94.99 are both great.', cards, catalog)).toEqual([]);
  });

  it.each([
    ['The Merrell Frost is only $99 today!', 'price'],
    ['Try product 555, it is better.', 'product_id'],
    ['Salomon makes better boots.', 'brand'],
    ['Consider the salomon quest hiking boots instead.', 'product'],
  ])('when the reply says "%s", then a %s violation is reported', (text, kind) => {
    expect(validateReply(text, cards, catalog).map((v) => v.kind)).toContain(kind);
  });

  it('when a brand name is used as a plain lowercase word, then it is not a violation', () => {
    expect(validateReply('You get instant comfort with the Keen Ridge Hiking Boots.', cards, catalog)).toEqual([]);
  });
});
