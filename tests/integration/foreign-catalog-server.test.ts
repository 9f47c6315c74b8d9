import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/auth/users.js';
import { ROOT_DIR } from '../../server/src/paths.js';
import { signIn } from '../support/staff-session.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

/** A public catalog nobody here wrote (DummyJSON, MIT), imported over HTTP into a server on the default sentence model. */
const FEED = readFileSync(path.join(ROOT_DIR, 'tests', 'eval', 'foreign', 'dummyjson-products.json'), 'utf8');

type Health = { search: { vectors: { pending: number; filling: boolean } } };
type Found = { products: Array<{ title: string; category: string }> };

describe('a foreign catalog on the default embedder', () => {
  let server: RunningTestApp;
  beforeAll(async () => {
    server = await startTestApp({ env: { EMBEDDING_PROVIDER: 'local' } });
    await createUser(server.app.db, { email: 'merchant@test.local', role: 'merchant', password: 'a long merchant password 1' });
  });
  afterAll(async () => server.stop());
  const search = async (q: string) => (await (await fetch(`${server.baseUrl}/api/products/search?q=${encodeURIComponent(q)}&limit=5`)).json()) as Found;

  it('when a merchant uploads the export, then every row is searchable by words at once, the vectors fill in behind, and needs then find the right category', async () => {
    const signed = await signIn(server.baseUrl, 'merchant@test.local', 'a long merchant password 1');
    const res = await fetch(`${server.baseUrl}/api/catalog/import`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: signed.cookie, 'x-csrf-token': signed.csrf }, body: FEED });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 194, loaded: { inserted: 194 }, failed: [], vectorsFilling: true });
    expect((await search('calvin klein')).products[0]?.title).toBe('Calvin Klein CK One');
    // A misspelt brand is corrected to the store's own word before it is searched.
    expect((await search('calvn kleinn')).products[0]?.title).toBe('Calvin Klein CK One');
    expect((await search('rollex')).products.slice(0, 3).every((p) => p.title.startsWith('Rolex'))).toBe(true);

    await waitFor(async () => {
      const health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as Health;
      return health.search.vectors.pending === 0 && !health.search.vectors.filling;
    }, { timeoutMs: 60_000, what: 'the vectors to fill in' });
    const gift = (await search('need a gift for my wife, she loves perfume')).products.map((p) => p.category);
    expect(gift[0]).toBe('fragrances');
    expect(gift.filter((c) => c === 'fragrances').length).toBeGreaterThanOrEqual(3);
    expect((await search('protect my eyes from the sun')).products[0]?.category).toBe('sunglasses');
  });
});
