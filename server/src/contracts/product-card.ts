import { z } from 'zod';

/** A product as the shopper sees it in the chat: every fact comes from the database. */
export const productCardSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  brand: z.string().nullable(),
  category: z.string(),
  /** null: the merchant gave no price; the card shows none. */
  price: z.number().nullable(),
  currency: z.string(),
  rating: z.number().nullable(),
  reviewCount: z.number().int(),
  inStock: z.boolean(),
  imageUrl: z.string().nullable(),
  url: z.string().nullable(),
  reasons: z.array(z.string()),
});
export type ProductCard = z.infer<typeof productCardSchema>;
