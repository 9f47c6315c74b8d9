import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../server/src/paths.js';

/**
 * `npm run bench` runs bench/run-all.ts, which starts each part with `npm run -s <part>`. Here a
 * stand-in `npm` first on the PATH records each part and fails the ones it is told to, so the
 * runner's own behaviour is checked without running the benchmarks themselves.
 */
describe('npm run bench', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const runAll = (failing: string[]) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aisle-bench-runner-'));
    dirs.push(dir);
    const log = path.join(dir, 'parts.log');
    const fakeNpm = path.join(dir, 'npm');
    writeFileSync(fakeNpm, `#!/bin/sh\necho "$3" >> "${log}"\ncase " ${failing.join(' ')} " in *" $3 "*) exit 1;; esac\nexit 0\n`);
    chmodSync(fakeNpm, 0o755);
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'bench/run-all.ts')], {
      cwd: ROOT_DIR,
      env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` },
      encoding: 'utf8',
    });
    const parts = readFileSync(log, 'utf8').trim().split('\n');
    return { status: result.status, stderr: result.stderr, parts };
  };

  it('when every part succeeds, then all six run in order and the run succeeds', () => {
    const { status, parts } = runAll([]);
    expect(parts).toEqual(['bench:retrieval', 'bench:catalog', 'bench:turns', 'bench:llm', 'bench:load', 'bench:transcripts']);
    expect(status).toBe(0);
  });

  it('when a part reports errors, then the parts after it still run and the run fails naming it', () => {
    const { status, stderr, parts } = runAll(['bench:load']);
    expect(parts).toEqual(['bench:retrieval', 'bench:catalog', 'bench:turns', 'bench:llm', 'bench:load', 'bench:transcripts']);
    expect(status).toBe(1);
    expect(stderr).toContain('benchmark parts that reported errors: bench:load');
  });
});
