import { describe, expect, it } from 'vitest';
import { CATALOG_SPEC } from '../../seed/catalog-spec.js';
import { generateCatalog } from '../../seed/generate-catalog.js';

const catalog = [...generateCatalog({ count: 5000 })];
const specOf = (path: string) => CATALOG_SPEC.find((s) => s.path === path);

describe('seed catalog generator', () => {
  it('when generated twice with the same seed, then the products are identical', () => {
    expect([...generateCatalog({ count: 300, seed: 7 })]).toEqual([...generateCatalog({ count: 300, seed: 7 })]);
  });

  it('when the seed changes, then the products change but the skus stay the same', () => {
    const a = [...generateCatalog({ count: 50, seed: 1 })];
    const b = [...generateCatalog({ count: 50, seed: 2 })];
    expect(a.map((p) => p.sku)).toEqual(b.map((p) => p.sku));
    expect(a.filter((p, i) => p.title === b[i]?.title).length).toBeLessThan(10);
  });

  it('when a larger catalog is generated, then its first products are the same as a smaller one', () => {
    expect([...generateCatalog({ count: 1000 })].slice(0, 100)).toEqual(catalog.slice(0, 100));
  });

  it('when 5,000 products are generated, then they span at least 15 top-level categories with unique skus', () => {
    const tops = new Set(catalog.map((p) => p.category.split(' > ')[0]));
    expect(tops.size).toBeGreaterThanOrEqual(15);
    expect(new Set(catalog.map((p) => p.sku)).size).toBe(5000);
  });

  it('when a product is generated, then its price lies in its category range and its brand belongs there', () => {
    for (const p of catalog) {
      const spec = specOf(p.category);
      expect(spec, p.category).toBeDefined();
      expect(p.price).toBeGreaterThanOrEqual(spec!.price[0]);
      expect(p.price).toBeLessThanOrEqual(spec!.price[1]);
      expect(spec!.brands).toContain(p.brand);
      expect(Math.round(p.price! * 100) / 100).toBe(p.price);
    }
  });

  it('when a description is written, then it mentions every attribute value and every true flag', () => {
    for (const p of catalog) {
      const spec = specOf(p.category)!;
      const text = p.description.toLowerCase();
      for (const [key, value] of Object.entries(p.attributes)) {
        const attr = spec.attributes[key]!;
        if (attr.kind === 'pick') expect(text, `${p.sku} ${key}`).toContain(String(value).toLowerCase());
        else if (value === true) expect(text, `${p.sku} ${key}`).toContain(attr.phrase.toLowerCase());
      }
    }
  });

  it('when a flag is true, then the title says so too', () => {
    const waterproofBoots = catalog.filter((p) => p.category === 'Shoes > Hiking' && p.attributes.waterproof === true);
    expect(waterproofBoots.length).toBeGreaterThan(20);
    for (const p of waterproofBoots) expect(p.title).toContain('Waterproof');
  });

  it('when ratings and stock are generated, then they are plausible and some products are out of stock', () => {
    const outOfStock = catalog.filter((p) => p.stock === 0).length;
    expect(outOfStock / catalog.length).toBeGreaterThan(0.03);
    expect(outOfStock / catalog.length).toBeLessThan(0.15);
    for (const p of catalog) {
      if (p.reviewCount === 0) expect(p.rating).toBeNull();
      else expect(p.rating).toBeGreaterThanOrEqual(2.5);
      expect(p.rating ?? 0).toBeLessThanOrEqual(5);
      expect(p.imageUrl).toMatch(/^\/images\/products\/[a-z0-9-]+\/[a-z0-9-]+\.svg$/);
    }
  });
});
