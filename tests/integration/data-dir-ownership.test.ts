import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectChatClient } from '../support/chat-client.js';
import { runScript } from '../support/run-script.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from '../support/test-db.js';

function dataDirFromTemplate(): string {
  const dir = tempDir('aisle-owned-');
  cpSync(inject('templateDataDir'), path.join(dir, 'pgdata'), { recursive: true });
  return dir;
}

const lockOf = (dataDir: string) => JSON.parse(readFileSync(path.join(dataDir, 'aisle.lock'), 'utf8')) as { pid: number; url?: string };

/** Every command that writes to the database, with arguments that would otherwise succeed. */
const WRITING_COMMANDS: Array<[string, string[]]> = [
  ['server/src/cli/user-create-cli.ts', ['--email', 'second@test.local', '--role', 'merchant', '--password', 'a long enough passphrase']],
  ['server/src/cli/import-cli.ts', ['tests/fixtures/import/feed.json']],
  ['server/src/cli/seed-cli.ts', ['--count', '5']],
  ['server/src/cli/purge-cli.ts', ['--older-than', '1d']],
  ['server/src/cli/migrate-cli.ts', []],
  ['server/src/cli/reindex-cli.ts', []],
  ['server/src/cli/enrich-cli.ts', []],
  ['server/src/cli/ranker-train-cli.ts', ['--synthetic', '200']],
];

describe('one owner per data dir', () => {
  const dataDir = dataDirFromTemplate();
  let first: ServerProcess;
  let base: string;

  beforeAll(async () => {
    first = startServerProcess('server/src/main.ts', { DATA_DIR: dataDir, ADMIN_EMAIL: 'admin@test.local', ADMIN_PASSWORD: 'test-admin-password' });
    base = `http://127.0.0.1:${await first.listening}`;
  });
  afterAll(() => {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
  });

  it('when a server holds the data dir, then the lock names its pid and address', () => {
    expect(lockOf(dataDir)).toMatchObject({ pid: first.child.pid, url: base });
  });

  it('when a second server starts on the same data dir, then it exits 1 naming the holder, and the first keeps every acknowledged message', async () => {
    const chat = await connectChatClient(base);
    const started = await chat.start();
    if (!started.ok) throw new Error(started.error.message);
    const second = startServerProcess('server/src/main.ts', { DATA_DIR: dataDir });
    for (let i = 0; i < 5; i++) {
      const sent = await chat.send({ sessionId: started.sessionId, text: `hiking boots size ${40 + i}`, clientMessageId: `owned-${i}` });
      if (!sent.ok) throw new Error(sent.error.message);
      await chat.done(sent.turnId);
    }
    expect((await second.exited).code).toBe(1);
    expect(second.output()).toContain(`Another Aisle process (pid ${first.child.pid}`);
    expect(second.output()).toContain(`serving ${base}`);
    expect(second.output()).toContain('give this server a DATA_DIR of its own');
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const again = await chat.start({ sessionId: started.sessionId });
    chat.close();
    expect(again.ok && again.history.filter((m) => m.role === 'user').map((m) => m.text)).toEqual([0, 1, 2, 3, 4].map((i) => `hiking boots size ${40 + i}`));
  });

  it('when a command that writes runs while the server holds the data dir, then it refuses with the pid and changes nothing', async () => {
    const before = readFileSync(path.join(dataDir, 'aisle.lock'), 'utf8');
    for (const [script, args] of WRITING_COMMANDS) {
      const result = await runScript(script, args, { DATA_DIR: dataDir });
      expect(result.code, script).toBe(1);
      expect(result.stderr, script).toContain(`Aisle is running on this data dir (pid ${first.child.pid}, ${base}): stop it, `);
      expect(result.stderr, script).toContain('Nothing was changed.');
    }
    expect(readFileSync(path.join(dataDir, 'aisle.lock'), 'utf8')).toBe(before);
    const userCreate = await runScript(WRITING_COMMANDS[0]![0], WRITING_COMMANDS[0]![1], { DATA_DIR: dataDir });
    expect(userCreate.stderr).toContain('or sign in to /admin/ as an admin');
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'second@test.local', password: 'a long enough passphrase' }) });
    expect(login.status).toBe(401);
  });

  it('when the holder is killed, then the next server takes the stale lock over, and a clean stop removes it', async () => {
    const killedPid = first.child.pid;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(lockOf(dataDir).pid).toBe(killedPid);
    const next = startServerProcess('server/src/main.ts', { DATA_DIR: dataDir });
    const port = await next.listening;
    expect(lockOf(dataDir)).toMatchObject({ pid: next.child.pid, url: `http://127.0.0.1:${port}` });
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
    expect(existsSync(path.join(dataDir, 'aisle.lock'))).toBe(false);
  });

  it('when a lock file is unreadable or names a process that is gone, then a command takes it over', async () => {
    writeFileSync(path.join(dataDir, 'aisle.lock'), '{"pid":');
    const created = await runScript(WRITING_COMMANDS[0]![0], WRITING_COMMANDS[0]![1], { DATA_DIR: dataDir });
    expect(created.stdout).toContain('created merchant second@test.local');
    expect(existsSync(path.join(dataDir, 'aisle.lock'))).toBe(false);
  });
});

describe('command-line usage', () => {
  it('when a command gets --help, then it prints its usage and exits 0 without opening the database', async () => {
    const dataDir = tempDir('aisle-help-');
    for (const [script] of WRITING_COMMANDS) {
      const result = await runScript(script, ['--help'], { DATA_DIR: dataDir });
      expect(result.code, script).toBe(0);
      expect(result.stdout, script).toMatch(/^usage: npm run /);
      expect(result.stderr, script).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(existsSync(path.join(dataDir, 'pgdata'))).toBe(false);
  });

  it('when a command gets an unknown flag, then it prints the problem and its usage and exits 2', async () => {
    const result = await runScript('server/src/cli/user-create-cli.ts', ['--emial', 'a@b.c'], { DATA_DIR: tempDir('aisle-help-') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--emial'");
    expect(result.stderr).toContain('usage: npm run user:create');
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
