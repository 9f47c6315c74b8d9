import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainEmptyResult } from '../../server/src/catalog/explain-empty.js';
import { attributeContainment, filterConditions, whereClause, type ProductFilters } from '../../server/src/catalog/filters.js';
import type { Db } from '../../server/src/db/port.js';
import { SqlParams } from '../../server/src/db/sql-params.js';
import { bothDrivers, type TestDb } from '../support/test-db.js';

/** Attribute values stored in every shape a catalog import can produce. */
const STORED: Array<Record<string, unknown>> = [
  { color: 'Black', waterproof: true, size: 42 },
  { color: 'black', waterproof: 'True', size: '42' },
  { color: 'BLACK', waterproof: false, size: 42.5 },
  { color: 'Jet Black', waterproof: 'yes' },
  { color: ['black', 'red'], waterproof: null },
  { color: { shade: 'Black' } },
  { Color: 'black' },
  { color: 'Ébène', tag: 'line\nbreak "quoted"' },
  {},
];

/** Each filter with how many of the stored products its own SQL condition keeps. */
const FILTERS: Array<[ProductFilters, number]> = [
  [{ attributes: { color: ['black'] } }, 3],
  [{ attributes: { color: ['BLACK', 'jet black'] } }, 4],
  [{ attributes: { waterproof: [true] } }, 2],
  [{ attributes: { waterproof: ['true'], color: ['black'] } }, 2],
  [{ attributes: { size: [42] } }, 2],
  [{ attributes: { size: ['42.5'] } }, 1],
  [{ attributes: { color: ['["black", "red"]'] } }, 1],
  [{ attributes: { color: ['{"shade": "black"}'] } }, 1],
  [{ attributes: { color: ['ébène'] } }, 1],
  [{ attributes: { tag: ['line\nbreak "quoted"'] } }, 1],
  [{ attributes: { color: ['white'] } }, 0],
];

describe.each(bothDrivers)('the folded-attributes prefilter on $name', ({ open }) => {
  let opened: TestDb;
  let db: Db;
  beforeAll(async () => {
    opened = await open({ migrated: true });
    db = opened.db;
    for (const [i, attributes] of STORED.entries()) {
      await db.query(`INSERT INTO products (sku, title, category, price, attributes) VALUES ($1, $2, 'Shoes > Hiking', $3, $4::jsonb)`, [`A-${i}`, `Boot ${i}`, 50 + i, JSON.stringify(attributes)]);
    }
  });
  afterAll(() => opened.cleanup());

  const count = async (filters: ProductFilters, withPrefilter: boolean) => {
    const params = new SqlParams();
    const where = whereClause(filterConditions(filters, params), withPrefilter ? attributeContainment(filters, params) : []);
    return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM products p ${where}`, params.values)).rows[0]!.n;
  };

  it.each(FILTERS)('when products are filtered on %j, then the prefilter keeps every product the filter keeps (%i)', async (filters, kept) => {
    expect(await count(filters, false)).toBe(kept);
    expect(await count(filters, true)).toBe(kept);
  });

  it('when an attribute search comes back empty, then the relaxation counts are those of the filters without the prefilter', async () => {
    const filters: ProductFilters = { category: 'Shoes > Trail', priceMax: 52, attributes: { color: ['black'], waterproof: [true] } };
    const explanation = await explainEmptyResult(db, filters);
    expect(explanation.relaxations.find((r) => r.filter === 'category')?.matchesWithout).toBe(await count({ priceMax: 52, attributes: filters.attributes }, false));
    expect(explanation.relaxations.find((r) => r.filter === 'category')?.matchesWithout).toBe(2);
  });
});
