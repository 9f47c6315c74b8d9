import type { Intent } from '../contracts/intent.js';
import type { ProductFilters } from '../catalog/filters.js';
import { EMPTY_SEARCH, toProductFilters, type ConversationState, type SearchState, type ShopperPreferences } from './conversation-state.js';
import { lookupTable, ownValue } from '../lookup.js';

const unique = <T>(list: T[]) => [...new Set(list)];
const related = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.startsWith(`${y} > `) || y.startsWith(`${x} > `);
};

/** Constraints stated this turn win; the ones not mentioned are kept ("in blue" keeps "under $100"). */
function mergeFilters(current: ProductFilters, next: ProductFilters): ProductFilters {
  const merged: ProductFilters = { ...current };
  if (next.category) merged.category = next.category;
  if (next.brandsIn) merged.brandsIn = next.brandsIn;
  if (next.brandsOut) merged.brandsOut = unique([...(current.brandsOut ?? []), ...next.brandsOut]);
  if (next.priceMin !== undefined) merged.priceMin = next.priceMin;
  if (next.priceMax !== undefined) merged.priceMax = next.priceMax;
  if (next.inStock) merged.inStock = true;
  if (next.attributes) merged.attributes = { ...(current.attributes ?? {}), ...next.attributes };
  if (next.attributesOut) {
    const out = lookupTable(current.attributesOut ?? {});
    for (const [key, values] of Object.entries(next.attributesOut)) out[key] = unique([...(ownValue(out, key) ?? []), ...values]);
    merged.attributesOut = out;
  }
  // A brand now refused can no longer be wanted, and the reverse.
  if (merged.brandsIn && next.brandsOut) merged.brandsIn = merged.brandsIn.filter((b) => !next.brandsOut!.some((o) => o.toLowerCase() === b.toLowerCase()));
  if (merged.brandsOut && next.brandsIn) merged.brandsOut = merged.brandsOut.filter((b) => !next.brandsIn!.some((i) => i.toLowerCase() === b.toLowerCase()));
  if (merged.brandsIn?.length === 0) delete merged.brandsIn;
  if (merged.brandsOut?.length === 0) delete merged.brandsOut;
  return merged;
}

/** "cheaper": below the cheapest product on screen (or 80 % of the ceiling); "pricier": above the dearest. */
function applyPriceDirection(filters: ProductFilters, intent: Intent, search: SearchState): ProductFilters {
  if (!intent.priceDirection) return filters;
  const prices = search.shown.flatMap((p) => (p.price === null ? [] : [p.price]));
  if (intent.priceDirection === 'cheaper') {
    const ceiling = prices.length ? Math.min(...prices) : filters.priceMax != null ? filters.priceMax * 0.8 : null;
    return ceiling === null ? filters : { ...filters, priceMax: Math.max(0, Math.round((ceiling - 0.01) * 100) / 100), priceMin: undefined };
  }
  const floor = prices.length ? Math.max(...prices) : filters.priceMin ?? null;
  return floor === null ? filters : { ...filters, priceMin: Math.round((floor + 0.01) * 100) / 100, priceMax: undefined };
}

function learnPreferences(preferences: ShopperPreferences, intent: Intent): ShopperPreferences {
  const next = { ...preferences, budget: { ...preferences.budget } };
  if (intent.filters.priceMax !== null) next.budget.max = intent.filters.priceMax;
  if (intent.filters.priceMin !== null) next.budget.min = intent.filters.priceMin;
  if (intent.type === 'profile_update') next.likedBrands = unique([...next.likedBrands, ...intent.filters.brandsIn]);
  next.avoidedBrands = unique([...next.avoidedBrands, ...intent.filters.brandsOut]);
  next.likedBrands = next.likedBrands.filter((b) => !next.avoidedBrands.includes(b));
  for (const attr of intent.filters.attributes) {
    if (attr.name === 'size') next.sizes = unique([...next.sizes, ...attr.values.map(String)]);
    if (attr.name === 'color') next.colors = unique([...next.colors, ...attr.values.map(String)]);
  }
  return next;
}

/**
 * The dialogue-state update of one turn (pure). Refinements keep earlier constraints unless the
 * shopper changes them; a new subject or "start over" drops them; "cheaper" is relative to what
 * is on screen. Turns that do not search leave the search as it was.
 */
export function applyIntent(state: ConversationState, intent: Intent): ConversationState {
  const preferences = learnPreferences(state.preferences, intent);
  const searching = intent.type === 'search' || intent.type === 'refine';
  if (!searching) return { ...state, preferences, clarifiedLastTurn: false };
  const base = intent.resetContext ? EMPTY_SEARCH : state.search;
  const stated = toProductFilters(intent.filters);
  const newSubject = intent.type === 'search' && stated.category && base.filters.category && !related(stated.category, base.filters.category);
  const startFrom = newSubject ? {} : base.filters;
  const filters = applyPriceDirection(mergeFilters(startFrom, stated), intent, base);
  const need = intent.type === 'refine' && !newSubject ? `${base.need} ${intent.need}`.trim() : intent.need || base.need;
  const clarify = intent.needsClarification && !state.clarifiedLastTurn;
  return { search: { need, filters, shown: newSubject || intent.resetContext ? [] : base.shown }, preferences, clarifiedLastTurn: clarify, focus: state.focus };
}
