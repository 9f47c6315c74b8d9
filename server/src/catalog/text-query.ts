import { words } from '../embedding/tokenize.js';

/**
 * An OR query over the shopper's words for to_tsquery: ranking rewards products that match
 * more of them, while a product matching only some still qualifies. Only [a-z0-9] reaches SQL.
 */
export function textSearchQuery(text: string): string | null {
  const terms = [...new Set(words(text).flatMap((w) => w.split(/[^a-z0-9]+/)).filter((t) => t.length > 1 || /\d/.test(t)))];
  return terms.length ? terms.slice(0, 24).join(' | ') : null;
}
