import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { healthResponseSchema } from '../../server/src/contracts/health.js';
import { AppError, ConflictError } from '../../server/src/errors.js';
import { APP_VERSION } from '../../server/src/version.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';
import { tempDir } from '../support/test-db.js';

function probeRouter(): Router {
  const router = Router();
  router.get('/api/test/conflict', () => {
    throw new ConflictError('That sku already exists.', 'SKU_TAKEN');
  });
  router.get('/api/test/hidden', () => {
    throw new AppError('UPSTREAM_DOWN', 'provider secret-host.internal refused', 502, false);
  });
  router.get('/api/test/crash', async () => {
    throw new Error('database password is hunter2');
  });
  router.post('/api/test/validate', (req, res) => {
    const body = z.object({ name: z.string().min(1), price: z.number().nonnegative() }).parse(req.body);
    res.json(body);
  });
  return router;
}

describe('HTTP server', () => {
  let server: RunningTestApp;
  let webDir: string;

  beforeAll(async () => {
    webDir = path.join(tempDir('aisle-web-'), 'web');
    mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Aisle test store</title>');
    writeFileSync(path.join(webDir, 'assets', 'app-123.js'), 'console.log("hi")');
    server = await startTestApp({ routers: [probeRouter()], webDistDir: webDir });
  });
  afterAll(async () => server.stop());

  it('when health is requested, then it reports the database driver, its state and the version', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    const body = healthResponseSchema.parse(await res.json());
    expect(body).toEqual({ status: 'ok', degraded: [], db: { driver: 'pglite', ok: true, fault: null }, search: { vectorIndex: 'ok', vectors: { pending: 0, filling: false } }, llm: { engine: 'offline', circuit: null }, version: APP_VERSION });
  });

  it('when a route does not exist, then the answer is a 404 JSON error', async () => {
    const res = await fetch(`${server.baseUrl}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /api/nothing-here' } });
  });

  it('when a handler throws an AppError, then its status, code and message are returned', async () => {
    const res = await fetch(`${server.baseUrl}/api/test/conflict`);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'SKU_TAKEN', message: 'That sku already exists.' } });
  });

  it('when an AppError is not meant for clients, then its code stays but its message is generic', async () => {
    const res = await fetch(`${server.baseUrl}/api/test/hidden`);
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UPSTREAM_DOWN');
    expect(body.error.message).not.toContain('secret-host');
  });

  it('when a handler throws an unknown error, then it is a 500 without details while the log keeps them', async () => {
    const res = await fetch(`${server.baseUrl}/api/test/crash`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. Please try again.' } });
    expect(text).not.toMatch(/hunter2|at .*\.ts|stack/);
    const logged = server.logLines().find((line) => line.msg === 'request failed' && line.path === '/api/test/crash');
    expect(JSON.stringify(logged?.err)).toContain('hunter2');
  });

  it('when a body fails its zod schema, then it is a 400 listing each issue', async () => {
    const res = await fetch(`${server.baseUrl}/api/test/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '', price: -1 }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: Array<{ path: string }> } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['name', 'price']);
  });

  it('when a body is not valid JSON, then it is a 400 INVALID_JSON and the server keeps serving', async () => {
    const res = await fetch(`${server.baseUrl}/api/test/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });

  it('when a body is larger than the limit, then it is a 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await fetch(`${server.baseUrl}/api/test/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), price: 1 }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('when the web build exists, then its pages and assets are served with cache headers', async () => {
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Aisle test store');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${server.baseUrl}/assets/app-123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('when a path tries to escape the web folder, then nothing outside it is served', async () => {
    const res = await fetch(`${server.baseUrl}/..%2f..%2fpackage.json`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('"dependencies"');
  });

  it('when a Socket.IO client connects, then it is greeted with the version and the engine mode', async () => {
    const socket = connectSocket(server.baseUrl, { transports: ['websocket'], forceNew: true });
    try {
      const hello = await new Promise((resolve) => socket.once('system:hello', resolve));
      expect(hello).toEqual({ version: APP_VERSION, mode: 'offline' });
      const pong = (await socket.timeout(5000).emitWithAck('system:ping', {})) as { ok: boolean; serverTime: string };
      expect(pong.ok).toBe(true);
      expect(Number.isNaN(Date.parse(pong.serverTime))).toBe(false);
    } finally {
      socket.close();
    }
  });
});
