import { z } from 'zod';
import { escapeLike, type SqlParams } from '../db/sql-params.js';
import { attributeValueSchema } from './product.js';
import { ownValue } from '../lookup.js';

const attributeKey = z.string().regex(/^[a-z0-9_]{1,40}$/, 'attribute names are lowercase letters, digits and _');

/** Hard constraints: a product that breaks one is never returned. */
export const productFiltersSchema = z.object({
  category: z.string().trim().min(1).max(200).nullable().optional(),
  brandsIn: z.array(z.string().trim().min(1).max(120)).max(50).optional(),
  brandsOut: z.array(z.string().trim().min(1).max(120)).max(50).optional(),
  priceMin: z.number().nonnegative().nullable().optional(),
  priceMax: z.number().nonnegative().nullable().optional(),
  inStock: z.boolean().nullable().optional(),
  attributes: z.record(attributeKey, z.array(attributeValueSchema).min(1).max(30)).optional(),
  attributesOut: z.record(attributeKey, z.array(attributeValueSchema).min(1).max(30)).optional(),
});
export type ProductFilters = z.infer<typeof productFiltersSchema>;

export type FilterName = 'category' | 'brandsIn' | 'brandsOut' | 'priceMin' | 'priceMax' | 'inStock' | `attributes.${string}` | `attributesOut.${string}`;

/** The same filters minus one, by the name filterConditions gives it. */
export function withoutFilter(filters: ProductFilters, name: FilterName): ProductFilters {
  const [kind, key] = name.split('.') as [string, string | undefined];
  if (key && (kind === 'attributes' || kind === 'attributesOut')) {
    const rest = { ...(filters[kind] ?? {}) };
    delete rest[key];
    return { ...filters, [kind]: rest };
  }
  return { ...filters, [kind]: undefined };
}

const lowered = (values: readonly unknown[]) => values.map((v) => String(v).toLowerCase());

/**
 * A category's subcategories ("shoes > hiking > …") as a range of the pattern index instead of a
 * LIKE: with the prefix a parameter, a reused (generic) plan can still scan the index for it,
 * where LIKE $n reads every row. The partial vector indexes' predicates are written with LIKE
 * (category-vector-indexes.ts), so only statements that never use them take this form.
 */
function categoryCondition(category: string, params: SqlParams, alias: string, asRange: boolean): string {
  const wanted = category.toLowerCase();
  const column = `lower(${alias}.category)`;
  if (!asRange) return `(${column} = ${params.add(wanted)} OR ${column} LIKE ${params.add(`${escapeLike(wanted)} > %`)})`;
  // ' ' + 1 is '!': every text starting with "wanted > " sorts in [from, to), and nothing else does.
  return `(${column} = ${params.add(wanted)} OR (${column} ~>=~ ${params.add(`${wanted} > `)} AND ${column} ~<~ ${params.add(`${wanted} >!`)}))`;
}

/**
 * Each active filter as its own SQL condition, so the empty-result explanation can drop one at a
 * time. `forReusablePlan`: conditions a generic plan serves as well as a plan made for the values.
 */
