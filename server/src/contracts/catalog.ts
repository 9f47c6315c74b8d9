import { z } from 'zod';
import { noControlCharacters, shopperText } from './shopper-text.js';

/** Query strings arrive as text; these coerce and bound them. */
const optionalNumber = z.coerce.number({ error: 'must be a number' }).nonnegative('must be 0 or more').optional();
const commaList = z
  .union([noControlCharacters().max(2000), z.array(noControlCharacters().max(200)).max(50)])
  .optional()
  .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean)));

/** Postgres integer ids: a larger number is no product, and would overflow the column. */
export const MAX_ID = 2_147_483_647;

export const productSearchQuerySchema = z
  .object({
    q: shopperText().pipe(z.string().max(500)).default(''),
    category: noControlCharacters().max(200).transform((c) => c.trim()).optional(),
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

export const productIdParamSchema = z.object({ id: z.coerce.number({ error: 'must be a product id' }).int().positive().max(MAX_ID, 'is not a product id') });
export const productSkuParamSchema = z.object({ sku: noControlCharacters().min(1).max(120) });

/** A product as the public API shows it. */
export type ProductView = {
  id: number;
  sku: string;
  title: string;
  description: string;
  brand: string | null;
  category: string;
  price: number | null;
  currency: string;
  rating: number | null;
  reviewCount: number;
  inStock: boolean;
  stock: number | null;
  imageUrl: string | null;
  url: string | null;
  attributes: Record<string, string | number | boolean>;
  tags: string[];
};
