import { type z } from 'zod';
import { productInputSchema, type ProductInput } from '../product.js';
import { htmlToText } from './html-text.js';
import { lookupTable, ownValue } from '../../lookup.js';

/** Field names seen in merchant exports (Shopify, WooCommerce, feeds) → our product fields. */
const ALIASES = {
  sku: ['sku', 'id', 'variant_sku', 'product_id', 'handle'],
  title: ['title', 'name', 'product_name'],
  description: ['description', 'body_html', 'body', 'desc', 'long_description'],
  // WooCommerce's `Categories` before `Type`, which there says simple / variable / variation.
  category: ['category', 'categories', 'product_type', 'category_path', 'product_category', 'type'],
  brand: ['brand', 'vendor', 'manufacturer'],
  price: ['price', 'variant_price', 'sale_price', 'regular_price'],
  currency: ['currency', 'price_currency'],
  stock: ['stock', 'inventory_quantity', 'variant_inventory_qty', 'quantity', 'qty', 'inventory', 'stockonhand', 'stock_on_hand'],
  image: ['image', 'image_src', 'image_url', 'thumbnail', 'images'],
  rating: ['rating', 'average_rating', 'stars'],
  reviewCount: ['review_count', 'reviews', 'rating_count', 'num_reviews', 'reviewcount'],
  url: ['url', 'link', 'product_url'],
  tags: ['tags', 'keywords'],
  popularity: ['popularity'],
  attributes: ['attributes', 'specs', 'properties'],
  facets: ['facets'],
  optionNames: ['optiongroups', 'option_groups', 'option1_name'],
  optionValues: ['optionvalues', 'option_values', 'option1_value'],
} as const;

/** Shopify's second and third options (a variant's), and WooCommerce's "Attribute N name" / "Attribute N value(s)" (a product's). */
const OPTION_COLUMNS: ReadonlyArray<[string, string]> = [2, 3].map((n) => [`option${n}_name`, `option${n}_value`]);
const WOO_ATTRIBUTE_COLUMNS: ReadonlyArray<[string, string]> = [1, 2, 3, 4, 5, 6].map((n) => [`attribute_${n}_name`, `attribute_${n}_value_s`]);
const MORE_OPTIONS = [...OPTION_COLUMNS, ...WOO_ATTRIBUTE_COLUMNS].flat();

/** Name/value column pairs that are filled in. */
function columnPairs(row: Record<string, unknown>, pairs: ReadonlyArray<[string, string]>): Array<[string, string]> {
  return pairs.flatMap(([nameColumn, valueColumn]): Array<[string, string]> => {
    const name = text(ownValue(row, nameColumn));
    const value = text(ownValue(row, valueColumn));
    return name && value ? [[name, value]] : [];
  });
}

/** Loose columns that are really attributes. */
const ATTRIBUTE_COLUMNS = lookupTable({ color: 'color', colour: 'color', size: 'size', material: 'material', gender: 'gender' });

export type NormalizedRow = ({ ok: true; product: ProductInput } | { ok: false; reason: string }) & { columns?: RowColumns };

/** "Body (HTML)" → body_html, "Variant SKU" → variant_sku, "warrantyInformation" → warranty_information. */
function fieldName(key: string): string {
  return key.trim().replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

function lowerKeys(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [fieldName(k), v]));
}

const MAPPED_FIELDS = new Set<string>([...Object.values(ALIASES).flat(), ...MORE_OPTIONS, ...Object.keys(ATTRIBUTE_COLUMNS)]);
/** Bookkeeping, links and personal data in feeds: never product facts a shopper asks about. */
const NOT_A_FACT = /(^|_)(id|ids|uuid|at|date|time|timestamp|created|updated|barcode|qr_code|qrcode|ean|upc|gtin|url|uri|link|href|src|email|phone|password|token|hash)$/;
const MAX_EXTRA_ATTRIBUTES = 24;

function factValue(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed && trimmed.length <= 80 && !/^https?:\/\//i.test(trimmed) ? trimmed : undefined;
}

/**
 * Fields Aisle does not map are kept as attributes when they are product facts: scalars, and the
 * scalars of an object one level down ("dimensions": { "width": 5 } → dimensions_width). Arrays of
 * objects (reviews, images), ids, dates, links and codes are left out; none refuses a row.
 */
