import type { ProductInput } from './product.js';

/** The columns every catalog read selects, and how a row becomes a plain object. */
export const PRODUCT_COLUMNS = `p.id, p.sku, p.title, p.description, p.category, p.brand, p.price, p.currency, p.attributes,
  p.rating, p.review_count, p.popularity, p.stock, p.image_url, p.url, p.tags, p.enrichment, p.created_at, p.updated_at`;

export type ProductRow = {
  id: number;
  sku: string;
  title: string;
  description: string;
  category: string;
  brand: string | null;
  price: string | null;
  currency: string;
  attributes: Record<string, string | number | boolean>;
  rating: number | null;
  review_count: number;
  popularity: number;
  stock: number | null;
  image_url: string | null;
  url: string | null;
  tags: string[];
  enrichment: ProductEnrichment | null;
  /** A Date from a plain row; an ISO string when the row came inside a JSON aggregate. */
  created_at: Date | string;
  updated_at: Date | string;
};

/** What enrichment adds beside the original data; never replaces it. */
export type ProductEnrichment = {
  source: 'rules' | 'llm';
  model?: string;
  attributes: Record<string, string | number | boolean>;
  description?: string;
  enrichedAt: string;
};

export type CatalogProduct = ProductInput & { id: number; inStock: boolean; enrichment: ProductEnrichment | null; createdAt: Date; updatedAt: Date };

export function toCatalogProduct(row: ProductRow): CatalogProduct {
  return {
    id: row.id,
    sku: row.sku,
    title: row.title,
    description: row.description,
    category: row.category,
    brand: row.brand,
    price: row.price === null ? null : Number(row.price),
    currency: row.currency,
    attributes: row.attributes,
    rating: row.rating,
    reviewCount: row.review_count,
    popularity: row.popularity,
    stock: row.stock,
    inStock: row.stock === null || row.stock > 0,
    imageUrl: row.image_url,
    url: row.url,
    tags: row.tags,
    enrichment: row.enrichment,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
