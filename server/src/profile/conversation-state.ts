import type { IntentFilters } from '../contracts/intent.js';
import type { ProductFilters } from '../catalog/filters.js';

/** What a conversation remembers between turns; plain data, saved with the session. */
export type ShownProduct = { id: number; brand: string | null; price: number | null; rating: number | null };

export type SearchState = {
  need: string;
  filters: ProductFilters;
  /** Products on screen after the last turn, in the order shown. */
  shown: ShownProduct[];
};

export type ShopperPreferences = {
  budget: { min: number | null; max: number | null };
  likedBrands: string[];
  avoidedBrands: string[];
  sizes: string[];
  colors: string[];
  rejectedProductIds: number[];
  likedProductIds: number[];
};

export type ConversationState = {
  search: SearchState;
  preferences: ShopperPreferences;
  /** Never ask two clarifying questions in a row. */
  clarifiedLastTurn: boolean;
  /** The product last talked about, for "is it waterproof?". */
  focus: number | null;
};

export const EMPTY_SEARCH: SearchState = { need: '', filters: {}, shown: [] };
export const EMPTY_PREFERENCES: ShopperPreferences = { budget: { min: null, max: null }, likedBrands: [], avoidedBrands: [], sizes: [], colors: [], rejectedProductIds: [], likedProductIds: [] };
export const EMPTY_STATE: ConversationState = { search: EMPTY_SEARCH, preferences: EMPTY_PREFERENCES, clarifiedLastTurn: false, focus: null };

/** The intent's filters in the catalog's shape. */
export function toProductFilters(filters: IntentFilters): ProductFilters {
  const out: ProductFilters = {};
  if (filters.category) out.category = filters.category;
  if (filters.brandsIn.length) out.brandsIn = [...filters.brandsIn];
  if (filters.brandsOut.length) out.brandsOut = [...filters.brandsOut];
  if (filters.priceMin !== null) out.priceMin = filters.priceMin;
  if (filters.priceMax !== null) out.priceMax = filters.priceMax;
  if (filters.inStock) out.inStock = true;
  if (filters.attributes.length) out.attributes = Object.fromEntries(filters.attributes.map((a) => [a.name, [...a.values]]));
  if (filters.attributesOut.length) out.attributesOut = Object.fromEntries(filters.attributesOut.map((a) => [a.name, [...a.values]]));
  return out;
}
