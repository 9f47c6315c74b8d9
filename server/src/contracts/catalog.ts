import { z } from 'zod';

/** Query strings arrive as text; these coerce and bound them. */
const optionalNumber = z.coerce.number({ error: 'must be a number' }).nonnegative('must be 0 or more').optional();
const commaList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean)));

export const productSearchQuerySchema = z
  .object({
    q: z.string().max(500).default(''),
    category: z.string().trim().max(200).optional(),
    brand: commaList,
    excludeBrand: commaList,
    minPrice: optionalNumber,
    maxPrice: optionalNumber,
    inStock: z.enum(['true', 'false', '1', '0']).optional().transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    error: 'minPrice must not be greater than maxPrice',
    path: ['minPrice'],
  });
export type ProductSearchQuery = z.infer<typeof productSearchQuerySchema>;

export const productIdParamSchema = z.object({ id: z.coerce.number({ error: 'must be a product id' }).int().positive() });

/** A product as the public API shows it. */
export type ProductView = {
  id: number;
  sku: string;
  title: string;
  description: string;
  brand: string | null;
  category: string;
  price: number;
  currency: string;
  rating: number | null;
  reviewCount: number;
  inStock: boolean;
  stock: number;
  imageUrl: string | null;
  url: string | null;
  attributes: Record<string, string | number | boolean>;
  tags: string[];
};
