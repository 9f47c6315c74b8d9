import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/test-db.js';
import { waitFor } from '../support/wait-for.js';

function dataDirFromTemplate(): string {
  const dir = tempDir('aisle-data-');
  cpSync(inject('templateDataDir'), path.join(dir, 'pgdata'), { recursive: true });
  return dir;
}

describe('server process', () => {
  it('when SIGTERM arrives during a request (twice, as npm and tsx pass it on), then the request finishes, new connections are refused and the process exits 0', async () => {
    const server = startServerProcess('tests/support/slow-server.ts', { DATA_DIR: dataDirFromTemplate() });
    const port = await server.listening;
    const base = `http://127.0.0.1:${port}`;
    const inFlight = fetch(`${base}/api/test/slow?ms=1500`).then(async (res) => ({ status: res.status, body: await res.json() }));
    await waitFor(() => server.logLines().some((l) => l.msg === 'slow request started'), { what: 'the slow request to start' });
    server.child.kill('SIGTERM');
    await waitFor(() => server.logLines().some((l) => l.msg === 'shutting down: no new connections, finishing in-flight requests'), { what: 'the shutdown to begin' });
    // npm and tsx pass the same signal on: a copy right after the first must not cut the shutdown short.
    server.child.kill('SIGTERM');
    await expect(fetch(`${base}/api/health`)).rejects.toThrow();
    expect(await inFlight).toEqual({ status: 200, body: { finished: true, ms: 1500 } });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.logLines().map((l) => l.msg)).toContain('shutdown complete');
  });

  it('when the server starts twice on the same data folder, then the second start migrates nothing and keeps the data', async () => {
    const dataDir = tempDir('aisle-fresh-');
    const first = startServerProcess('server/src/main.ts', { DATA_DIR: dataDir });
    const port = await first.listening;
    const migrated = first.logLines().filter((l) => l.msg === 'migration applied');
    expect(migrated.length).toBeGreaterThanOrEqual(4);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = startServerProcess('server/src/main.ts', { DATA_DIR: dataDir });
    const secondPort = await second.listening;
    expect(second.logLines().filter((l) => l.msg === 'migration applied')).toEqual([]);
    const health = (await (await fetch(`http://127.0.0.1:${secondPort}/api/health`)).json()) as { db: { ok: boolean } };
    expect(health.db.ok).toBe(true);
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
  });

  it('when PORT is invalid, then the process exits 1 with a message naming PORT', async () => {
    const server = startServerProcess('server/src/main.ts', { PORT: 'eighty', DATA_DIR: tempDir() });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toMatch(/PORT: .*"eighty"/);
    expect(server.output()).toContain('.env.example');
  });

  it('when DATABASE_URL is malformed, then the process exits 1 naming it', async () => {
    const server = startServerProcess('server/src/main.ts', { DATABASE_URL: 'localhost:5432/aisle', DATA_DIR: tempDir() });
    expect((await server.exited).code).toBe(1);
    expect(server.output()).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });
});
