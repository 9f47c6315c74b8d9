import { z } from 'zod';

/** Attribute values are scalars so that hard filters can compare them in SQL. */
export const attributeValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A product as it is written to the catalog (seed, import, enrichment). */
/**
 * A product link or image: http(s), or relative. Any other scheme (javascript:, data:, vbscript:)
 * would run or smuggle content when a shopper clicks it, so it is refused at import. Browsers
 * ignore tabs, newlines and controls inside a scheme ("java\tscript:"), so the check does too.
 */
const linkSchema = z
  .string()
  .max(2000)
  .refine((value) => {
    const visible = [...value].filter((c) => c.charCodeAt(0) > 0x20).join('');
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(visible)?.[1]?.toLowerCase();
    return scheme === undefined || scheme === 'http' || scheme === 'https';
  }, { error: 'must be an http(s) URL or a relative link' });

export const productInputSchema = z.object({
  sku: z.string().trim().min(1).max(120),
  title: z.string().trim().min(1).max(300),
  description: z.string().max(20_000).default(''),
  /** '' when the merchant gives none: the product is searchable, just not under a category. */
  category: z.string().trim().max(200).default(''),
  brand: z.string().trim().max(120).nullable().default(null),
  /** null when the export has no price: never offered with one, never matches a budget. */
  price: z.number({ error: 'must be a number' }).nonnegative('must be 0 or more').max(10_000_000).nullable().default(null),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO currency code').default('USD'),
  attributes: z.record(z.string(), attributeValueSchema).default({}),
  rating: z.number({ error: 'must be a number' }).min(0, 'must be between 0 and 5').max(5, 'must be between 0 and 5').nullable().default(null),
  reviewCount: z.number({ error: 'must be a whole number' }).int().nonnegative().default(0),
  popularity: z.number().nonnegative().default(0),
  /** null when the export does not track stock: offered as available, with no count shown. */
  stock: z.number({ error: 'must be a whole number' }).int().nullable().default(null),
  imageUrl: linkSchema.nullable().default(null),
  url: linkSchema.nullable().default(null),
  tags: z.array(z.string().max(80)).max(50).default([]),
});
export type ProductInput = z.infer<typeof productInputSchema>;

/** A product as read back from the catalog. */
export type Product = ProductInput & { id: number; createdAt: Date; updatedAt: Date };

type EmbeddableProduct = Pick<ProductInput, 'title' | 'brand' | 'category' | 'description' | 'attributes' | 'tags'> & {
  enrichment?: { attributes: Record<string, string | number | boolean>; description?: string } | null;
};

/** The text a product is embedded from: what a shopper might say about it, enrichment included. */
export function productEmbeddingText(p: EmbeddableProduct): string {
  const attributeText = Object.entries({ ...(p.enrichment?.attributes ?? {}), ...p.attributes })
    .map(([key, value]) => (typeof value === 'boolean' ? (value ? key.replace(/_/g, ' ') : '') : `${String(value)}`))
    .join(' ');
  return [p.title, p.title, p.brand ?? '', p.category.replace(/>/g, ' '), attributeText, p.tags.join(' '), p.description, p.enrichment?.description ?? ''].join(' ');
}

/** Category paths are "Top > Sub"; every ancestor counts as a category too. */
export function categoryAncestors(path: string): string[] {
  const parts = path.split('>').map((s) => s.trim());
  return parts.map((_, i) => parts.slice(0, i + 1).join(' > '));
}
