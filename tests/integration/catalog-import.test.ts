import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importProducts, ImportFileError } from '../../server/src/catalog/import/import-products.js';
import { getProductBySku } from '../../server/src/catalog/catalog-queries.js';
import { LocalEmbedder } from '../../server/src/embedding/local-embedder.js';
import type { Db } from '../../server/src/db/port.js';
import { ROOT_DIR } from '../../server/src/paths.js';
import { available } from '../support/required.js';
import { bothDrivers, type TestDb } from '../support/test-db.js';

/** A real merchant export, shared beside the project (never copied into it). */
const VENDURE = path.join(ROOT_DIR, '..', 'shared', 'datasets', 'vendure-products.csv');
const hasVendure = available(existsSync(VENDURE), `the shared Vendure export at ${VENDURE}`);

const fixture = (name: string) => readFileSync(path.join(ROOT_DIR, 'tests', 'fixtures', 'import', name), 'utf8');
const embedder = new LocalEmbedder(384);

describe.each(bothDrivers)('catalog import on $name', ({ open }) => {
  let opened: TestDb | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  const db = async (): Promise<Db> => (opened = await open({ migrated: true })).db;

  it('when a CSV export has good and bad rows, then good rows load and each bad row is reported by row number', async () => {
    const database = await db();
    const report = await importProducts({ db: database, embedder, content: fixture('shopify-export.csv'), format: 'csv' });
    expect(report.loaded).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(report.failed).toEqual([
      { row: 4, reason: 'price: must be a number' },
      { row: 5, reason: 'title: required (title or name)' },
      { row: 8, reason: 'has 2 fields but the header has 11' },
    ]);
    const shoe = await getProductBySku(database, 'SHOP-1');
    expect(shoe).toMatchObject({ title: 'Trail Runner GTX', brand: 'Salomon', category: 'Shoes > Running', price: 129, stock: 12, imageUrl: 'https://cdn.example.com/trail.jpg', tags: ['running', 'trail', 'waterproof'], attributes: { color: 'blue' } });
    expect(shoe?.description).toBe('Waterproof trail shoe & more.');
    const lamp = await getProductBySku(database, 'SHOP-5');
    expect(lamp).toMatchObject({ price: 1049.5, description: 'A lamp with a "warm" glow,\non two lines' });
    const embedded = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE embedding IS NOT NULL');
    expect(embedded.rows[0]?.n).toBe(3);
  });

  it('when the same file is imported twice, then the second import changes nothing', async () => {
    const database = await db();
    await importProducts({ db: database, embedder, content: fixture('feed.json'), format: 'json' });
    const before = await database.query('SELECT sku, updated_at, embedding::text FROM products ORDER BY sku');
    const again = await importProducts({ db: database, embedder, content: fixture('feed.json'), format: 'json' });
    expect(again.loaded).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect((await database.query('SELECT sku, updated_at, embedding::text FROM products ORDER BY sku')).rows).toEqual(before.rows);
  });

  it('when a row changes between imports, then only that product is updated', async () => {
    const database = await db();
    await importProducts({ db: database, embedder, content: fixture('feed.json'), format: 'json' });
    const changed = fixture('feed.json').replace('"price": 149.95', '"price": 139.95');
    const report = await importProducts({ db: database, embedder, content: changed, format: 'json' });
    expect(report.loaded).toEqual({ inserted: 0, updated: 1, unchanged: 2 });
    expect((await getProductBySku(database, 'FEED-1'))?.price).toBe(139.95);
  });

  it('when a JSON feed uses aliases, then images[0], nested attributes and reviews are read', async () => {
    const database = await db();
    const report = await importProducts({ db: database, embedder, content: fixture('feed.json'), format: 'json' });
    expect(report.failed.map((f) => f.row)).toEqual([3, 5, 6, 7]);
    // Only an id and a title are required: a row without a category loads, filed under none.
    expect(await getProductBySku(database, 'FEED-4')).toMatchObject({ title: 'No Category', category: '', price: 5, stock: null });
    expect(report.failed.find((f) => f.row === 6)?.reason).toBe('sku FEED-2 repeats row 2');
    expect(await getProductBySku(database, 'FEED-1')).toMatchObject({ category: 'Outdoor > Backpacks', imageUrl: 'https://cdn.example.com/bp.jpg', rating: 4.6, reviewCount: 212, attributes: { color: 'green', capacity_liters: 32, waterproof: false } });
    expect(await getProductBySku(database, 'FEED-2')).toMatchObject({ description: 'Conical burrs', brand: 'Breville', price: 199.99 });
  });

  it('when a feed nests reviews, dimensions and meta, then every row loads: reviews counted and rated, facts kept as attributes, bookkeeping left out', async () => {
    const database = await db();
    const report = await importProducts({ db: database, embedder, content: fixture('nested-feed.json'), format: 'json' });
    expect(report.failed).toEqual([]);
    expect(report.loaded.inserted).toBe(3);
    // The report says where each field came from, what was defaulted, kept or not used.
    expect(report.fields.mapped).toEqual(expect.arrayContaining([
      { field: 'sku', columns: [{ column: 'sku', rows: 2 }, { column: 'id', rows: 1 }] },
      { field: 'reviewCount', columns: [{ column: 'reviews', rows: 2 }] },
      { field: 'imageUrl', columns: [{ column: 'thumbnail', rows: 1 }] },
    ]));
    expect(report.fields.defaulted).toEqual(expect.arrayContaining([{ field: 'description', to: 'empty', rows: 1 }, { field: 'brand', to: 'none', rows: 1 }, { field: 'imageUrl', to: 'none (a placeholder image)', rows: 2 }]));
    expect(report.fields.keptAsAttributes).toEqual(expect.arrayContaining([{ column: 'dimensions', rows: 2 }, { column: 'warranty_information', rows: 1 }]));
    expect(report.fields.ignored).toEqual(expect.arrayContaining([{ column: 'meta', rows: 2 }, { column: 'images', rows: 1 }]));
    const lipstick = (await getProductBySku(database, 'LUM-LIP-001'))!;
    expect(lipstick).toMatchObject({ rating: 4.3, reviewCount: 2, brand: 'Lumen', imageUrl: 'https://cdn.example.com/lipstick-thumb.png' });
    expect(lipstick.attributes).toMatchObject({ dimensions_width: 2.1, dimensions_height: 8.4, warranty_information: 'No warranty', availability_status: 'In Stock', return_policy: '30 days return policy', minimum_order_quantity: 2, discount_percentage: 8.1 });
    expect(Object.keys(lipstick.attributes).filter((k) => /meta|barcode|created|qr|review|image|thumbnail/.test(k))).toEqual([]);
    // No rating of its own: the mean of its reviews.
    expect(await getProductBySku(database, 'NOR-EDP-050')).toMatchObject({ rating: 4, reviewCount: 1, category: 'fragrances' });
    // No sku of its own: its id is one; an empty reviews array is no rating.
    expect(await getProductBySku(database, '3')).toMatchObject({ title: 'Steel Garden Trowel', price: 9.99, rating: null, reviewCount: 0, attributes: {} });
  });

  it('when a Shopify export groups variants by Handle, then each variant is a product named by its options, with the product row\'s fields', async () => {
    const database = await db();
    const report = await importProducts({ db: database, embedder, content: fixture('shopify-variants.csv'), format: 'csv' });
    expect(report.loaded.inserted).toBe(4);
    // A titleless row under another handle is no variant of the rows before it.
    expect(report.failed).toEqual([{ row: 6, reason: 'title: required (title or name)' }]);
    expect(await getProductBySku(database, 'RIDGE-10-BK')).toMatchObject({ title: 'Ridge Hiking Boot — 10, Black', brand: 'Keen', category: 'Shoes > Hiking', price: 159, stock: 2, description: 'Leather boot with a grippy sole.', attributes: { size: '10', color: 'Black' } });
    expect(await getProductBySku(database, 'RIDGE-10-BR')).toMatchObject({ title: 'Ridge Hiking Boot — 10, Brown', stock: 0 });
    // "Title: Default Title" is Shopify's way of saying there are no options; platform columns stay out.
    const mug = (await getProductBySku(database, 'MUG-1'))!;
    expect(mug.title).toBe('Plain Mug');
    expect(Object.keys(mug.attributes)).toEqual([]);
    expect(report.fields.ignored.map((i) => i.column)).toEqual(expect.arrayContaining(['published', 'variant_inventory_policy']));
  });

  it('when a WooCommerce export is imported, then Categories (not Type), Regular price, the first image and the attribute pairs are read', async () => {
    const database = await db();
    const report = await importProducts({ db: database, embedder, content: fixture('woocommerce-export.csv'), format: 'csv' });
    expect(report.failed).toEqual([]);
    expect(await getProductBySku(database, 'WOO-HOODIE')).toMatchObject({ title: 'Fleece Hoodie', category: 'Clothing > Hoodies', price: 45, stock: 14, imageUrl: 'https://shop.example.com/hoodie-front.jpg', tags: ['winter', 'fleece'], description: 'Brushed fleece hoodie with a kangaroo pocket.', attributes: { color: 'Grey', material: 'Cotton' } });
    expect(await getProductBySku(database, 'WOO-BEANIE')).toMatchObject({ title: 'Knit Beanie', category: 'Clothing > Accessories', attributes: { color: 'Navy' } });
  });

  it.runIf(hasVendure)('when Vendure\'s own export is imported as it is, then every product and variant loads with its facets, options and stock', async () => {
    const database = await db();
    const report = await importProducts({ db: database, embedder, content: readFileSync(VENDURE, 'utf8'), format: 'csv' });
    // The file repeats one sku three times: the repeats are refused, naming the first row.
    expect(report.failed).toEqual([
      { row: 88, reason: 'sku 404.038.96 repeats row 87' },
      { row: 89, reason: 'sku 404.038.96 repeats row 87' },
    ]);
    expect(report.loaded.inserted).toBe(86);
    expect(await getProductBySku(database, 'L2201516')).toMatchObject({ title: 'Laptop — 15 inch, 16GB', category: 'Electronics > Computers', price: 2299, stock: 100, attributes: { screen_size: '15 inch', ram: '16GB' } });
    expect(await getProductBySku(database, '834444')).toMatchObject({ title: 'Wireless Optical Mouse', category: 'Electronics > Computers', price: 18.99 });
  });

  it('when the file itself is broken, then the whole import is refused with a code and nothing loads', async () => {
    const database = await db();
    await expect(importProducts({ db: database, embedder, content: '{"products": [', format: 'json' })).rejects.toMatchObject({ code: 'IMPORT_JSON_INVALID' });
    await expect(importProducts({ db: database, embedder, content: '{"items": []}', format: 'json' })).rejects.toBeInstanceOf(ImportFileError);
    await expect(importProducts({ db: database, embedder, content: 'sku,title\n"A,One\n', format: 'csv' })).rejects.toMatchObject({ code: 'IMPORT_CSV_INVALID' });
    expect((await database.query('SELECT 1 FROM products')).rowCount).toBe(0);
  });
});
