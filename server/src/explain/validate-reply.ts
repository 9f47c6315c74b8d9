import type { ProductCard } from '../contracts/product-card.js';

export type GroundingViolation = { kind: 'price' | 'product_id' | 'brand' | 'product' | 'link'; value: string };

/**
 * Checks an LLM reply against the turn's cards: every price it states must be a card's price
 * (or the shopper's own budget),
 * every product id a card's id, every brand a card's brand, and no other catalog product may be
 * named, and no link may appear. A reply with any violation is replaced by the offline explanation.
 */
const AMOUNT = /(?:[$€£]\s?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?/g;
const amountsIn = (text: string) => [...text.matchAll(AMOUNT)].map((m) => ({ raw: m[0], value: Number(`${m[1]!.replace(/,/g, '')}.${m[2] ?? '0'}`) }));

/** `allowedAmounts`: sums the shopper stated (their budget); amounts in the cards' reasons count too. */
export function validateReply(text: string, cards: ProductCard[], catalog: { brands: string[]; otherTitles: string[]; allowedAmounts?: number[] }): GroundingViolation[] {
  const violations: GroundingViolation[] = [];
  const prices = [...cards.flatMap((c) => (c.price === null ? [] : [c.price])), ...(catalog.allowedAmounts ?? []), ...cards.flatMap((c) => c.reasons.flatMap((r) => amountsIn(r).map((a) => a.value)))];
  for (const { raw, value } of amountsIn(text)) {
    if (!prices.some((p) => Math.abs(p - value) < 0.005)) violations.push({ kind: 'price', value: raw });
  }
  const ids = new Set(cards.map((c) => c.id));
  for (const match of text.matchAll(/(?:\bproduct\s+(?:id\s*)?|\bid[:\s#]*|#)(\d{1,9})\b/gi)) {
    if (!ids.has(Number(match[1]))) violations.push({ kind: 'product_id', value: match[0] });
  }
  const shownBrands = new Set(cards.map((c) => c.brand?.toLowerCase()).filter(Boolean));
  const lower = text.toLowerCase();
  for (const brand of catalog.brands) {
    // Capitalized only: brands such as "Instant" or "Global" are also plain words. The cheap
    // test comes first: a reply names few of the catalog's brands, if any.
    if (!text.includes(brand) || shownBrands.has(brand.toLowerCase())) continue;
    const pattern = new RegExp(String.raw`(^|[^a-z0-9])${brand.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9])`);
    if (pattern.test(lower)) violations.push({ kind: 'brand', value: brand });
  }
  const shownTitles = new Set(cards.map((c) => c.title.toLowerCase()));
  for (const title of catalog.otherTitles) {
    if (!shownTitles.has(title.toLowerCase()) && lower.includes(title.toLowerCase())) violations.push({ kind: 'product', value: title });
  }
  // Links are never the model's to give: the cards carry the product links, from the database.
  for (const match of text.matchAll(/https?:\/\/\S+|\bwww\.[a-z0-9-]+\.\S+|!?\[[^\]]*\]\([^)]*\)/gi)) violations.push({ kind: 'link', value: match[0] });
  return violations;
}