export function filterConditions(filters: ProductFilters, params: SqlParams, alias = 'p', { forReusablePlan = false } = {}): Array<{ name: FilterName; sql: string }> {
  const out: Array<{ name: FilterName; sql: string }> = [];
  if (filters.category) out.push({ name: 'category', sql: categoryCondition(filters.category, params, alias, forReusablePlan) });
  if (filters.brandsIn?.length) out.push({ name: 'brandsIn', sql: `lower(${alias}.brand) = ANY(${params.add(lowered(filters.brandsIn))}::text[])` });
  if (filters.brandsOut?.length) {
    out.push({ name: 'brandsOut', sql: `(${alias}.brand IS NULL OR lower(${alias}.brand) <> ALL(${params.add(lowered(filters.brandsOut))}::text[]))` });
  }
  if (filters.priceMin != null) out.push({ name: 'priceMin', sql: `${alias}.price >= ${params.add(filters.priceMin)}` });
  if (filters.priceMax != null) out.push({ name: 'priceMax', sql: `${alias}.price <= ${params.add(filters.priceMax)}` });
  // Untracked stock (NULL) counts as available; the partial index has the same predicate.
  if (filters.inStock) out.push({ name: 'inStock', sql: `(${alias}.stock IS NULL OR ${alias}.stock > 0)` });
  for (const [key, values] of Object.entries(filters.attributes ?? {})) {
    out.push({ name: `attributes.${key}`, sql: `lower(${alias}.attributes->>${params.add(key)}) = ANY(${params.add(lowered(values))}::text[])` });
  }
  for (const [key, values] of Object.entries(filters.attributesOut ?? {})) {
    const k = params.add(key);
    out.push({ name: `attributesOut.${key}`, sql: `(${alias}.attributes->>${k} IS NULL OR lower(${alias}.attributes->>${k}) <> ALL(${params.add(lowered(values))}::text[]))` });
  }
  return out;
}

/** The attributes as one lower-cased jsonb value: the expression of products_attributes_folded_idx (0017). */
const folded = (alias: string) => `lower(${alias}.attributes::text)::jsonb`;

/**
 * For each wanted attribute, a containment test the folded-attributes GIN index can answer and
 * that every row passing the attribute's own condition also passes (a stored string, number,
 * boolean or JSON value whose text, lower-cased, is the wanted value, sits in the folded value as
 * that value or as its JSON reading). Added beside filterConditions, never instead of them, so a
 * count over the whole catalog reads only the rows the index points at.
 */
export function attributeContainment(filters: ProductFilters, params: SqlParams, alias = 'p'): string[] {
  return Object.entries(filters.attributes ?? {}).map(([key, values]) => {
    const shapes = lowered(values).flatMap((value) => {
      const asJson = readJson(value);
      return [{ [key]: value }, ...(asJson === undefined || typeof asJson === 'string' ? [] : [{ [key]: asJson }])];
    });
    return `(${shapes.map((shape) => `${folded(alias)} @> ${params.add(JSON.stringify(shape))}::jsonb`).join(' OR ')})`;
  });
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function whereClause(conditions: ReadonlyArray<{ sql: string }>, extra: readonly string[] = []): string {
  const all = [...conditions.map((c) => c.sql), ...extra];
  return all.length ? `WHERE ${all.join(' AND ')}` : '';
}

/** True when a product (as plain data) satisfies every filter — the same rules as the SQL. */
export function satisfiesFilters(
  product: { category: string; brand: string | null; price: number | null; stock: number | null; attributes: Record<string, unknown> },
  filters: ProductFilters,
): boolean {
  const category = product.category.toLowerCase();
  const wanted = filters.category?.toLowerCase();
  if (wanted && category !== wanted && !category.startsWith(`${wanted} > `)) return false;
  const brand = product.brand?.toLowerCase();
  if (filters.brandsIn?.length && (!brand || !lowered(filters.brandsIn).includes(brand))) return false;
  if (filters.brandsOut?.length && brand && lowered(filters.brandsOut).includes(brand)) return false;
  // A product without a price meets no budget (SQL: NULL compares as unknown).
  if (filters.priceMin != null && (product.price === null || product.price < filters.priceMin)) return false;
  if (filters.priceMax != null && (product.price === null || product.price > filters.priceMax)) return false;
  if (filters.inStock && product.stock !== null && product.stock <= 0) return false;
  for (const [key, values] of Object.entries(filters.attributes ?? {})) {
    const value = ownValue(product.attributes, key);
    if (value === undefined || value === null || !lowered(values).includes(String(value).toLowerCase())) return false;
  }
  for (const [key, values] of Object.entries(filters.attributesOut ?? {})) {
    const value = ownValue(product.attributes, key);
    if (value !== undefined && value !== null && lowered(values).includes(String(value).toLowerCase())) return false;
  }
  return true;
}
