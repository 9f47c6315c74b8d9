import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../server/src/db/migrate.js';
import { openPgliteDb } from '../../server/src/db/pglite-db.js';
import { MIGRATIONS_DIR } from '../../server/src/paths.js';

/**
 * initdb costs seconds, so it runs once: a migrated PGlite data directory becomes the
 * template every test copies (see test-db.ts).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'aisle-template-'));
  const dataDir = path.join(root, 'pgdata');
  const db = await openPgliteDb(dataDir);
  await migrate({ db, dir: MIGRATIONS_DIR });
  await db.close();
  project.provide('templateDataDir', dataDir);
  return () => rmSync(root, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDataDir: string;
  }
}
