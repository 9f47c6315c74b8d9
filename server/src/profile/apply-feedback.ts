import type { ShopperPreferences } from './conversation-state.js';

export type ProfileSignal = 'need' | 'click' | 'like' | 'add_to_cart' | 'dislike';

/** How strongly each signal moves the profile vector towards (or away from) a product. */
export const SIGNAL_WEIGHT: Record<ProfileSignal, number> = { need: 0.3, click: 0.2, like: 0.35, add_to_cart: 0.5, dislike: -0.25 };

function normalize(v: number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return norm === 0 ? v : v.map((x) => x / norm);
}

/**
 * A moving blend: expressed needs and liked, clicked or carted products pull the profile vector
 * towards them; a disliked product pushes it away. Pure; the caller stores the result.
 */
export function blendProfileVector(current: readonly number[] | null, target: readonly number[], signal: ProfileSignal): number[] | null {
  const weight = SIGNAL_WEIGHT[signal];
  if (!current) return weight > 0 ? normalize([...target]) : null;
  const moved = weight > 0 ? current.map((c, i) => (1 - weight) * c + weight * (target[i] ?? 0)) : current.map((c, i) => c + weight * (target[i] ?? 0));
  return normalize(moved);
}

/** Structured preferences learned from feedback on one product. */
export function applyProductFeedback(preferences: ShopperPreferences, signal: ProfileSignal, product: { id: number; brand: string | null }): ShopperPreferences {
  const next = { ...preferences };
  if (signal === 'dislike') {
    next.rejectedProductIds = [...new Set([...next.rejectedProductIds, product.id])];
    next.likedProductIds = next.likedProductIds.filter((id) => id !== product.id);
  } else if (signal === 'like' || signal === 'add_to_cart') {
    next.likedProductIds = [...new Set([...next.likedProductIds, product.id])];
    next.rejectedProductIds = next.rejectedProductIds.filter((id) => id !== product.id);
    if (product.brand && !next.avoidedBrands.includes(product.brand)) next.likedBrands = [...new Set([...next.likedBrands, product.brand])];
  }
  return next;
}
