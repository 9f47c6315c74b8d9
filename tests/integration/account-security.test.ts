import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app.js';
import { verifyPassword } from '../../server/src/auth/passwords.js';
import { createUser } from '../../server/src/auth/users.js';
import { loadConfig } from '../../server/src/config.js';
import { captureLogger } from '../support/capture-logger.js';
import { signIn, staffCall } from '../support/staff-session.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';
import { openMigratedPglite, tempDir } from '../support/test-db.js';

const json = { 'content-type': 'application/json' };
const login = (base: string, email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/auth/login`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ email, password }) });

describe('sign-in against guessing', () => {
  let running: RunningTestApp;
  const checked: string[] = [];
  beforeAll(async () => {
    // The real password check, counted: how many guesses reached it.
    running = await startTestApp({ auth: { verify: (password, hash) => (checked.push(password), verifyPassword(password, hash)) }, env: { TRUST_PROXY: 'loopback' } });
    await createUser(running.app.db, { email: 'merchant@test.local', role: 'merchant', password: 'a long merchant passphrase' });
  });
  afterAll(async () => running.stop());

  it('when 500 guesses at one account arrive at once from one address, then only the first five are checked and the rest get 429 with Retry-After', async () => {
    checked.length = 0;
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => login(running.baseUrl, 'merchant@test.local', `guess number ${i}`, { 'x-forwarded-for': '203.0.113.7' })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(495);
    expect(checked).toHaveLength(5);
    const refused = answers.find((a) => a.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('when the email is unknown, then the password is checked all the same (no faster answer to tell it apart)', async () => {
    checked.length = 0;
    const unknown = await login(running.baseUrl, 'nobody@test.local', 'some password here', { 'x-forwarded-for': '203.0.113.8' });
    const wrong = await login(running.baseUrl, 'merchant@test.local', 'some password here', { 'x-forwarded-for': '203.0.113.8' });
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(await unknown.json()).toEqual(await wrong.json());
    expect(checked).toEqual(['some password here', 'some password here']);
  });

  it('when one address rotates emails, then its guesses are limited across all of them', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await login(running.baseUrl, `user${i}@test.local`, 'whatever it is', { 'x-forwarded-for': '203.0.113.9' })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
  });

  it('when an account fails ten times from many addresses, then it locks with backoff, even for the right password, and the lock is kept in the database', async () => {
    await createUser(running.app.db, { email: 'support@test.local', role: 'support', password: 'a long support passphrase' });
    for (let i = 0; i < 10; i++) expect((await login(running.baseUrl, 'support@test.local', 'not it', { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(401);
    const locked = await login(running.baseUrl, 'support@test.local', 'a long support passphrase', { 'x-forwarded-for': '198.51.100.200' });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(55);
    const { rows } = await running.app.db.query<{ failed_logins: number; locked: boolean }>("SELECT failed_logins, locked_until > now() AS locked FROM users WHERE email = 'support@test.local'");
    expect(rows[0]).toEqual({ failed_logins: 10, locked: true });
    // One more failure doubles the lock (the lock is read from the database, not this process).
    await running.app.db.query("UPDATE users SET locked_until = now() - interval '1 second' WHERE email = 'support@test.local'");
    expect((await login(running.baseUrl, 'support@test.local', 'still not it', { 'x-forwarded-for': '198.51.100.201' })).status).toBe(401);
    const doubled = await login(running.baseUrl, 'support@test.local', 'a long support passphrase', { 'x-forwarded-for': '198.51.100.202' });
    expect(Number(doubled.headers.get('retry-after'))).toBeGreaterThanOrEqual(115);
  });

  it('when a sign-in succeeds, then the session cookie is HttpOnly and SameSite=Strict', async () => {
    const res = await login(running.baseUrl, 'merchant@test.local', 'a long merchant passphrase', { 'x-forwarded-for': '192.0.2.50' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
  });
});

describe('the client address behind a proxy', () => {
  it('when TRUST_PROXY is not set, then X-Forwarded-For is ignored: rotating it does not escape the limit', async () => {
    const running = await startTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await login(running.baseUrl, 'ghost@test.local', 'guessing again', { 'x-forwarded-for': `203.0.113.${i}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await running.stop();
    }
  });

  it('when TRUST_PROXY names the proxy, then each forwarded client has its own limit, for HTTP and for chat sockets alike', async () => {
    const running = await startTestApp({ env: { TRUST_PROXY: '127.0.0.1', CHAT_SOCKETS_PER_IP: '2' } });
    try {
      for (let client = 0; client < 30; client++) {
        expect((await login(running.baseUrl, 'ghost@test.local', 'one guess each', { 'x-forwarded-for': `203.0.113.${client}` })).status).toBe(401);
      }
      const { io } = await import('socket.io-client');
      const open = (address: string) =>
        new Promise<string>((resolve) => {
          const socket = io(running.baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': address } });
          socket.once('system:hello', () => resolve('open'));
          socket.once('system:error', (e: { code: string }) => resolve(e.code));
          sockets.push(socket);
        });
      const sockets: Array<{ close: () => void }> = [];
      const results = [await open('203.0.113.1'), await open('203.0.113.1'), await open('203.0.113.1'), await open('203.0.113.2')];
      for (const s of sockets) s.close();
      expect(results).toEqual(['open', 'open', 'TOO_MANY_CONNECTIONS', 'open']);
    } finally {
      await running.stop();
    }
  });

  it('when TRUST_PROXY is malformed, then the configuration is refused naming it', () => {
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY: must be false, true, a hop count/);
  });
});

