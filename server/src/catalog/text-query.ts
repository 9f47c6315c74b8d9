import { canonicalWord } from '../embedding/lexicon.js';
import { stem, words } from '../embedding/tokenize.js';

/**
 * An OR query over the shopper's words for to_tsquery: ranking rewards products that match
 * more of them, while a product matching only some still qualifies. Only [a-z0-9] reaches SQL.
 */
export function textSearchQuery(text: string): string | null {
  // Each word also brings its canonical synonym from the lexicon ("skillet" → "pan").
  const expanded = words(text).flatMap((w) => [w, canonicalWord(stem(w))]);
  const terms = [...new Set(expanded.flatMap((w) => w.split(/[^a-z0-9]+/)).filter((t) => t.length > 1 || /\d/.test(t)))];
  return terms.length ? terms.slice(0, 24).join(' | ') : null;
}

/**
 * The shopper's text as written (so to_tsvector keeps "19/32", "3/4" and "65w" whole, as it did
 * for the products) plus the canonical synonyms of its words.
 */
export function expandedQueryText(text: string): string {
  const synonyms = [...new Set(words(text).map((w) => canonicalWord(stem(w))))].filter((w) => !words(text).includes(w));
  return [text, ...synonyms].join(' ');
}