function extraAttributes(row: Record<string, unknown>, into: Record<string, string | number | boolean>): Set<string> {
  let added = 0;
  const keptFrom = new Set<string>();
  const keep = (column: string, name: string, value: unknown) => {
    const fact = factValue(value);
    if (fact === undefined || NOT_A_FACT.test(name) || added >= MAX_EXTRA_ATTRIBUTES || Object.hasOwn(into, name)) return;
    into[name.slice(0, 40)] = fact;
    keptFrom.add(column);
    added++;
  };
  for (const [key, value] of Object.entries(row)) {
    if (MAPPED_FIELDS.has(key) || NOT_A_FACT.test(key)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [child, inner] of Object.entries(value)) keep(key, `${key}_${fieldName(child)}`, inner);
    } else keep(key, key, value);
  }
  return keptFrom;
}

/**
 * A variant's options as attribute pairs: Vendure's "screen size|RAM" with "13 inch|8GB", or
 * Shopify's Option1..3 Name / Value. Shopify's "Title: Default Title" (no options) is no option.
 */
function optionsOf(row: Record<string, unknown>, pick: Pick): Array<[name: string, value: string]> {
  const split = (value: unknown) => (text(value) ?? '').split('|').map((v) => v.trim());
  const names = split(pick('optionNames', ALIASES.optionNames));
  const values = split(pick('optionValues', ALIASES.optionValues));
  for (const [name, value] of columnPairs(row, OPTION_COLUMNS)) {
    names.push(name);
    values.push(value);
  }
  return names.flatMap((name, i): Array<[string, string]> => {
    const value = values[i];
    return name && value && !(name.toLowerCase() === 'title' && value === 'Default Title') ? [[name, value]] : [];
  });
}

/** Vendure's facets, "category:Electronics|category:Computers|brand:Acme": a category path, a brand, the rest attributes. */
function facetsOf(value: unknown): { category?: string; brand?: string; attributes: Array<[string, string]> } {
  const categories: string[] = [];
  let brand: string | undefined;
  const attributes: Array<[string, string]> = [];
  for (const facet of (text(value) ?? '').split('|')) {
    const [name, ...rest] = facet.split(':');
    const facetName = name?.trim().toLowerCase();
    const facetValue = rest.join(':').trim();
    if (!facetName || !facetValue) continue;
    if (facetName === 'category') categories.push(facetValue);
    else if (facetName === 'brand') brand ??= facetValue;
    else attributes.push([facetName, facetValue]);
  }
  return { category: categories.length ? categories.join(' > ') : undefined, brand, attributes };
}

/** A review count, or a feed's array of reviews (counted). */
function reviewCountOf(value: unknown): number | undefined {
  return Array.isArray(value) ? value.length : count(value);
}

/** The mean of a reviews array's ratings, for feeds that give reviews but no rating. */
function ratingFromReviews(value: unknown): number | undefined {
  if (!Array.isArray(value)) return undefined;
  const ratings = value.map((r) => (r && typeof r === 'object' ? Number((r as Record<string, unknown>).rating) : Number.NaN)).filter((n) => Number.isFinite(n) && n >= 0 && n <= 5);
  return ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100 : undefined;
}

function text(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** "$1,299.00", "1299", 1299 → 1299; anything else → NaN so validation names the field. */
function money(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const cleaned = String(value).replace(/[\s$€£¥,]|USD|EUR|GBP/gi, '');
  return cleaned === '' || !/^-?\d+(\.\d+)?$/.test(cleaned) ? Number.NaN : Number(cleaned);
}

function count(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).replace(/,/g, '').trim());
  return Number.isFinite(n) ? Math.trunc(n) : Number.NaN;
}

function imageOf(value: unknown): string | undefined {
  // WooCommerce lists its images in one cell: "https://…/a.jpg, https://…/b.jpg".
  if (typeof value === 'string' && /,\s*(https?:)?\/\//.test(value)) return text(value.split(/,\s*(?=(?:https?:)?\/\/)/)[0]);
  if (Array.isArray(value)) {
    const head = value[0];
    return typeof head === 'string' ? head : typeof head === 'object' && head !== null ? text((head as Record<string, unknown>).src ?? (head as Record<string, unknown>).url) : undefined;
  }
  return text(value);
}

function tagsOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return [...new Set(list.map((t) => t.trim()).filter(Boolean))];
}

