import type { CatalogVocabularyData } from '../catalog/catalog-queries.js';
import { canonicalWord } from '../embedding/lexicon.js';
import { stem } from '../embedding/tokenize.js';

/**
 * The offline parser's knowledge, learned from the catalog itself: which words name which
 * category, the brands, and the attribute values shoppers may ask for.
 */
export type Vocabulary = {
  /** canonical word → category path it names, with how surely (share of its uses). */
  categoryWords: Map<string, { category: string; share: number }>;
  categories: string[];
  /** lowercase brand → brand as the catalog spells it; longest first for matching. */
  brands: Array<{ key: string; brand: string }>;
  /** lowercase value → attribute it belongs to ("blue" → color). */
  attributeValues: Map<string, { key: string; value: string }>;
  flagAttributes: string[];
  /** category path → attribute names its products carry (a parent gets its children's). */
  attributeKeys: Map<string, Set<string>>;
};

export const canonical = (word: string) => canonicalWord(stem(word.toLowerCase()));

/** Numbers and sizes say nothing about a category. */
const IGNORED = new Set(['men', 'women', 'unisex', 'pro', 'max', 'plus', 'lite', 'mid', 'sport', 'set', 'kit', 'over', 'ear', 'all', 'top', 'low', 'high', 'one', 'two', 'new', 'back', 'day', 'size', 'classic', 'the', 'and', 'for', 'with', 'on', 'in', 'off', 'out', 'up', 'ready']);

export function buildVocabulary(data: CatalogVocabularyData): Vocabulary {
  const byWord = new Map<string, Map<string, number>>();
  for (const { category, word, count } of data.titleWords) {
    for (const part of word.split('-').concat(word.includes('-') ? [word] : [])) {
      const key = canonical(part);
      if (key.length < 2 || /\d/.test(key) || IGNORED.has(key)) continue;
      const counts = byWord.get(key) ?? new Map<string, number>();
      counts.set(category, (counts.get(category) ?? 0) + count);
      byWord.set(key, counts);
    }
  }
  // Colors name a look, not a category ("Black Tea" must not make "in black" a grocery search).
  const colorWords = new Set((data.attributeValues.color ?? []).map((c) => canonical(c)));
  const brandWords = new Set(data.brands.flatMap((b) => b.toLowerCase().split(/[^a-z0-9]+/)).filter(Boolean).map(canonical));
  const categoryWords = new Map<string, { category: string; share: number }>();
  for (const [word, counts] of byWord) {
    if (brandWords.has(word) || colorWords.has(word)) continue;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total < 3) continue;
    const [bestCategory, bestCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (bestCount / total >= 0.6) {
      categoryWords.set(word, { category: bestCategory, share: bestCount / total });
      continue;
    }
    // Spread over siblings ("shoes"): the shared top-level category.
    const tops = new Map<string, number>();
    for (const [category, count] of counts) tops.set(category.split(' > ')[0]!, (tops.get(category.split(' > ')[0]!) ?? 0) + count);
    const [bestTop, topCount] = [...tops.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (topCount / total >= 0.8) categoryWords.set(word, { category: bestTop, share: topCount / total });
  }
  // The category names themselves ("laptops", "hiking", "electronics"). A multi-word name
  // ("Dress Shoes") counts only as the whole phrase, so "dress" alone keeps meaning dresses.
  for (const path of data.categories) {
    const parts = path.split(' > ');
    parts.forEach((name, depth) => {
      const target = parts.slice(0, depth + 1).join(' > ');
      const nameWords = name.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => w.length > 1 && w !== 'and');
      const key = nameWords.map(canonical).join(' ');
      if (nameWords.length === 1 && categoryWords.has(key) && categoryWords.get(key)!.category !== target) return;
      categoryWords.set(key, { category: target, share: 1 });
    });
  }
  const attributeValues = new Map<string, { key: string; value: string }>();
  for (const [key, values] of Object.entries(data.attributeValues)) {
    if (['size', 'count', 'pieces', 'players', 'weight_oz', 'weight_lbs', 'volume_ml', 'wattage', 'battery_hours', 'storage_gb', 'ram_gb', 'screen_size', 'blade_inches', 'capacity_liters'].includes(key)) continue;
    for (const value of values) {
      const lower = value.toLowerCase();
      if (!attributeValues.has(lower) && !/^\d/.test(lower)) attributeValues.set(lower, { key, value });
    }
  }
  const attributeKeys = new Map<string, Set<string>>();
  for (const { category, key } of data.attributeKeys) {
    const parts = category.split(' > ');
    parts.forEach((_, i) => {
      const path = parts.slice(0, i + 1).join(' > ');
      attributeKeys.set(path, (attributeKeys.get(path) ?? new Set()).add(key));
    });
  }
  return {
    categoryWords,
    attributeKeys,
    categories: data.categories,
    brands: data.brands.map((brand) => ({ key: brand.toLowerCase(), brand })).sort((a, b) => b.key.length - a.key.length),
    attributeValues,
    flagAttributes: data.flagAttributes,
  };
}
