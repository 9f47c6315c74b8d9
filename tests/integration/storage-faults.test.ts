import { cpSync, openSync, closeSync, writeSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp, type App } from '../../server/src/app.js';
import type { HealthResponse } from '../../server/src/contracts/health.js';
import { openPgliteDb } from '../../server/src/db/pglite-db.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { connectChatClient } from '../support/chat-client.js';
import { captureLogger } from '../support/capture-logger.js';
import { available, isRoot } from '../support/required.js';
import { startServerProcess } from '../support/server-process.js';
import { mountSmallDisk } from '../support/small-disk.js';
import { testConfig } from '../support/test-config.js';
import { tempDir } from '../support/test-db.js';

async function startOn(dataDir: string, seed = 0): Promise<{ app: App; base: string; logLines: () => Array<Record<string, unknown>>; stop: () => Promise<void> }> {
  const db = await openPgliteDb(dataDir);
  const config = testConfig({ CHAT_MESSAGES_PER_MINUTE_PER_SESSION: '1000', CHAT_MESSAGES_PER_MINUTE_PER_IP: '1000' });
  const { logger, lines } = captureLogger();
  const app = await createApp(config, { db, logger, prepareDb: seed ? (d) => seedCatalog({ db: d, config, count: seed }).then(() => undefined) : undefined });
  const base = `http://127.0.0.1:${(await app.listen()).port}`;
  return { app, base, logLines: lines, stop: async () => { await app.close(); await db.close(); } };
}

const health = async (base: string) => {
  const res = await fetch(`${base}/api/health`);
  return { status: res.status, body: (await res.json()) as HealthResponse };
};

describe.runIf(available(isRoot, 'root, to mount a small tmpfs'))('a disk that fills under a running server', () => {
  const disk = mountSmallDisk(72);
  afterAll(() => disk.unmount());

  it('when writes fail for lack of space, then sends get STORAGE_FAILING, health answers 503 naming it, and both recover once space is freed', async () => {
    cpSync(inject('templateDataDir'), path.join(disk.dir, 'pgdata'), { recursive: true });
    const server = await startOn(path.join(disk.dir, 'pgdata'), 200);
    const chat = await connectChatClient(server.base);
    const started = await chat.start();
    if (!started.ok) throw new Error(started.error.message);
    const accepted: string[] = [];
    const send = async (i: number) => {
      const text = `waterproof hiking boots ${i} ${'x'.repeat(1500)}`;
      const sent = await chat.send({ sessionId: started.sessionId, text, clientMessageId: `disk-${i}` });
      if (sent.ok) {
        accepted.push(text);
        await chat.done(sent.turnId).catch(() => undefined);
      }
      return sent;
    };
    expect(await send(0)).toMatchObject({ ok: true });
    expect((await health(server.base)).status).toBe(200);

    disk.fill();
    let refused: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 1; i <= 400 && !refused; i++) {
      const sent = await send(i);
      if (!sent.ok) refused = sent;
    }
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILING' } });
    const during = await health(server.base);
    expect(during.status).toBe(503);
    expect(during.body.degraded).toContain('database');
    expect(during.body.db.fault).toMatchObject({ kind: 'writes', message: expect.stringMatching(/No space left on device/) });

    disk.free();
    expect(await send(1000)).toMatchObject({ ok: true });
    const after = await health(server.base);
    expect(after.status).toBe(200);
    expect(after.body.db.fault).toBeNull();
    const history = await chat.start({ sessionId: started.sessionId });
    chat.close();
    expect(history.ok && history.history.filter((m) => m.role === 'user').map((m) => m.text)).toEqual(accepted);
    await server.stop();
  });
});

describe('a damaged vector index', () => {
  it('when an index page is unreadable, then searches still answer by full text while the index is rebuilt, and health is ok once it is', async () => {
    const dataDir = path.join(tempDir('aisle-damaged-'), 'pgdata');
    cpSync(inject('templateDataDir'), dataDir, { recursive: true });
    let server = await startOn(dataDir, 3000);
    const file = (await server.app.db.query<{ p: string }>("SELECT pg_relation_filepath('products_embedding_idx') AS p")).rows[0]!.p;
    await server.stop();
    const fd = openSync(path.join(dataDir, file), 'r+');
    writeSync(fd, Buffer.alloc(3 * 8192, 0x7f), 0, 3 * 8192, 8192);
    closeSync(fd);

    server = await startOn(dataDir);
    const res = await fetch(`${server.base}/api/products/search?q=waterproof%20hiking%20boots&limit=5`);
    expect(res.status).toBe(200);
    const { products } = (await res.json()) as { products: Array<{ title: string }> };
    expect(products.length).toBe(5);
    expect(products[0]!.title).toMatch(/boot/i);
    // The rebuild may already have finished; what it logged says it ran.
    expect(server.logLines().map((l) => l.msg)).toContain('a products index is damaged: searching by full text only while it is rebuilt');

    await server.app.catalog.repairs();
    const repaired = await health(server.base);
    expect(repaired).toMatchObject({ status: 200, body: { status: 'ok', search: { vectorIndex: 'ok' }, db: { fault: null } } });
    const found = await server.app.catalog.search({ text: 'waterproof hiking boots', filters: {}, limit: 5 });
    expect(found.plan.vectorHits).toBeGreaterThan(0);
    await server.stop();
  });
});

describe('start-up failures name their cause', () => {
  const startFails = async (dataDir: string) => {
    const server = startServerProcess('server/src/main.ts', { DATA_DIR: dataDir });
    expect((await server.exited).code).toBe(1);
    const fatal = server.logLines().find((l) => l.level === 60);
    return String(fatal?.msg);
  };
  const copyOfTemplate = () => {
    const dir = tempDir('aisle-broken-');
    cpSync(inject('templateDataDir'), path.join(dir, 'pgdata'), { recursive: true });
    return dir;
  };

  it('when the database files are damaged, then the message says so and what to do', async () => {
    const dir = copyOfTemplate();
    writeFileSync(path.join(dir, 'pgdata', 'global', 'pg_control'), Buffer.alloc(8192, 0x5a));
    expect(await startFails(dir)).toMatch(/could not be opened: its files look damaged\. Restore the folder from a backup, or move it aside/);
  });

  it('when part of the database folder is missing, then the message names what is missing', async () => {
    const dir = copyOfTemplate();
    rmSync(path.join(dir, 'pgdata', 'base'), { recursive: true });
    expect(await startFails(dir)).toMatch(/is incomplete \(base missing\)/);
  });

  it.runIf(isRoot)('when the disk is full, then the message says the disk is full', async () => {
    const disk = mountSmallDisk(48);
    try {
      cpSync(inject('templateDataDir'), path.join(disk.dir, 'pgdata'), { recursive: true });
      disk.fill();
      expect(await startFails(disk.dir)).toMatch(/is full .*Free some space, then start Aisle again/);
    } finally {
      disk.unmount();
    }
  });

  it.runIf(isRoot)('when the data dir is read-only, then the message says Aisle may not write to it', async () => {
    const disk = mountSmallDisk(48);
    try {
      cpSync(inject('templateDataDir'), path.join(disk.dir, 'pgdata'), { recursive: true });
      disk.readOnly();
      expect(await startFails(disk.dir)).toMatch(/Aisle may not write to .*EROFS.*point DATA_DIR at a writable folder/);
    } finally {
      disk.unmount();
    }
  });
});
