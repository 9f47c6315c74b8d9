import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/src/auth/passwords.js';
import { createUser, type Role } from '../../server/src/auth/users.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

type Signed = { cookie: string; csrf: string };

/** Every staff route and the roles allowed on it: a new staff route must be added here. */
const STAFF_ROUTES: Array<{ method: string; path: string; roles: Role[]; body?: unknown }> = [
  { method: 'GET', path: '/api/auth/me', roles: ['admin', 'merchant', 'support'] },
  { method: 'POST', path: '/api/auth/tokens', roles: ['admin', 'merchant', 'support'], body: { name: 'script' } },
  { method: 'GET', path: '/api/auth/tokens', roles: ['admin', 'merchant', 'support'] },
  { method: 'DELETE', path: '/api/auth/tokens/00000000-0000-4000-8000-000000000000', roles: ['admin', 'merchant', 'support'] },
  { method: 'POST', path: '/api/auth/password', roles: ['admin', 'merchant', 'support'], body: { currentPassword: 'not the password', newPassword: 'an entirely new passphrase' } },
  { method: 'GET', path: '/api/users', roles: ['admin'] },
  { method: 'POST', path: '/api/users', roles: ['admin'], body: { email: 'role-table@test.local', role: 'support' } },
  { method: 'POST', path: '/api/users/00000000-0000-4000-8000-000000000000/disable', roles: ['admin'] },
  { method: 'POST', path: '/api/users/00000000-0000-4000-8000-000000000000/enable', roles: ['admin'] },
  { method: 'POST', path: '/api/catalog/import', roles: ['admin', 'merchant'], body: [] },
  { method: 'GET', path: '/api/prompts', roles: ['admin', 'merchant'] },
  { method: 'GET', path: '/api/prompts/explain/versions', roles: ['admin', 'merchant'] },
  { method: 'POST', path: '/api/prompts/explain/validate', roles: ['admin', 'merchant'], body: { body: 'x' } },
  { method: 'POST', path: '/api/prompts/clarify/versions', roles: ['admin', 'merchant'], body: { body: 'Ask about <shopper>{{message}}</shopper>', message: 'shorter' } },
  { method: 'POST', path: '/api/prompts/clarify/publish', roles: ['admin', 'merchant'], body: { version: 1 } },
  { method: 'GET', path: '/api/prompts/explain/experiments/current', roles: ['admin', 'merchant'] },
  { method: 'POST', path: '/api/prompts/compare/experiments', roles: ['admin', 'merchant'], body: { versionA: 1, versionB: 1, shareB: 50 } },
  { method: 'POST', path: '/api/prompts/intent/preview', roles: ['admin', 'merchant'], body: { version: 1, message: 'hello' } },
  { method: 'GET', path: '/api/transcripts?thumbsDown=true', roles: ['admin', 'support'] },
  { method: 'GET', path: '/api/transcripts/export?format=csv', roles: ['admin', 'support'] },
  { method: 'GET', path: '/api/transcripts/overview', roles: ['admin', 'support'] },
  { method: 'GET', path: '/api/staff', roles: ['admin', 'support'] },
  { method: 'GET', path: '/api/transcripts/00000000-0000-4000-8000-000000000000', roles: ['admin', 'support'] },
  { method: 'PATCH', path: '/api/transcripts/00000000-0000-4000-8000-000000000000/review', roles: ['admin', 'support'], body: { flagged: true } },
  { method: 'POST', path: '/api/auth/logout', roles: ['admin', 'merchant', 'support'] },
];

