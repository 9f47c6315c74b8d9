import { z } from 'zod';
import { shopperLabel } from './shopper-text.js';

export const FEEDBACK_KINDS = ['like', 'dislike', 'click', 'add_to_cart', 'thumbs_up', 'thumbs_down'] as const;

export const feedbackSchema = z.object({
  sessionId: z.uuid(),
  turnId: z.uuid().nullable().optional(),
  productId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  kind: z.enum(FEEDBACK_KINDS),
  comment: z.string().trim().max(1000).nullable().optional(),
});
export type Feedback = z.infer<typeof feedbackSchema>;

/** What the shopper may change in "what I know about you". */
export const profilePatchSchema = z.object({
  budgetMax: z.number().nonnegative().nullable().optional(),
  budgetMin: z.number().nonnegative().nullable().optional(),
  likedBrands: z.array(shopperLabel(120)).max(50).optional(),
  avoidedBrands: z.array(shopperLabel(120)).max(50).optional(),
  sizes: z.array(shopperLabel(20)).max(20).optional(),
  colors: z.array(shopperLabel(40)).max(20).optional(),
});
export type ProfilePatch = z.infer<typeof profilePatchSchema>;
