import { Router } from 'express';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { CatalogProduct } from '../catalog/product-rows.js';
import { productIdParamSchema, productSearchQuerySchema, productSkuParamSchema, type ProductView } from '../contracts/catalog.js';
import { NotFoundError } from '../errors.js';
import { correctTypos } from '../understanding/typos.js';
import type { Vocabulary } from '../understanding/vocabulary.js';

export function toProductView(p: CatalogProduct): ProductView {
  return {
    id: p.id,
    sku: p.sku,
    title: p.title,
    description: p.description,
    brand: p.brand,
    category: p.category,
    price: p.price,
    currency: p.currency,
    rating: p.rating,
    reviewCount: p.reviewCount,
    inStock: p.inStock,
    stock: p.stock,
    imageUrl: p.imageUrl,
    url: p.url,
    attributes: p.attributes,
    tags: p.tags,
  };
}

/** Public, read-only catalog API. */
export function catalogRouter({ catalog, vocabulary }: { catalog: CatalogService; vocabulary?: () => Promise<Vocabulary> }): Router {
  const router = Router();

  router.get('/api/products/search', async (req, res) => {
    const query = productSearchQuerySchema.parse(req.query);
    // Misspelt catalog words ("rolx", "calvn klein") are corrected to the store's own, as in chat:
    // BM25 matches only words as written, and the sentence model is not typo-tolerant.
    const text = vocabulary && query.q ? correctTypos(query.q, await vocabulary()) : query.q;
    const result = await catalog.search({
      text,
      filters: {
        category: query.category,
        brandsIn: query.brand,
        brandsOut: query.excludeBrand,
        priceMin: query.minPrice,
        priceMax: query.maxPrice,
        inStock: query.inStock,
      },
      limit: query.limit,
    });
    res.json({
      products: result.candidates.map((c) => toProductView(c.product)),
      empty: result.empty ? { kind: result.empty.kind, summary: result.empty.summary, relaxations: result.empty.relaxations, cheapestPrice: result.empty.cheapestPrice, highestPrice: result.empty.highestPrice, nearestCategories: result.empty.nearestCategories ?? [] } : null,
    });
  });

  router.get('/api/products/:id', async (req, res) => {
    const { id } = productIdParamSchema.parse(req.params);
    const product = await catalog.getProduct(id);
    if (!product) throw new NotFoundError(`No product with id ${id}`, 'PRODUCT_NOT_FOUND');
    res.json({ product: toProductView(product) });
  });

  router.get('/api/products/sku/:sku', async (req, res) => {
    const { sku } = productSkuParamSchema.parse(req.params);
    const product = await catalog.getProductBySku(sku);
    if (!product) throw new NotFoundError(`No product with sku ${sku}`, 'PRODUCT_NOT_FOUND');
    res.json({ product: toProductView(product) });
  });

  router.get('/api/categories', async (_req, res) => {
    res.json({ categories: await catalog.categories() });
  });

  return router;
}
