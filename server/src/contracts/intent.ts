import { z } from 'zod';

/**
 * What the shopper wants this turn. The LLM path returns it as structured output (so every
 * optional field is `.nullable()`, never `.optional()`); the offline parser builds the same shape.
 */
export const INTENT_TYPES = [
  'search',
  'refine',
  'more_like',
  'compare',
  'product_question',
  'add_to_cart',
  'show_cart',
  'remove_from_cart',
  'profile_update',
  'greeting',
  'help',
  'handoff',
  'out_of_scope',
  'chitchat',
] as const;
export type IntentType = (typeof INTENT_TYPES)[number];

const attributeValues = z.array(z.union([z.string(), z.number(), z.boolean()]));

export const intentFiltersSchema = z.object({
  category: z.string().nullable(),
  brandsIn: z.array(z.string()),
  brandsOut: z.array(z.string()),
  priceMin: z.number().nonnegative().nullable(),
  priceMax: z.number().nonnegative().nullable(),
  inStock: z.boolean().nullable(),
  attributes: z.array(z.object({ name: z.string(), values: attributeValues })),
  attributesOut: z.array(z.object({ name: z.string(), values: attributeValues })),
});
export type IntentFilters = z.infer<typeof intentFiltersSchema>;

export const productReferenceSchema = z.object({
  kind: z.enum(['position', 'cheapest', 'most_expensive', 'best_rated', 'brand', 'last', 'all_shown']),
  /** 1-based position among the products shown last ("the second one" → 2). */
  position: z.number().int().positive().nullable(),
  brand: z.string().nullable(),
});
export type ProductReference = z.infer<typeof productReferenceSchema>;

export const intentSchema = z.object({
  type: z.enum(INTENT_TYPES),
  /** The free-text need, without the constraints ("waterproof hiking boots"). */
  need: z.string(),
  filters: intentFiltersSchema,
  preferences: z.object({
    likes: z.array(z.string()),
    dislikes: z.array(z.string()),
    useCase: z.string().nullable(),
    style: z.string().nullable(),
  }),
  references: z.array(productReferenceSchema),
  /** "cheaper" / "something pricier": relative to the products shown last. */
  priceDirection: z.enum(['cheaper', 'pricier']).nullable(),
  /** True when the need is too vague to search well ("I need a gift"). */
  needsClarification: z.boolean(),
  /** "show me laptops instead", "start over": earlier constraints are dropped. */
  resetContext: z.boolean(),
  /** BCP 47 language of the shopper's message ("en", "de", …). */
  language: z.string(),
});
export type Intent = z.infer<typeof intentSchema>;

export function emptyIntent(type: IntentType = 'search', need = ''): Intent {
  return {
    type,
    need,
    filters: { category: null, brandsIn: [], brandsOut: [], priceMin: null, priceMax: null, inStock: null, attributes: [], attributesOut: [] },
    preferences: { likes: [], dislikes: [], useCase: null, style: null },
    references: [],
    priceDirection: null,
    needsClarification: false,
    resetContext: false,
    language: 'en',
  };
}
