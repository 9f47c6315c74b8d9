import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgliteDb } from '../../server/src/db/pglite-db.js';
import type { Worker } from 'node:worker_threads';
import { openPgliteWorkerDb } from '../../server/src/db/pglite-worker-db.js';
import type { Db } from '../../server/src/db/port.js';
import { openMigratedPgliteWorker, tempDir, type TestDb } from '../support/test-db.js';

describe('PGlite on a worker thread', () => {
  let opened: TestDb | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  const migrated = async (): Promise<Db> => (opened = await openMigratedPgliteWorker()).db;

  it('when the same statements run on the worker and on the caller thread, then rows and counts are identical', async () => {
    const sql = `SELECT g AS n, g::numeric / 3 AS third, now() - make_interval(days => g) < now() AS past, jsonb_build_object('g', g, 'tags', ARRAY['a', 'b']) AS doc,
                 '2026-01-02T03:04:05Z'::timestamptz AS at, ARRAY[g, g + 1] AS pair, NULL::text AS nothing FROM generate_series(1, 3) g`;
    const worker = await migrated();
    const local = await openPgliteDb('memory://');
    try {
      expect(await worker.query(sql)).toEqual(await local.query(sql));
      await worker.exec('CREATE TABLE probe (id int PRIMARY KEY, note text)');
      const inserted = await worker.query('INSERT INTO probe VALUES (1, $1), (2, $2)', ['one', 'two']);
      expect(inserted.rowCount).toBe(2);
      expect((await worker.query('UPDATE probe SET note = upper(note)')).rowCount).toBe(2);
      expect((await worker.query<{ at: Date }>(sql)).rows[0]?.at).toBeInstanceOf(Date);
    } finally {
      await local.close();
    }
  });

  it('when a statement fails, then the error keeps its SQLSTATE code and message and the next statement runs', async () => {
    const db = await migrated();
    await db.exec('CREATE TABLE unique_probe (id int PRIMARY KEY)');
    await db.query('INSERT INTO unique_probe VALUES (1)');
    const error = await db.query('INSERT INTO unique_probe VALUES (1)').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', message: expect.stringContaining('unique_probe_pkey') });
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM unique_probe')).rows[0]?.n).toBe(1);
  });

  it('when a transaction is open, then a statement from outside it waits and sees what it committed', async () => {
    const db = await migrated();
    await db.exec('CREATE TABLE tx_probe (id int)');
    let outside: Promise<number> | undefined;
    const order: string[] = [];
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe VALUES (1)');
      outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM tx_probe').then((result) => {
        order.push('outside');
        return result.rows[0]?.n ?? -1;
      });
      await new Promise((resolve) => setImmediate(resolve)); // a turn of the event loop: other work may now interleave
      await tx.query('INSERT INTO tx_probe VALUES (2)');
      order.push('transaction');
    });
    expect(await outside).toBe(2);
    expect(order).toEqual(['transaction', 'outside']);
  });

  it('when two transactions are started at once, then the second begins after the first ends and both are kept', async () => {
    const db = await migrated();
    await db.exec('CREATE TABLE tx_pair (id int, seen int)');
    const insertAfterCount = (id: number) =>
      db.transaction(async (tx) => {
        const seen = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM tx_pair')).rows[0]?.n ?? -1;
        await new Promise((resolve) => setImmediate(resolve)); // a turn of the event loop: other work may now interleave
        await tx.query('INSERT INTO tx_pair VALUES ($1, $2)', [id, seen]);
      });
    await Promise.all([insertAfterCount(1), insertAfterCount(2)]);
    const { rows } = await db.query<{ id: number; seen: number }>('SELECT id, seen FROM tx_pair ORDER BY id');
    expect(rows).toEqual([
      { id: 1, seen: 0 },
      { id: 2, seen: 1 },
    ]);
  });

  it('when the database thread stops, then waiting and later statements fail clearly and ping is false', async () => {
    const db = await migrated();
    const slow = db.query('SELECT pg_sleep(0.5)');
    await new Promise((resolve) => setImmediate(resolve)); // a turn of the event loop: other work may now interleave
    // Stands in for a WebAssembly abort or an out-of-memory end of the thread.
    await (db as unknown as { worker: Worker }).worker.terminate();
    await expect(slow).rejects.toThrow(/database thread stopped/);
    await expect(db.query('SELECT 1')).rejects.toThrow(/database thread stopped/);
    expect(await db.ping()).toBe(false);
  });

  it('when the data folder cannot be opened, then opening fails with the reason and leaves no thread behind', async () => {
    const notAFolder = path.join(tempDir('aisle-worker-'), 'file');
    writeFileSync(notAFolder, 'not a database');
    await expect(openPgliteWorkerDb(notAFolder)).rejects.toThrow(/EEXIST|ENOTDIR|not a directory|exists/i);
  });

  it('when data is written and the database reopened on a new thread, then it is still there', async () => {
    const dir = path.join(tempDir('aisle-worker-'), 'pgdata');
    const first = await openPgliteWorkerDb(dir, { sharedBuffersMb: 24 });
    await first.exec('CREATE TABLE kept (note text)');
    await first.query('INSERT INTO kept VALUES ($1)', ['still here']);
    await first.close();
    const second = await openPgliteWorkerDb(dir, { sharedBuffersMb: 24 });
    try {
      expect((await second.query('SELECT note FROM kept')).rows).toEqual([{ note: 'still here' }]);
      expect((await second.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'shared_buffers'")).rows[0]?.setting).toBe(String(24 * 128));
    } finally {
      await second.close();
    }
  });
});