describe('accounts', () => {
  let running: RunningTestApp;
  let admin: { cookie: string; csrf: string };
  beforeAll(async () => {
    running = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
    admin = await signIn(running.baseUrl, 'admin@test.local', 'test-admin-password');
  });
  afterAll(async () => running.stop());

  it('when a weak password is chosen, then it is refused with the reason, wherever it is set', async () => {
    for (const password of [' '.repeat(12), 'password1234', 'Password1234!', 'qwertyuiop12', 'aaaaaaaaaaaaaaaa', '123456789012', 'short']) {
      const created = await staffCall(running.baseUrl, admin, 'POST', '/api/users', { email: 'weak@test.local', role: 'support', password });
      expect(created.status, JSON.stringify(password)).toBe(400);
      expect(JSON.stringify(created.body), password).toMatch(/password/);
    }
  });

  it('when an admin creates an account without a password, then one is generated, shown once, and must be changed at the first sign-in', async () => {
    const created = await staffCall(running.baseUrl, admin, 'POST', '/api/users', { email: 'new.support@test.local', role: 'support' });
    expect(created.status).toBe(201);
    const password = created.body.password as string;
    const res = await login(running.baseUrl, 'new.support@test.local', password, { 'x-forwarded-for': '192.0.2.1' });
    const body = (await res.json()) as { user: { mustChangePassword: boolean }; csrfToken: string };
    expect(body.user.mustChangePassword).toBe(true);
    const session = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrfToken };
    expect(await staffCall(running.baseUrl, session, 'GET', '/api/transcripts')).toMatchObject({ status: 403, body: { error: { code: 'PASSWORD_CHANGE_REQUIRED' } } });
    expect(await staffCall(running.baseUrl, session, 'POST', '/api/auth/password', { currentPassword: password, newPassword: 'password1234' })).toMatchObject({ status: 400 });
    expect(await staffCall(running.baseUrl, session, 'POST', '/api/auth/password', { currentPassword: 'wrong one', newPassword: 'my own support phrase' })).toMatchObject({ status: 400, body: { error: { code: 'CURRENT_PASSWORD_WRONG' } } });
    expect(await staffCall(running.baseUrl, session, 'POST', '/api/auth/password', { currentPassword: password, newPassword: 'my own support phrase' })).toMatchObject({ status: 200 });
    expect((await staffCall(running.baseUrl, session, 'GET', '/api/transcripts')).status).toBe(200);
    expect((await login(running.baseUrl, 'new.support@test.local', password, { 'x-forwarded-for': '192.0.2.2' })).status).toBe(401);
    expect((await login(running.baseUrl, 'new.support@test.local', 'my own support phrase', { 'x-forwarded-for': '192.0.2.3' })).status).toBe(200);
  });

  it('when an admin disables an account, then its sessions end, its tokens stop working and it cannot sign in; the last admin cannot be disabled', async () => {
    const created = await staffCall(running.baseUrl, admin, 'POST', '/api/users', { email: 'leaving@test.local', role: 'merchant', password: 'a merchant who is leaving' });
    const id = (created.body.user as { id: string }).id;
    const session = await signIn(running.baseUrl, 'leaving@test.local', 'a merchant who is leaving');
    const token = (await staffCall(running.baseUrl, session, 'POST', '/api/auth/tokens', { name: 'script' })).body.token as string;
    expect(await staffCall(running.baseUrl, admin, 'POST', `/api/users/${id}/disable`)).toMatchObject({ status: 200 });
    expect((await staffCall(running.baseUrl, session, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await fetch(`${running.baseUrl}/api/prompts`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await login(running.baseUrl, 'leaving@test.local', 'a merchant who is leaving', { 'x-forwarded-for': '192.0.2.9' })).status).toBe(401);
    const users = (await staffCall(running.baseUrl, admin, 'GET', '/api/users')).body.users as Array<{ email: string; disabled: boolean; id: string }>;
    expect(users.find((u) => u.email === 'leaving@test.local')?.disabled).toBe(true);
    const self = users.find((u) => u.email === 'admin@test.local')!;
    expect(await staffCall(running.baseUrl, admin, 'POST', `/api/users/${self.id}/disable`)).toMatchObject({ status: 400, body: { error: { code: 'CANNOT_DISABLE_SELF' } } });
  });

  it('when API tokens are used, then they cannot mint tokens, are listed, can be revoked, and stop at their expiry', async () => {
    const made = await staffCall(running.baseUrl, admin, 'POST', '/api/auth/tokens', { name: 'nightly export', expiresInDays: 30 });
    expect(made.status).toBe(201);
    const token = made.body.token as string;
    const bearer = { authorization: `Bearer ${token}`, ...json };
    const minted = await fetch(`${running.baseUrl}/api/auth/tokens`, { method: 'POST', headers: bearer, body: JSON.stringify({ name: 'child' }) });
    expect(minted.status).toBe(403);
    expect(((await minted.json()) as { error: { code: string } }).error.code).toBe('SESSION_REQUIRED');
    const listed = (await staffCall(running.baseUrl, admin, 'GET', '/api/auth/tokens')).body.tokens as Array<{ id: string; name: string; expiresAt: string; revoked: boolean }>;
    const entry = listed.find((t) => t.name === 'nightly export')!;
    expect(new Date(entry.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await fetch(`${running.baseUrl}/api/auth/me`, { headers: bearer })).status).toBe(200);
    await running.app.db.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [entry.id]);
    expect((await fetch(`${running.baseUrl}/api/auth/me`, { headers: bearer })).status).toBe(401);

    const second = (await staffCall(running.baseUrl, admin, 'POST', '/api/auth/tokens', { name: 'to revoke' })).body as { id: string; token: string };
    expect(await staffCall(running.baseUrl, admin, 'DELETE', `/api/auth/tokens/${second.id}`)).toMatchObject({ status: 200 });
    expect((await fetch(`${running.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${second.token}` } })).status).toBe(401);
    expect((await staffCall(running.baseUrl, admin, 'POST', '/api/auth/tokens', { name: 'forever', expiresInDays: 5000 })).status).toBe(400);
  });
});

describe('the first admin', () => {
  it('when no admin password is configured, then the generated one goes to a 0600 file in the data dir, not to stdout or the log, and must be changed', async () => {
    const database = await openMigratedPglite();
    const dataDir = tempDir('aisle-first-admin-');
    const printed: string[] = [];
    const { logger, lines } = captureLogger();
    const app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'debug', DATA_DIR: dataDir, EMBEDDING_PROVIDER: 'hashed' }), { db: database.db, logger, print: (t) => printed.push(t) });
    try {
      const file = path.join(dataDir, 'first-admin-password.txt');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const [email, password] = readFileSync(file, 'utf8').trim().split('\n');
      expect(email).toBe('admin@aisle.local');
      expect(printed.join('')).toContain(file);
      expect(printed.join('')).not.toContain(password!);
      expect(JSON.stringify(lines())).not.toContain(password!);
      const base = `http://127.0.0.1:${(await app.listen()).port}`;
      const res = await login(base, email!, password!);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);
    } finally {
      await app.close();
      await database.cleanup();
    }
  });
});
