import { afterEach, describe, expect, it } from 'vitest';
import { openPgliteDb, type PgliteDb } from '../../server/src/db/pglite-db.js';
import { preparedStatements, vectorBinary } from '../../server/src/db/pglite-statements.mjs';
import { toVectorParam } from '../../server/src/db/port.js';
import type { Db } from '../../server/src/db/port.js';
import { openMigratedPgliteWorker, type TestDb } from '../support/test-db.js';

/** The parameter format codes of the Bind message that opens a protocol trip (0 text, 1 binary). */
function bindFormats(trip: Uint8Array): number[] {
  const view = new DataView(trip.buffer, trip.byteOffset, trip.byteLength);
  if (trip[0] !== 0x42) return [];
  let offset = 5;
  for (let cstrings = 0; cstrings < 2; offset++) if (trip[offset] === 0) cstrings++;
  const count = view.getInt16(offset);
  return Array.from({ length: count }, (_, i) => view.getInt16(offset + 2 + 2 * i));
}

type Prepared = { name: string; statement: string; generic_plans: number; custom_plans: number };
const preparedNow = async (db: Db) => (await db.query<Prepared>('SELECT name, statement, generic_plans::int, custom_plans::int FROM pg_prepared_statements ORDER BY name')).rows;

describe('PGlite statements kept prepared', () => {
  const opened: Array<Db | TestDb> = [];
  afterEach(async () => {
    for (const handle of opened.splice(0)) await ('cleanup' in handle ? handle.cleanup() : handle.close());
  });
  const fresh = async () => {
    const db = (await openPgliteDb('memory://')) as PgliteDb;
    opened.push(db);
    await db.exec(`CREATE TABLE items (id int PRIMARY KEY, category text NOT NULL, price numeric NOT NULL, tags text[] NOT NULL DEFAULT '{}')`);
    await db.exec(`INSERT INTO items SELECT g, CASE WHEN g <= 990 THEN 'common' ELSE 'rare' END, g, ARRAY['t' || g % 3] FROM generate_series(1, 1000) g`);
    await db.exec('CREATE INDEX ON items (category)');
    await db.exec('ANALYZE items');
    return db;
  };

  it('when one statement runs again with other values, then it is prepared once and every run returns its own rows, as an unprepared run would', async () => {
    const db = await fresh();
    const sql = 'SELECT id, price, tags FROM items WHERE category = $1 AND price <= $2 AND tags && $3::text[] ORDER BY id LIMIT 5';
    for (const [category, max, tags] of [['common', 10, ['t1']], ['rare', 995, ['t0', 't2']], ['common', 3, ['t0']]] as const) {
      const prepared = await db.query(sql, [category, max, tags]);
      const unprepared = await db.pglite.query(sql, [category, max, tags]);
      expect(prepared.rows).toEqual(unprepared.rows);
      expect(prepared.rows.length).toBeGreaterThan(0);
    }
    const statements = (await preparedNow(db)).filter((s) => s.statement === sql);
    expect(statements).toHaveLength(1);
    // Planned for each run's own values, never a generic plan (plan_cache_mode = force_custom_plan).
    expect(statements[0]).toMatchObject({ generic_plans: 0, custom_plans: 3 });
  });

  it('when a statement has run many times, then a rare value still gets a plan of its own', async () => {
    const db = await fresh();
    const sql = 'SELECT count(*)::int AS n FROM items WHERE category = $1';
    for (let i = 0; i < 12; i++) expect((await db.query<{ n: number }>(sql, ['common'])).rows[0]?.n).toBe(990);
    expect((await db.query<{ n: number }>(sql, ['rare'])).rows[0]?.n).toBe(10);
    const [statement] = (await preparedNow(db)).filter((s) => s.statement === sql);
    expect(statement).toMatchObject({ generic_plans: 0, custom_plans: 13 });
  });

  it('when a statement says its plan is reusable, then after five runs planned for their values it keeps one generic plan, while the others are still planned on every run', async () => {
    const db = await fresh();
    const lookup = 'SELECT price FROM items WHERE id = $1';
    const filter = 'SELECT count(*)::int AS n FROM items WHERE category = $1';
    for (let i = 1; i <= 8; i++) {
      expect((await db.query<{ price: string }>(lookup, [i], { reusablePlan: true })).rows[0]?.price).toBe(String(i));
      expect((await db.query<{ n: number }>(filter, [i % 2 ? 'common' : 'rare'])).rows[0]?.n).toBe(i % 2 ? 990 : 10);
    }
    const byText = new Map((await preparedNow(db)).map((s) => [s.statement, s]));
    expect(byText.get(lookup)).toMatchObject({ custom_plans: 5, generic_plans: 3 });
    expect(byText.get(filter)).toMatchObject({ custom_plans: 8, generic_plans: 0 });
  });

  it('when reusable statements run inside a transaction that commits or rolls back, then the statements after it are still planned on every run', async () => {
    const db = await fresh();
    const lookup = 'SELECT price FROM items WHERE id = $1';
    const filter = 'SELECT count(*)::int AS n FROM items WHERE category = $1';
    await db.query(filter, ['rare']);
    await db.transaction(async (tx) => {
      for (let i = 1; i <= 7; i++) await tx.query(lookup, [i], { reusablePlan: true });
      for (let i = 0; i < 6; i++) await tx.query(filter, ['common']); // planned for its value inside the transaction too
    });
    await expect(db.transaction(async (tx) => {
      await tx.query(lookup, [1], { reusablePlan: true });
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    for (const category of ['common', 'rare', 'common']) await db.query(filter, [category]);
    const byText = new Map((await preparedNow(db)).map((s) => [s.statement, s]));
    expect(byText.get(lookup)).toMatchObject({ custom_plans: 5, generic_plans: 3 });
    expect(byText.get(filter)).toMatchObject({ custom_plans: 10, generic_plans: 0 });
    expect((await db.pglite.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).rows[0]?.plan_cache_mode).toBe('force_custom_plan');
  });

  it('when a statement planned on every run fails inside a transaction while the session reuses plans, then after the rollback both kinds still get their own plans', async () => {
    const db = await fresh();
    const lookup = 'SELECT price FROM items WHERE id = $1';
    // Planned on every run by its caller's choice, though a generic plan would do: it shows the mode it ran in.
    const perRun = 'SELECT price FROM items WHERE id = $1 AND 1 / $2 = 1';
    await db.query(lookup, [1], { reusablePlan: true });
    await expect(db.transaction(async (tx) => {
      await tx.query(perRun, [1, 0]); // division by zero aborts the transaction
    })).rejects.toMatchObject({ code: '22012' });
    for (let i = 1; i <= 7; i++) expect((await db.query<{ price: string }>(perRun, [i, 1])).rows[0]?.price).toBe(String(i));
    for (let i = 2; i <= 8; i++) await db.query(lookup, [i], { reusablePlan: true });
    const byText = new Map((await preparedNow(db)).map((s) => [s.statement, s]));
    expect(byText.get(lookup)).toMatchObject({ custom_plans: 5, generic_plans: 3 });
    expect(byText.get(perRun)).toMatchObject({ generic_plans: 0 });
  });

  it('when more statements are used than are kept, then the oldest are closed and prepared again on their next use', async () => {
    const db = await fresh();
    const statements = preparedStatements(db.pglite, { capacity: 3 });
    const texts = [1, 2, 3, 4, 5].map((n) => `SELECT id FROM items WHERE id = $1 AND ${n} = ${n}`);
    for (const [i, sql] of texts.entries()) expect((await statements.query<{ id: number }>(sql, [i + 1])).rows).toEqual([{ id: i + 1 }]);
    expect(statements.size).toBe(3);
    expect((await statements.query<{ id: number }>(texts[0]!, [7])).rows).toEqual([{ id: 7 }]);
    const kept = (await preparedNow(db)).map((s) => s.statement).filter((s) => texts.includes(s));
    expect(kept.sort()).toEqual([texts[0], texts[3], texts[4]].sort());
  });

  it('when a table changes shape under a prepared statement, then the next run prepares it again and returns the new columns', async () => {
    const db = await fresh();
    const sql = 'SELECT * FROM items WHERE id = $1';
    expect(Object.keys((await db.query(sql, [1])).rows[0]!)).toEqual(['id', 'category', 'price', 'tags']);
    await db.exec('ALTER TABLE items ADD COLUMN note text');
    await db.exec(`UPDATE items SET note = 'fresh' WHERE id = 1`);
    expect((await db.query(sql, [1])).rows[0]).toMatchObject({ id: 1, note: 'fresh' });
  });

  it('when a prepared statement fails, then the error keeps its SQLSTATE code and the next statements run', async () => {
    const db = await fresh();
    const insert = 'INSERT INTO items (id, category, price) VALUES ($1, $2, $3)';
    await db.query(insert, [2001, 'new', 1]);
    const error = await db.query(insert, [2001, 'new', 1]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: '23505' });
    expect((await db.query(insert, [2002, 'new', 2])).rowCount).toBe(1);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE category = $1', ['new'])).rows[0]?.n).toBe(2);
  });

  it('when prepared statements run in a transaction that fails, then their writes are undone and statements outside waited for it', async () => {
    const db = await fresh();
    const order: string[] = [];
    const transaction = db.transaction(async (tx) => {
      await tx.query('UPDATE items SET price = $1 WHERE id = $2', [0, 1]);
      order.push('inside');
      await new Promise((resolve) => setImmediate(resolve)); // a turn of the event loop: other work may now interleave
      throw new Error('changed my mind');
    });
    const outside = db.query<{ price: string }>('SELECT price FROM items WHERE id = $1', [1]).then((result) => {
      order.push('outside');
      return result;
    });
    await expect(transaction).rejects.toThrow('changed my mind');
    expect((await outside).rows[0]?.price).toBe('1');
    expect(order).toEqual(['inside', 'outside']);
  });

  it('when utility statements run, then they are not prepared', async () => {
    const db = await fresh();
    const before = (await preparedNow(db)).length;
    await db.query('SET work_mem = 8192');
    await db.query('CREATE TABLE other (id int)');
    await db.query('EXPLAIN SELECT 1');
    expect((await preparedNow(db)).length).toBe(before);
  });

  it('when a statement takes a vector, then it is bound in pgvector\'s binary form and stores exactly what its text form would', async () => {
    const db = await fresh();
    await db.exec('CREATE EXTENSION IF NOT EXISTS vector; CREATE TABLE vecs (id int PRIMARY KEY, v vector(4))');
    const trips: Uint8Array[] = [];
    const send = db.pglite.execProtocolStream.bind(db.pglite);
    db.pglite.execProtocolStream = (message, options) => {
      trips.push(message);
      return send(message, options);
    };
    const vector = [0.1, -2.5, 1e-7, 3.14159];
    await db.query('INSERT INTO vecs (id, v) VALUES ($1, $2)', [1, toVectorParam(vector)]);
    expect(trips.map(bindFormats).filter((formats) => formats.length)).toContainEqual([0, 1]);
    const same = await db.query<{ same: boolean; v: string }>('SELECT v = $1::text::vector AS same, v::text AS v FROM vecs WHERE id = 1', [toVectorParam(vector)]);
    expect(same.rows[0]).toEqual({ same: true, v: '[0.1,-2.5,1e-07,3.14159]' });
    const nearest = await db.query<{ id: number; d: number }>('SELECT id, v <=> $1 AS d FROM vecs ORDER BY v <=> $1 LIMIT 1', [toVectorParam(vector)]);
    expect(nearest.rows[0]?.id).toBe(1);
    expect(nearest.rows[0]?.d).toBeCloseTo(0, 6);
  });

  it('when a vector parameter is not a list of numbers or has the wrong size, then the database\'s own error comes back and the next statement runs', async () => {
    const db = await fresh();
    await db.exec('CREATE EXTENSION IF NOT EXISTS vector; CREATE TABLE vecs (id int PRIMARY KEY, v vector(4))');
    const insert = 'INSERT INTO vecs (id, v) VALUES ($1, $2)';
    await expect(db.query(insert, [1, '[1,abc,3,4]'])).rejects.toMatchObject({ code: '22P02' });
    await expect(db.query(insert, [1, '[1,2,3]'])).rejects.toMatchObject({ code: '22000', message: expect.stringContaining('expected 4 dimensions') });
    expect((await db.query(insert, [1, '[1,2,3,4]'])).rowCount).toBe(1);
  });

  it('when a vector\'s text form is converted, then the binary form holds its size and values, and anything else is left to the database', () => {
    const binary = vectorBinary('[1.5, -2, 0]')!;
    const view = new DataView(binary.buffer);
    expect([view.getInt16(0), view.getInt16(2), view.getFloat32(4), view.getFloat32(8), view.getFloat32(12)]).toEqual([3, 0, 1.5, -2, 0]);
    for (const text of ['[]', '[1,,2]', '[1,NaN]', '[1,Infinity]', '1,2', 'abc', 42]) expect(vectorBinary(text)).toBeNull();
  });

  it('when PGlite runs on its worker thread, then its statements are prepared there too', async () => {
    const handle = await openMigratedPgliteWorker();
    opened.push(handle);
    const sql = 'SELECT count(*)::int AS n FROM sessions WHERE created_at < now() - make_interval(secs => $1)';
    for (const seconds of [1, 2, 3]) expect((await handle.db.query<{ n: number }>(sql, [seconds])).rows[0]?.n).toBe(0);
    expect((await preparedNow(handle.db)).filter((s) => s.statement === sql)).toMatchObject([{ custom_plans: 3, generic_plans: 0 }]);
    const lookup = 'SELECT count(*)::int AS n FROM sessions WHERE id = $1';
    for (let i = 0; i < 7; i++) await handle.db.query(lookup, [crypto.randomUUID()], { reusablePlan: true });
    expect((await preparedNow(handle.db)).filter((s) => s.statement === lookup)).toMatchObject([{ custom_plans: 5, generic_plans: 2 }]);
  });
});
