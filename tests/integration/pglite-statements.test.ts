import { afterEach, describe, expect, it } from 'vitest';
import { openPgliteDb, type PgliteDb } from '../../server/src/db/pglite-db.js';
import { preparedStatements } from '../../server/src/db/pglite-statements.mjs';
import type { Db } from '../../server/src/db/port.js';
import { openMigratedPgliteWorker, type TestDb } from '../support/test-db.js';

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
      await new Promise((resolve) => setTimeout(resolve, 20));
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

  it('when PGlite runs on its worker thread, then its statements are prepared there too', async () => {
    const handle = await openMigratedPgliteWorker();
    opened.push(handle);
    const sql = 'SELECT count(*)::int AS n FROM sessions WHERE created_at < now() - make_interval(secs => $1)';
    for (const seconds of [1, 2, 3]) expect((await handle.db.query<{ n: number }>(sql, [seconds])).rows[0]?.n).toBe(0);
    expect((await preparedNow(handle.db)).filter((s) => s.statement === sql)).toMatchObject([{ custom_plans: 3, generic_plans: 0 }]);
  });
});