function attributesOf(row: Record<string, unknown>, keepUnmapped: boolean, pick: Pick): { attributes: Record<string, string | number | boolean>; kept: Set<string> } {
  const attributes = lookupTable<string | number | boolean>();
  const nested = pick('attributes', ALIASES.attributes);
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [key, value] of Object.entries(nested)) {
      const name = key.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40);
      if (name && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) attributes[name] = typeof value === 'string' ? value.trim() : value;
    }
  }
  for (const [column, name] of Object.entries(ATTRIBUTE_COLUMNS)) {
    const value = text(ownValue(row, column));
    if (value) attributes[name] = value;
  }
  const kept = keepUnmapped ? extraAttributes(row, attributes) : new Set<string>();
  for (const column of Object.keys(ATTRIBUTE_COLUMNS)) if (text(ownValue(row, column))) kept.add(column);
  return { attributes, kept };
}

type Pick = (field: string, names: readonly string[]) => unknown;

/** A column with something in it: not missing, null, blank or an empty list. */
const present = (value: unknown) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

/** Which column fed each product field, which became attributes, and which were not used. */
export type RowColumns = { mapped: Map<string, string>; kept: Set<string>; ignored: Set<string> };

/** Reads a row's columns by alias, remembering which column each field came from. */
function columnPicker(row: Record<string, unknown>): { pick: Pick; mapped: Map<string, string> } {
  const mapped = new Map<string, string>();
  const pick: Pick = (field, names) => {
    for (const name of names) {
      const value = ownValue(row, name);
      if (present(value)) {
        mapped.set(field, name);
        return value;
      }
    }
    return undefined;
  };
  return { pick, mapped };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ');
}

/**
 * One imported row → a valid product, or the reason it cannot be one. `keepUnmapped`: a JSON
 * feed's other fields become attributes; a CSV export's other columns are the platform's own
 * settings (Shopify's "Published", "Variant Inventory Policy"), which a shopper's words must not
 * turn into filters, so they are left out.
 */
export function normalizeRow(raw: unknown, { keepUnmapped = false }: { keepUnmapped?: boolean } = {}): NormalizedRow {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'is not an object' };
  const row = lowerKeys(raw as Record<string, unknown>);
  const { pick, mapped } = columnPicker(row);
  const description = text(pick('description', ALIASES.description));
  const rating = pick('rating', ALIASES.rating);
  const popularity = pick('popularity', ALIASES.popularity);
  const { attributes, kept } = attributesOf(row, keepUnmapped, pick);
  const facets = facetsOf(pick('facets', ALIASES.facets));
  const options = optionsOf(row, pick);
  for (const [name, value] of [...facets.attributes, ...options, ...columnPairs(row, WOO_ATTRIBUTE_COLUMNS)]) attributes[fieldName(name).slice(0, 40)] ??= value;
  const title = text(pick('title', ALIASES.title));
  const candidate = {
    sku: text(pick('sku', ALIASES.sku)),
    // A variant is told apart by its options: "Laptop — 13 inch, 8GB".
    title: title && options.length ? `${title} — ${options.map(([, v]) => v).join(', ')}` : title || undefined,
    description: description === undefined ? undefined : htmlToText(description),
    // WooCommerce's "Clothing > Hoodies, Sale": a product in several categories is filed under the first.
    category: (text(pick('category', ALIASES.category))?.split(/,\s*/)[0] || facets.category)?.replace(/\s*(>|\/|›)\s*/g, ' > '),
    brand: text(pick('brand', ALIASES.brand)) || facets.brand || null,
    price: money(pick('price', ALIASES.price)),
    currency: text(pick('currency', ALIASES.currency))?.toUpperCase(),
    stock: count(pick('stock', ALIASES.stock)),
    imageUrl: imageOf(pick('imageUrl', ALIASES.image)) ?? null,
    rating: rating === undefined ? (ratingFromReviews(ownValue(row, 'reviews')) ?? null) : money(rating),
    reviewCount: reviewCountOf(pick('reviewCount', ALIASES.reviewCount)),
    url: text(pick('url', ALIASES.url)) ?? null,
    tags: tagsOf(pick('tags', ALIASES.tags)),
    popularity: popularity === undefined ? undefined : money(popularity),
    attributes,
  };
  if (rating === undefined && candidate.rating !== null) mapped.set('rating', 'reviews');
  const used = new Set(mapped.values());
  const columns: RowColumns = { mapped, kept, ignored: new Set(Object.keys(row).filter((c) => !used.has(c) && !kept.has(c) && present(row[c]))) };
  const refuse = (reason: string): NormalizedRow => ({ ok: false, reason, columns });
  if (candidate.sku === undefined) return refuse('sku: required (sku, id, variant_sku or handle)');
  if (candidate.title === undefined) return refuse('title: required (title or name)');
  const parsed = productInputSchema.safeParse(candidate);
  return parsed.success ? { ok: true, product: parsed.data, columns } : refuse(describeIssues(parsed.error));
}
