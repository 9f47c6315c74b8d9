import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductView } from '../../server/src/contracts/catalog.js';
import { createApp, type App } from '../../server/src/app.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { captureLogger } from '../support/capture-logger.js';
import { testConfig } from '../support/test-config.js';
import { openMigratedPglite } from '../support/test-db.js';

describe('catalog HTTP API', () => {
  let app: App;
  let base: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const database = await openMigratedPglite();
    const config = testConfig();
    const app_ = await createApp(config, { db: database.db, logger: captureLogger().logger, prepareDb: (db) => seedCatalog({ db, config, count: 800 }).then(() => undefined) });
    app = app_;
    base = `http://127.0.0.1:${(await app.listen()).port}`;
    cleanup = async () => {
      await app.close();
      await database.cleanup();
    };
  });
  afterAll(async () => cleanup());

  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('when searching with filters, then every product respects them', async () => {
    const { status, body } = await get('/api/products/search?q=waterproof%20hiking%20boots&category=shoes&maxPrice=150&excludeBrand=Salomon,Keen&inStock=true&limit=10');
    expect(status).toBe(200);
    const products = body.products as ProductView[];
    expect(products.length).toBeGreaterThan(0);
    for (const p of products) {
      expect(p.category.startsWith('Shoes > ')).toBe(true);
      expect(p.price).toBeLessThanOrEqual(150);
      expect(['Salomon', 'Keen']).not.toContain(p.brand);
      expect(p.inStock).toBe(true);
    }
    expect(products[0]?.title).toMatch(/Waterproof/);
  });

  it('when nothing matches, then the answer explains which filter emptied it', async () => {
    const { body } = await get('/api/products/search?q=boots&category=Shoes%20%3E%20Hiking&maxPrice=5');
    expect(body.products).toEqual([]);
    expect((body.empty as { summary: string }).summary).toMatch(/^Nothing matches all of: in Shoes > Hiking, under \$5\. The cheapest in Shoes > Hiking is \$\d+\.\d\d/);
  });

  it.each([
    ['/api/products/search?minPrice=50&maxPrice=10', 'minPrice'],
    ['/api/products/search?maxPrice=cheap', 'maxPrice'],
    ['/api/products/search?limit=1000', 'limit'],
    ['/api/products/search?inStock=maybe', 'inStock'],
  ])('when the query %s is invalid, then it is a 400 naming %s', async (path, field) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    const error = body.error as { code: string; issues: Array<{ path: string }> };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((i) => i.path)).toContain(field);
  });

  it('when a product is requested by id, then its database facts come back; an unknown id is a 404', async () => {
    const search = await get('/api/products/search?q=espresso&limit=1');
    const first = (search.body.products as ProductView[])[0]!;
    const { status, body } = await get(`/api/products/${first.id}`);
    expect(status).toBe(200);
    expect(body.product).toEqual(first);
    const missing = await get('/api/products/999999');
    expect(missing).toEqual({ status: 404, body: { error: { code: 'PRODUCT_NOT_FOUND', message: 'No product with id 999999' } } });
  });

  it('when categories are listed, then parents count their children and the totals match the catalog', async () => {
    const { body } = await get('/api/categories');
    const categories = body.categories as Array<{ path: string; depth: number; count: number }>;
    const top = categories.filter((c) => c.depth === 0);
    expect(top.reduce((sum, c) => sum + c.count, 0)).toBe(800);
    const shoes = categories.find((c) => c.path === 'Shoes')!;
    expect(categories.filter((c) => c.path.startsWith('Shoes > ')).reduce((s, c) => s + c.count, 0)).toBe(shoes.count);
  });

  it('when a product image is requested, then a local SVG placeholder is served', async () => {
    const res = await fetch(`${base}/images/products/shoes-hiking/olive.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await res.text();
    expect(svg).toContain('<svg');
    expect(svg).toContain('#6b7440');
    const bad = await fetch(`${base}/images/products/%3Cscript%3E/olive.svg`);
    expect(bad.status).toBe(400);
  });

  it('when the merchant import endpoint is called without an account, then it is refused', async () => {
    const res = await fetch(`${base}/api/catalog/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUTH_REQUIRED');
  });
});
