import { appendFileSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MigrationError, readMigrationFiles } from '../../server/src/db/migrate.js';
import type { Db } from '../../server/src/db/port.js';
import { MIGRATIONS_DIR } from '../../server/src/paths.js';
import { bothDrivers, openFreshPglite, servePgliteOverWire, tempDir, type TestDb } from '../support/test-db.js';

/** A private copy of migrations/, so a test can tamper with files safely. */
function copyOfMigrations(): string {
  const dir = path.join(tempDir('aisle-migrations-'), 'migrations');
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function ledger(db: Db): Promise<Array<{ version: number; name: string; checksum: string }>> {
  return (await db.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows;
}

async function failureOf(work: Promise<unknown>): Promise<MigrationError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

describe.each(bothDrivers)('migrations on $name', ({ open }) => {
  let opened: TestDb | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  const fresh = async (): Promise<Db> => (opened = await open({ migrated: false })).db;

  it('when the database is new, then every file is applied in order and recorded with its checksum', async () => {
    const db = await fresh();
    const files = readMigrationFiles(MIGRATIONS_DIR);
    const result = await migrate({ db, dir: MIGRATIONS_DIR });
    expect(result.applied).toEqual(files.map((f) => f.name));
    expect(await ledger(db)).toEqual(files.map((f) => ({ version: f.version, name: f.name, checksum: f.checksum })));
    const tables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['products', 'sessions', 'messages', 'turns', 'profiles', 'events', 'prompt_templates', 'prompt_versions', 'prompt_labels', 'users']),
    );
    const ext = await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
    expect(ext.rowCount).toBe(1);
  });

  it('when migrations run a second time, then nothing is applied again', async () => {
    const db = await fresh();
    await migrate({ db, dir: MIGRATIONS_DIR });
    const before = await ledger(db);
    const again = await migrate({ db, dir: MIGRATIONS_DIR });
    expect(again).toEqual({ applied: [], alreadyApplied: before.length });
    expect(await ledger(db)).toEqual(before);
  });

  it('when an applied file was changed, then the run is refused naming the file', async () => {
    const db = await fresh();
    const dir = copyOfMigrations();
    await migrate({ db, dir });
    appendFileSync(path.join(dir, '0002_catalog.sql'), '\nALTER TABLE products ADD COLUMN sneaky text;\n');
    const error = await failureOf(migrate({ db, dir }));
    expect(error.code).toBe('MIGRATION_CHANGED');
    expect(error.message).toContain('0002_catalog.sql was changed after it was applied');
    const column = await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'products' AND column_name = 'sneaky'`);
    expect(column.rowCount).toBe(0);
  });

  it('when an applied file was deleted, then the run is refused naming it', async () => {
    const db = await fresh();
    const dir = copyOfMigrations();
    await migrate({ db, dir });
    rmSync(path.join(dir, '0003_conversations.sql'));
    const error = await failureOf(migrate({ db, dir }));
    expect(error.code).toBe('MIGRATION_MISSING');
    expect(error.message).toContain('0003_conversations.sql');
  });

  it('when a migration fails halfway, then its statements are rolled back and it is not recorded', async () => {
    const db = await fresh();
    const dir = copyOfMigrations();
    writeFileSync(path.join(dir, '0900_broken.sql'), 'CREATE TABLE half_done (id integer);\nSELECT * FROM no_such_table;\n');
    const error = await failureOf(migrate({ db, dir }));
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.message).toContain('0900_broken.sql');
    const halfDone = await db.query(`SELECT to_regclass('half_done') AS t`);
    expect(halfDone.rows[0]).toEqual({ t: null });
    expect((await ledger(db)).map((r) => r.name)).not.toContain('0900_broken.sql');
    expect((await ledger(db)).length).toBe(readMigrationFiles(MIGRATIONS_DIR).length);
  });

  it('when files run, then the migration advisory lock is held', async () => {
    const db = await fresh();
    const dir = copyOfMigrations();
    writeFileSync(
      path.join(dir, '0901_lock_probe.sql'),
      `CREATE TABLE lock_probe AS SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = hashtext('aisle:migrations')::oid;`,
    );
    await migrate({ db, dir });
    expect((await db.query('SELECT held FROM lock_probe')).rows).toEqual([{ held: 1 }]);
    const after = await db.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = hashtext('aisle:migrations')::oid`);
    expect(after.rowCount).toBe(0);
  });

  it('when 0016 runs on a database with conversations, then each session starts from the LLM tokens its turns already used', async () => {
    const db = await fresh();
    const dir = copyOfMigrations();
    const tokensFile = readMigrationFiles(dir).find((f) => f.name.startsWith('0016_'))!;
    rmSync(path.join(dir, tokensFile.name));
    await migrate({ db, dir });
    const [used, unused] = (await db.query<{ id: string }>(`INSERT INTO sessions (mode) VALUES ('llm'), ('llm') RETURNING id`)).rows.map((r) => r.id);
    const trace = (tokens: number[]) => JSON.stringify({ prompts: tokens.map((t) => ({ step: 'understand', usage: { promptTokens: t, completionTokens: 1 } })) });
    await db.query(`INSERT INTO turns (session_id, seq, trace) VALUES ($1, 1, $2::jsonb), ($1, 2, $3::jsonb), ($4, 1, '{}'::jsonb)`, [used, trace([100, 20]), trace([5]), unused]);
    cpSync(path.join(MIGRATIONS_DIR, tokensFile.name), path.join(dir, tokensFile.name));
    expect((await migrate({ db, dir })).applied).toEqual([tokensFile.name]);
    const totals = await db.query<{ id: string; llm_tokens: number }>('SELECT id, llm_tokens FROM sessions');
    expect(Object.fromEntries(totals.rows.map((r) => [r.id, r.llm_tokens]))).toEqual({ [used!]: 128, [unused!]: 0 });
  });
});

describe('migrations with two runners', () => {
  it('when two runners start together over the wire, then each file is applied exactly once', async () => {
    const local = await openFreshPglite();
    const first = await servePgliteOverWire(local.db);
    const secondDb = (await import('../../server/src/db/pg-db.js')).openPgDb({ connectionString: first.connectionString, poolSize: 1 });
    try {
      const [a, b] = await Promise.all([migrate({ db: first.db, dir: MIGRATIONS_DIR }), migrate({ db: secondDb, dir: MIGRATIONS_DIR })]);
      const total = readMigrationFiles(MIGRATIONS_DIR).length;
      expect(a.applied.length + b.applied.length).toBe(total);
      expect(new Set([...a.applied, ...b.applied]).size).toBe(total);
      expect((await ledger(first.db)).length).toBe(total);
    } finally {
      await secondDb.close();
      await first.cleanup();
      await local.cleanup();
    }
  });
});
