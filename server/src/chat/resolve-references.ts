import type { ProductReference } from '../contracts/intent.js';
import type { ShownProduct } from '../profile/conversation-state.js';

/** "the second one", "the cheaper one", "that Sony", "it" → product ids among those shown. */
export function resolveReferences(references: ProductReference[], shown: ShownProduct[], focus: number | null): number[] {
  const ids: number[] = [];
  for (const ref of references) {
    let product: ShownProduct | undefined;
    if (ref.kind === 'position' && ref.position) product = shown[ref.position - 1];
    else if (ref.kind === 'cheapest') product = shown.filter((p) => p.price !== null).sort((a, b) => a.price! - b.price!)[0];
    else if (ref.kind === 'most_expensive') product = shown.filter((p) => p.price !== null).sort((a, b) => b.price! - a.price!)[0];
    else if (ref.kind === 'best_rated') product = [...shown].sort((a, b) => (b.rating ?? 0) - (a.rating ?? 0))[0];
    else if (ref.kind === 'brand') product = shown.find((p) => p.brand?.toLowerCase() === ref.brand?.toLowerCase());
    else if (ref.kind === 'last') product = shown.find((p) => p.id === focus) ?? shown[0];
    else if (ref.kind === 'all_shown') ids.push(...shown.map((p) => p.id));
    if (product && !ids.includes(product.id)) ids.push(product.id);
  }
  return ids;
}
