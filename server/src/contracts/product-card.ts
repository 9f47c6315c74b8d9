import { z } from 'zod';

/** A product as the shopper sees it in the chat: every fact comes from the database. */
export const productCardSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  brand: z.string().nullable(),
  category: z.string(),
  price: z.number(),
  currency: z.string(),
  rating: z.number().nullable(),
  reviewCount: z.number().int(),
  inStock: z.boolean(),
  imageUrl: z.string().nullable(),
  url: z.string().nullable(),
  reasons: z.array(z.string()),
});
export type ProductCard = z.infer<typeof productCardSchema>;
