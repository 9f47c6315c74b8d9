import { afterEach, describe, expect, it } from 'vitest';
import { fromVectorValue, toVectorParam, type Db } from '../../server/src/db/port.js';
import { allDrivers, type TestDb } from '../support/test-db.js';

const COPY_TABLE = `
  CREATE TABLE copy_probe (
    name text, id uuid, small integer, big bigint, ratio real, score double precision,
    price numeric(12, 2), active boolean, attrs jsonb, seen_at timestamptz, tags text[], embedding vector(3)
  )`;

describe.each(allDrivers)('database port on $name', ({ open }) => {
  let opened: TestDb | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  const migrated = async (): Promise<Db> => (opened = await open({ migrated: true })).db;

  it('when a vector is inserted, then a nearest-neighbour query returns it first', async () => {
    const db = await migrated();
    await db.exec(`CREATE TABLE vec_probe (id integer PRIMARY KEY, embedding vector(3));`);
    const vectors: Array<[number, number[]]> = [
      [1, [1, 0, 0]],
      [2, [0, 1, 0]],
      [3, [0.7, 0.7, 0.1]],
    ];
    for (const [id, v] of vectors) await db.query('INSERT INTO vec_probe VALUES ($1, $2)', [id, toVectorParam(v)]);
    const { rows } = await db.query<{ id: number; embedding: unknown; distance: number }>(
      'SELECT id, embedding, embedding <=> $1 AS distance FROM vec_probe ORDER BY embedding <=> $1 LIMIT 2',
      [toVectorParam([0.1, 0.95, 0])],
    );
    expect(rows.map((r) => r.id)).toEqual([2, 3]);
    expect(fromVectorValue(rows[0]?.embedding)).toEqual([0, 1, 0]);
  });

  it('when products get embeddings, then the HNSW cosine index finds the closest product', async () => {
    const db = await migrated();
    const dims = 384;
    const unit = (i: number) => Array.from({ length: dims }, (_, d) => (d === i ? 1 : 0.01));
    for (let i = 0; i < 20; i++) {
      await db.query(
        `INSERT INTO products (sku, title, category, price, embedding) VALUES ($1, $2, 'Shoes > Hiking', 10, $3)`,
        [`SKU-${i}`, `Boot ${i}`, toVectorParam(unit(i))],
      );
    }
    const { rows } = await db.query<{ sku: string }>('SELECT sku FROM products ORDER BY embedding <=> $1 LIMIT 1', [toVectorParam(unit(7))]);
    expect(rows[0]?.sku).toBe('SKU-7');
  });

  it('when rows are bulk-loaded by binary COPY, then every type reads back intact', async () => {
    const db = await migrated();
    await db.exec(COPY_TABLE);
    const seenAt = new Date('2026-01-02T03:04:05.678Z');
    const count = await db.copyRows({
      table: 'copy_probe',
      columns: [
        { name: 'name', type: 'text' },
        { name: 'id', type: 'uuid' },
        { name: 'small', type: 'int4' },
        { name: 'big', type: 'int8' },
        { name: 'ratio', type: 'float4' },
        { name: 'score', type: 'float8' },
        { name: 'price', type: 'numeric' },
        { name: 'active', type: 'bool' },
        { name: 'attrs', type: 'jsonb' },
        { name: 'seen_at', type: 'timestamptz' },
        { name: 'tags', type: 'text[]' },
        { name: 'embedding', type: 'vector' },
      ],
      rows: [
        ['Trail “GTX” boot ✓', '6f1c2b9e-3d4a-4e5f-8a9b-0c1d2e3f4a5b', -42, 9_007_199_254_740, 0.5, 4.75, '1234.56', true, { color: 'blue', sizes: [8, 9] }, seenAt, ['waterproof', 'hiking'], [0.25, -1, 3]],
        ['nulls', null, null, null, null, null, 0.1, false, null, null, [], null],
        ['negative price text', null, 0, 0, 0, 0, '-0.05', null, [], null, ['a', null], null],
      ],
      batchSize: 2,
    });
    expect(count).toBe(3);
    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM copy_probe ORDER BY small NULLS LAST');
    const [first, third, second] = rows;
    expect(first).toMatchObject({ name: 'Trail “GTX” boot ✓', id: '6f1c2b9e-3d4a-4e5f-8a9b-0c1d2e3f4a5b', small: -42, big: 9_007_199_254_740, ratio: 0.5, score: 4.75, price: '1234.56', active: true, attrs: { color: 'blue', sizes: [8, 9] }, tags: ['waterproof', 'hiking'] });
    expect((first?.seen_at as Date).toISOString()).toBe(seenAt.toISOString());
    expect(fromVectorValue(first?.embedding)).toEqual([0.25, -1, 3]);
    expect(second).toMatchObject({ name: 'nulls', id: null, price: '0.10', tags: [], embedding: null });
    expect(third).toMatchObject({ price: '-0.05', attrs: [], tags: ['a', null] });
  });

  it('when a row does not fit its declared columns, then copyRows fails with the column named', async () => {
    const db = await migrated();
    await db.exec(COPY_TABLE);
    await expect(
      db.copyRows({ table: 'copy_probe', columns: [{ name: 'small', type: 'int4' }], rows: [[1.5]] }),
    ).rejects.toThrow(/column small \(int4\): not an integer/);
  });

  it('when work inside a transaction throws, then none of it is kept', async () => {
    const db = await migrated();
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO products (sku, title, category, price) VALUES ('TX-1', 'Kept?', 'Home', 5)`);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE sku = 'TX-1'`);
    expect(rows[0]?.n).toBe(0);
  });

  it('when a product is saved, then its weighted full-text vector matches title and brand words', async () => {
    const db = await migrated();
    await db.query(
      `INSERT INTO products (sku, title, description, category, brand, price) VALUES ('FT-1', 'Trailmaster Boot', 'Waterproof leather upper', 'Shoes > Hiking', 'Merrell', 109)`,
    );
    const { rows } = await db.query<{ sku: string }>(`SELECT sku FROM products WHERE search_tsv @@ plainto_tsquery('english', $1)`, ['merrell waterproof boots']);
    expect(rows.map((r) => r.sku)).toEqual(['FT-1']);
  });

  it('when the database answers, then ping is true', async () => {
    expect(await (await migrated()).ping()).toBe(true);
  });
});

describe('embedded database cache size', () => {
  it('when a page cache size is configured, then PGlite starts with that shared_buffers and keeps it', async () => {
    const { openPgliteDb } = await import('../../server/src/db/pglite-db.js');
    const { tempDir } = await import('../support/test-db.js');
    const dir = `${tempDir('aisle-sb-')}/pgdata`;
    const read = async (mb: number) => {
      const db = await openPgliteDb(dir, { sharedBuffersMb: mb });
      const { rows } = await db.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'shared_buffers'");
      await db.close();
      return Number(rows[0]?.setting);
    };
    expect(await read(48)).toBe(48 * 128);
    expect(await read(48)).toBe(48 * 128);
    expect(await read(32)).toBe(32 * 128);
  });
});
