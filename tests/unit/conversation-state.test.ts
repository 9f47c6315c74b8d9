import { describe, expect, it } from 'vitest';
import { emptyIntent, type Intent } from '../../server/src/contracts/intent.js';
import { applyProductFeedback, blendProfileVector } from '../../server/src/profile/apply-feedback.js';
import { applyIntent } from '../../server/src/profile/apply-intent.js';
import { EMPTY_PREFERENCES, EMPTY_STATE, type ConversationState } from '../../server/src/profile/conversation-state.js';

function intent(type: Intent['type'], filters: Partial<Intent['filters']> = {}, extra: Partial<Intent> = {}): Intent {
  const base = emptyIntent(type);
  return { ...base, ...extra, filters: { ...base.filters, ...filters } };
}

const shoesUnder100 = applyIntent(EMPTY_STATE, intent('search', { category: 'Shoes > Running', priceMax: 100 }, { need: 'running shoes' }));
const withShown = (state: ConversationState, prices: number[]): ConversationState => ({ ...state, search: { ...state.search, shown: prices.map((price, i) => ({ id: i + 1, brand: null, price, rating: 4 })) } });

describe('applyIntent', () => {
  it('when a refinement adds a color, then the earlier category and price are kept', () => {
    const next = applyIntent(shoesUnder100, intent('refine', { attributes: [{ name: 'color', values: ['blue'] }] }, { need: 'in blue' }));
    expect(next.search.filters).toEqual({ category: 'Shoes > Running', priceMax: 100, attributes: { color: ['blue'] } });
    expect(next.search.need).toBe('running shoes in blue');
  });

  it('when the shopper asks for another category, then the old filters are dropped', () => {
    const blue = applyIntent(shoesUnder100, intent('refine', { attributes: [{ name: 'color', values: ['blue'] }] }));
    const next = applyIntent(blue, intent('search', { category: 'Electronics > Laptops' }, { need: 'laptops', resetContext: true }));
    expect(next.search.filters).toEqual({ category: 'Electronics > Laptops' });
  });

  it('when the new category is inside the old one, then it narrows instead of resetting', () => {
    const shoes = applyIntent(EMPTY_STATE, intent('search', { category: 'Shoes', priceMax: 80 }));
    expect(applyIntent(shoes, intent('search', { category: 'Shoes > Hiking' })).search.filters).toEqual({ category: 'Shoes > Hiking', priceMax: 80 });
  });

  it('when the shopper says start over, then the search is empty again', () => {
    expect(applyIntent(shoesUnder100, intent('search', {}, { resetContext: true })).search.filters).toEqual({});
  });

  it('when the shopper asks for cheaper, then the ceiling drops below the cheapest product shown', () => {
    const next = applyIntent(withShown(shoesUnder100, [89.99, 74.99, 95]), intent('refine', {}, { priceDirection: 'cheaper' }));
    expect(next.search.filters.priceMax).toBe(74.98);
  });

  it('when brands are refused across turns, then they accumulate and leave the wanted list', () => {
    const sony = applyIntent(EMPTY_STATE, intent('search', { category: 'Electronics > Headphones', brandsIn: ['Sony', 'Bose'] }));
    const next = applyIntent(applyIntent(sony, intent('refine', { brandsOut: ['Bose'] })), intent('refine', { brandsOut: ['JBL'] }));
    expect(next.search.filters.brandsIn).toEqual(['Sony']);
    expect(next.search.filters.brandsOut).toEqual(['Bose', 'JBL']);
    expect(next.preferences.avoidedBrands).toEqual(['Bose', 'JBL']);
  });

  it('when a price is stated, then it becomes the budget the ranking uses', () => {
    expect(shoesUnder100.preferences.budget).toEqual({ min: null, max: 100 });
  });

  it('when a question is vague twice, then only the first gets a clarifying question', () => {
    const vague = intent('search', {}, { needsClarification: true, need: 'gift' });
    const first = applyIntent(EMPTY_STATE, vague);
    expect(first.clarifiedLastTurn).toBe(true);
    expect(applyIntent(first, vague).clarifiedLastTurn).toBe(false);
  });

  it('when the turn is a cart or question turn, then the search stays as it was', () => {
    const next = applyIntent(shoesUnder100, intent('add_to_cart', {}, { references: [{ kind: 'position', position: 1, brand: null }] }));
    expect(next.search).toEqual(shoesUnder100.search);
  });
});

describe('profile feedback', () => {
  it('when a product is liked, then the profile vector moves towards it', () => {
    const moved = blendProfileVector([1, 0], [0, 1], 'like')!;
    expect(moved[1]).toBeGreaterThan(0);
    expect(Math.hypot(...moved)).toBeCloseTo(1, 9);
  });

  it('when a product is disliked, then the profile moves away and the product is rejected', () => {
    const moved = blendProfileVector([0.8, 0.6], [0, 1], 'dislike')!;
    expect(moved[1]! / moved[0]!).toBeLessThan(0.6 / 0.8);
    const prefs = applyProductFeedback(EMPTY_PREFERENCES, 'dislike', { id: 7, brand: 'Keen' });
    expect(prefs.rejectedProductIds).toEqual([7]);
  });

  it('when there is no profile yet, then a dislike does not invent one and a like starts it', () => {
    expect(blendProfileVector(null, [0, 1], 'dislike')).toBeNull();
    expect(blendProfileVector(null, [0, 2], 'like')).toEqual([0, 1]);
  });

  it('when a product is added to the cart, then its brand becomes a liked brand', () => {
    expect(applyProductFeedback(EMPTY_PREFERENCES, 'add_to_cart', { id: 3, brand: 'Merrell' })).toMatchObject({ likedBrands: ['Merrell'], likedProductIds: [3] });
  });
});