describe('staff accounts and access', () => {
  let server: RunningTestApp;
  const passwords: Record<Role, string> = { admin: 'test-admin-password', merchant: 'merchant-password-1', support: 'support-password-1' };

  beforeAll(async () => {
    server = await startTestApp();
    await createUser(server.app.db, { email: 'merchant@test.local', role: 'merchant', password: passwords.merchant });
    await createUser(server.app.db, { email: 'support@test.local', role: 'support', password: passwords.support });
  });
  afterAll(async () => server.stop());

  const login = async (role: Role): Promise<Signed> => {
    const res = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `${role}@test.local`, password: passwords[role] }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    return { cookie: cookie.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  };
  const call = (route: (typeof STAFF_ROUTES)[number], signed?: Signed) =>
    fetch(`${server.baseUrl}${route.path}`, {
      method: route.method,
      headers: { 'content-type': 'application/json', ...(signed ? { cookie: signed.cookie, 'x-csrf-token': signed.csrf } : {}) },
      body: route.method === 'GET' ? undefined : JSON.stringify(route.body ?? {}),
    });

  it('when passwords are hashed, then each hash is salted and only the right password verifies', async () => {
    const [a, b] = [await hashPassword('correct horse battery'), await hashPassword('correct horse battery')];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$/);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('wrong horse battery', a)).toBe(false);
  });

  it('when staff sign in, then the cookie is httpOnly and SameSite=Strict and the password never appears in the logs', async () => {
    const res = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'merchant@test.local', password: passwords.merchant }) });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^aisle_staff=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(JSON.stringify(server.logLines())).not.toContain(passwords.merchant);
  });

  it.each(STAFF_ROUTES.map((r) => [r.method, r.path, r] as const))('when %s %s is called without a session, then it is 401', async (_m, _p, route) => {
    const res = await call(route);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUTH_REQUIRED');
  });

  it.each(STAFF_ROUTES.flatMap((r) => (['admin', 'merchant', 'support'] as Role[]).map((role) => [r.method, r.path, role, r] as const)))('when %s %s is called as %s, then the role decides between 403 and access', async (_m, _p, role, route) => {
    const res = await call(route, await login(role));
    if (route.roles.includes(role)) expect([401, 403]).not.toContain(res.status);
    else {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
  });

  it('when a cookie-signed change comes without the CSRF header, then it is refused', async () => {
    const signed = await login('merchant');
    const res = await fetch(`${server.baseUrl}/api/catalog/import`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: signed.cookie }, body: '[]' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CSRF_INVALID');
  });

  it('when a merchant imports a CSV over HTTP, then good rows load, bad rows are reported and the audit log records it', async () => {
    const signed = await login('merchant');
    const csv = 'sku,title,category,price\nHTTP-1,Desk Lamp,Home > Lighting,25\nHTTP-2,Broken,Home,abc\n';
    const res = await fetch(`${server.baseUrl}/api/catalog/import`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie: signed.cookie, 'x-csrf-token': signed.csrf }, body: csv });
    expect(res.status).toBe(207);
    expect(await res.json()).toMatchObject({ rows: 2, loaded: { inserted: 1 }, failed: [{ row: 3, reason: 'price: must be a number' }] });
    const audit = await server.app.db.query<{ details: { rows: number; failed: number } }>(`SELECT details FROM audit_log WHERE action = 'catalog.import' ORDER BY id DESC LIMIT 1`);
    expect(audit.rows[0]?.details).toMatchObject({ rows: 2, failed: 1 });
  });

  it('when an API token is created, then it is shown once, works without CSRF, and is stored only as a hash', async () => {
    const signed = await login('merchant');
    const created = (await (await fetch(`${server.baseUrl}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: signed.cookie, 'x-csrf-token': signed.csrf }, body: JSON.stringify({ name: 'nightly import' }) })).json()) as { token: string };
    expect(created.token).toMatch(/^aisle_/);
    const res = await fetch(`${server.baseUrl}/api/catalog/import`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` }, body: '[]' });
    expect(res.status).toBe(200);
    const stored = await server.app.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
    expect(JSON.stringify(stored.rows)).not.toContain(created.token);
  });

  it('when a staff member signs out, then the old cookie no longer works', async () => {
    const signed = await login('support');
    await fetch(`${server.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie: signed.cookie, 'x-csrf-token': signed.csrf } });
    expect((await fetch(`${server.baseUrl}/api/auth/me`, { headers: { cookie: signed.cookie } })).status).toBe(401);
  });

  it('when sign-in fails repeatedly, then it is rate limited and a wrong password says nothing about the account', async () => {
    const attempt = () => fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ghost@test.local', password: 'nope' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  });
});
