import type { RankableProduct, RankingContext } from './features.js';
import type { FeatureVector } from './weights.js';
import { ownValue } from '../lookup.js';

function money(n: number): string {
  return `$${Number.isInteger(n) ? n : n.toFixed(2)}`;
}

function attributeLabel(key: string, value: string | number | boolean): string {
  return typeof value === 'boolean' ? key.replace(/_/g, ' ') : String(value);
}

/**
 * Reasons a person can read, each derived from a feature value or a database fact —
 * never from model text. At most `max`, the most specific first.
 */
export function reasonsFor(product: RankableProduct, features: FeatureVector, context: RankingContext, max = 3): string[] {
  const reasons: string[] = [];
  const matched = Object.entries(context.wantedAttributes).flatMap(([key, values]) => {
    const actual = ownValue(product.attributes, key);
    if (actual === undefined) return [];
    return values.some((v) => String(v).toLowerCase() === String(actual).toLowerCase()) ? [attributeLabel(key, actual)] : [];
  });
  if (matched.length) reasons.push(`${matched.join(', ')}, as you asked`);
  if (context.budget.max !== null && product.price !== null && product.price <= context.budget.max) reasons.push(`within your ${money(context.budget.max)} budget`);
  if (product.rating !== null && product.rating >= 4.3 && product.reviewCount >= 20) {
    reasons.push(`${product.rating.toFixed(1)}★ from ${product.reviewCount.toLocaleString('en-US')} reviews`);
  }
  if (features.brandAffinity > 0 && product.brand) reasons.push(`from ${product.brand}, a brand you like`);
  if (features.coInteraction >= 0.3) reasons.push('shoppers who liked your picks also liked this');
  if (features.profileSimilarity >= 0.5) reasons.push('close to what you liked before');
  if (product.stock !== null && product.stock > 0 && product.stock <= 5) reasons.push(`only ${product.stock} left`);
  if (reasons.length === 0 && features.popularity >= 0.7) reasons.push('a popular choice');
  return reasons.slice(0, max);
}
