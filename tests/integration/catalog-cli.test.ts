import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../../server/src/paths.js';
import { runScript } from '../support/run-script.js';
import { tempDir } from '../support/test-db.js';

function migratedDataDir(): string {
  const dir = tempDir('aisle-cli-');
  cpSync(inject('templateDataDir'), path.join(dir, 'pgdata'), { recursive: true });
  return dir;
}

describe('catalog commands', () => {
  it('when seed runs twice, then the first adds the products and the second changes nothing', async () => {
    const env = { DATA_DIR: migratedDataDir() };
    const first = await runScript('server/src/cli/seed-cli.ts', ['--count', '300'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/"inserted":300,"updated":0,"unchanged":0/);
    expect(first.stderr).toMatch(/Seeding \[#+\] 100% 300\/300/);
    const second = await runScript('server/src/cli/seed-cli.ts', ['--count', '300'], env);
    expect(second.stdout).toMatch(/"inserted":0,"updated":0,"unchanged":300/);
  });

  it('when the seed count is not a number, then usage is printed and the exit code is 2', async () => {
    const result = await runScript('server/src/cli/seed-cli.ts', ['--count', 'lots'], { DATA_DIR: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: npm run seed');
  });

  it('when an import has bad rows, then each is listed, good rows load and the exit code is 1', async () => {
    const env = { DATA_DIR: migratedDataDir() };
    const file = path.join(ROOT_DIR, 'tests', 'fixtures', 'import', 'shopify-export.csv');
    const result = await runScript('server/src/cli/import-cli.ts', [file], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('row 4: price: must be a number');
    expect(result.stdout).toContain('6 rows: 3 added, 0 updated, 0 unchanged, 3 failed');
    const again = await runScript('server/src/cli/import-cli.ts', [file], env);
    expect(again.stdout).toContain('6 rows: 0 added, 0 updated, 3 unchanged, 3 failed');
  });

  it('when an import is clean, then the exit code is 0; when the file is broken, then it is 1 with a code', async () => {
    const env = { DATA_DIR: migratedDataDir() };
    const dir = tempDir('aisle-import-');
    const good = path.join(dir, 'good.json');
    const broken = path.join(dir, 'broken.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(good, JSON.stringify([{ sku: 'G-1', title: 'Good Lamp', category: 'Home > Lighting', price: 20 }]));
    writeFileSync(broken, '[{"sku":');
    expect((await runScript('server/src/cli/import-cli.ts', [good], env)).code).toBe(0);
    const bad = await runScript('server/src/cli/import-cli.ts', [broken], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('IMPORT_JSON_INVALID');
  });

  it('when reindex and enrich run, then they finish and report what they did', async () => {
    const env = { DATA_DIR: migratedDataDir() };
    await runScript('server/src/cli/seed-cli.ts', ['--count', '100'], env);
    const reindex = await runScript('server/src/cli/reindex-cli.ts', [], env);
    expect(reindex.code).toBe(0);
    expect(reindex.stdout).toMatch(/"products":100.*catalog re-embedded/);
    const enrich = await runScript('server/src/cli/enrich-cli.ts', [], env);
    expect(enrich.code).toBe(0);
    expect(enrich.stdout).toMatch(/"examined":\d+,"enriched":\d+.*enrichment complete/);
  });
});
