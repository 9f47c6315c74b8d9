import { describe, expect, it } from 'vitest';
import { csvToObjects, CsvSyntaxError, parseCsv } from '../../server/src/catalog/import/csv.js';
import { htmlToText } from '../../server/src/catalog/import/html-text.js';
import { normalizeRow } from '../../server/src/catalog/import/normalize-row.js';
import { validateRows } from '../../server/src/catalog/import/import-products.js';

describe('CSV parsing', () => {
  it('when fields are quoted, then commas, doubled quotes and newlines stay inside the field', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\nthere'] },
    ]);
  });

  it('when a row has the wrong number of fields, then that row alone carries an error with its line', () => {
    const { rows } = csvToObjects('\uFEFFsku,title\nA,One\nB\nC,Three\n');
    expect(rows.map((r) => [r.row, r.error ?? r.value])).toEqual([
      [2, { sku: 'A', title: 'One' }],
      [3, 'has 1 fields but the header has 2'],
      [4, { sku: 'C', title: 'Three' }],
    ]);
  });

  it('when a quote is never closed, then a syntax error names the line', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(/line 2/);
  });
});

describe('HTML to text', () => {
  it('when a description has markup, scripts and entities, then only readable text is left', () => {
    expect(htmlToText('<p>Waterproof <b>boots</b> &amp; laces</p><script>alert(1)</script><ul><li>Vibram&nbsp;sole</li></ul>')).toBe('Waterproof boots & laces\nVibram sole');
  });
});

describe('import row normalization', () => {
  it('when a Shopify-style row arrives, then its aliases map onto product fields', () => {
    const result = normalizeRow({ Handle: 'h', Title: 'Boot', 'Body (HTML)': '<p>Hi</p>', Vendor: 'Keen', Type: 'Shoes/Hiking', 'Variant SKU': 'S-1', 'Variant Price': '$1,049.50', 'Variant Inventory Qty': '4', 'Image Src': 'x.jpg', Tags: 'a, b,a' });
    expect(result).toMatchObject({ ok: true, product: expect.objectContaining({ sku: 'S-1', title: 'Boot', description: 'Hi', brand: 'Keen', category: 'Shoes > Hiking', price: 1049.5, stock: 4, imageUrl: 'x.jpg', tags: ['a', 'b'] }) });
  });

  it('when a feed row has images, nested attributes and a tag array, then they are kept', () => {
    const result = normalizeRow({ id: 7, name: 'Pack', product_type: 'Outdoor', price: 10, images: [{ src: 'p.jpg' }], tags: ['x'], attributes: { 'Capacity Liters': 32, Waterproof: false } });
    expect(result).toMatchObject({ ok: true, product: expect.objectContaining({ sku: '7', imageUrl: 'p.jpg', tags: ['x'], attributes: { capacity_liters: 32, waterproof: false } }) });
  });

  it('when a row has only an id and a title, then it loads with no category, no price and untracked stock', () => {
    expect(normalizeRow({ sku: 'S-9', title: 'Oriented strand board 19/32 in.' })).toMatchObject({ ok: true, product: expect.objectContaining({ sku: 'S-9', category: '', price: null, stock: null, brand: null }) });
  });

  it.each([
    [{ title: 'x', category: 'c', price: 1 }, /^sku: required/],
    [{ sku: 's', category: 'c', price: 1 }, /^title: required/],
    [{ sku: 's', title: 't', category: 'c', price: 'ten' }, /^price: must be a number/],
    [{ sku: 's', title: 't', category: 'c', price: -1 }, /^price: must be 0 or more/],
    [{ sku: 's', title: 't', category: 'c', price: 1, currency: 'dollars' }, /^currency: must be a 3-letter ISO currency code/],
    [[1, 2], /^is not an object/],
  ])('when a row is %j, then it is refused with a reason', (row, reason) => {
    const result = normalizeRow(row);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)'])('when a product link is %j, then the row is refused', (url) => {
    expect(normalizeRow({ sku: 's', title: 'Boot', category: 'Shoes', price: 10, url })).toMatchObject({ ok: false, reason: expect.stringContaining('url: must be an http(s) URL') });
    expect(normalizeRow({ sku: 's', title: 'Boot', category: 'Shoes', price: 10, image: url })).toMatchObject({ ok: false, reason: expect.stringContaining('imageUrl: must be an http(s) URL') });
  });

  it('when product links are http(s) or relative, then they are kept', () => {
    for (const url of ['https://shop.test/p/1', 'http://shop.test/p/1', '/products/1', 'p.jpg', '//cdn.shop.test/p.jpg']) expect(normalizeRow({ sku: 's', title: 'Boot', category: 'Shoes', price: 10, url }).ok).toBe(true);
  });

  it('when a CSV row without a title has neither a shared handle nor option values, then it is refused, not taken for a variant', () => {
    const { products, failed } = validateRows('sku,title,category,price\nA,Lamp,Home,10\nB,,Home,12\n', 'csv');
    expect(products.map((p) => p.sku)).toEqual(['A']);
    expect(failed).toEqual([{ row: 3, reason: 'title: required (title or name)' }]);
  });
});
