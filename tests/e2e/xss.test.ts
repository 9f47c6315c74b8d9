import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/src/app.js';
import { createUser } from '../../server/src/auth/users.js';
import { ROOT_DIR } from '../../server/src/paths.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { hasChromium, launchChromium, signInOnPage } from '../support/browser.js';
import { captureLogger } from '../support/capture-logger.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { firstCard, hikingIntent, wantsIntent } from '../support/llm-script.js';
import { signIn, staffCall } from '../support/staff-session.js';
import { testConfig } from '../support/test-config.js';
import { openMigratedPglite, tempDir } from '../support/test-db.js';

/** Each payload calls window.__xss(n) if it ever runs. */
const PAYLOADS = [
  (n: number) => `<img src=x onerror="window.__xss(${n})">`,
  (n: number) => `<script>window.__xss(${n})</script>`,
  (n: number) => `<svg onload="window.__xss(${n})"></svg>`,
  (n: number) => `"><img src=x onerror=window.__xss(${n})>`,
  (n: number) => `<iframe src="javascript:window.__xss(${n})"></iframe>`,
  (n: number) => `<a href="javascript:window.__xss(${n})">click me</a>`,
  (n: number) => `<details open ontoggle=window.__xss(${n})>`,
  (n: number) => `<input autofocus onfocus=window.__xss(${n})>`,
  (n: number) => `</script><script>window.__xss(${n})</script>`,
  (n: number) => `<object data="javascript:window.__xss(${n})"></object>`,
  (n: number) => `<video><source onerror="window.__xss(${n})"></video>`,
  (n: number) => `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss(${n})>`,
  (n: number) => `<form><button formaction="javascript:window.__xss(${n})">go</button></form>`,
  (n: number) => `<base href="javascript:window.__xss(${n})//">`,
  (n: number) => `{{constructor.constructor('window.__xss(${n})')()}}`,
  (n: number) => `<body onload=window.__xss(${n})>`,
  (n: number) => `<marquee onstart=window.__xss(${n})>x</marquee>`,
  (n: number) => `<div style="background:url(javascript:window.__xss(${n}))">x</div>`,
  (n: number) => `[click](javascript:window.__xss(${n}))`,
  (n: number) => `<img src=x onerror=eval(atob('${Buffer.from(`window.__xss(${n})`).toString('base64')}'))>`,
  (n: number) => `&lt;img src=x onerror=window.__xss(${n})&gt;`,
  (n: number) => `<embed src="javascript:window.__xss(${n})">`,
  (n: number) => `'-window.__xss(${n})-'`,
  (n: number) => `<noscript><p title="</noscript><img src=x onerror=window.__xss(${n})>">`,
];
let counter = 0;
const nextPayload = () => PAYLOADS[counter % PAYLOADS.length]!(++counter);

/** Counts calls of window.__xss and dialogs; lists elements that only injected markup would create. */
async function watch(page: Page): Promise<() => Promise<{ ran: number[]; injected: string[]; blockedByCsp: string[] }>> {
  const dialogs: string[] = [];
  // Aisle's own pages must work under its strict CSP: nothing of theirs may need blocking.
  const blockedByCsp: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blockedByCsp.push(message.text().slice(0, 200));
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __xss: (n: number) => void; __ran: number[] };
    w.__ran = [];
    w.__xss = (n) => w.__ran.push(n);
  });
  return async () => {
    const found = await page.evaluate(() => {
      const suspicious = '[onerror],[onload],[ontoggle],[onfocus],[onstart],[onclick],[formaction],script:not([src]),iframe,object,embed,base,[href^="javascript:" i],[src^="javascript:" i]';
      const roots: Array<Document | ShadowRoot> = [document, ...[...document.querySelectorAll('*')].flatMap((e) => (e.shadowRoot ? [e.shadowRoot] : []))];
      const injected = roots.flatMap((r) => [...r.querySelectorAll(suspicious)].map((e) => e.outerHTML.slice(0, 120)));
      return { ran: (window as unknown as { __ran: number[] }).__ran, injected };
    });
    return { ran: [...found.ran, ...dialogs.map(() => -1)], injected: found.injected, blockedByCsp };
  };
}

/**
 * XSS payloads in product data, shopper messages, LLM output and prompt templates, rendered in
 * real Chromium by the widget, the demo store and the staff pages: none runs, none becomes markup.
 */
describe.skipIf(!hasChromium)('output handling in Chromium', () => {
  let app: App;
  let browser: Browser;
  let base: string;
  let fake: FakeOpenAiServer;
  let cleanup: () => Promise<void>;
  const planted = { product: 0, shopper: 0, llm: 0, template: 0 };
  let sessionId = '';
  let productSku = '';

  beforeAll(async () => {
    const webDir = path.join(tempDir('aisle-e2e-xss-'), 'web');
    await build({ configFile: path.join(ROOT_DIR, 'vite.config.ts'), logLevel: 'silent', build: { outDir: webDir, emptyOutDir: true } });
    await build({ configFile: path.join(ROOT_DIR, 'vite.widget.config.ts'), logLevel: 'silent', build: { outDir: webDir, emptyOutDir: false } });
    fake = await startFakeOpenAiServer();
    // The LLM's explanation carries a payload of its own after a grounded first sentence.
    fake.script((request) => {
      if (wantsIntent(request)) return { content: JSON.stringify(hikingIntent()) };
      planted.llm += 1;
      return { content: `Try the ${firstCard(request).title}. ${nextPayload()} ` };
    });
    const database = await openMigratedPglite();
    const config = testConfig({ OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-xss' });
    app = await createApp(config, { db: database.db, logger: captureLogger().logger, webDistDir: webDir, prepareDb: (db) => seedCatalog({ db, config, count: 600 }).then(() => undefined) });
    await createUser(app.db, { email: 'support@shop.test', role: 'support', password: 'support-password-1' });
    await createUser(app.db, { email: 'merchant@shop.test', role: 'merchant', password: 'merchant-password-1' });
    base = `http://127.0.0.1:${(await app.listen()).port}`;
    browser = await launchChromium();

    // Product data as an older import might have left it (today's importer refuses such links).
    const { rows } = await app.db.query<{ id: number; sku: string }>(`SELECT id, sku FROM products WHERE category = 'Shoes > Hiking' ORDER BY price LIMIT 8`);
    for (const [i, row] of rows.entries()) {
      await app.db.query(`UPDATE products SET title = $2, description = $3, url = $4 WHERE id = $1`, [row.id, `Trail Boot ${i} ${nextPayload()}`, `${nextPayload()} A waterproof boot.`, i === 0 ? 'javascript:window.__xss(999)' : null]);
      planted.product += 2;
    }
    productSku = rows[0]!.sku;
    cleanup = async () => {
      await browser.close();
      await app.close();
      await fake.close();
      await database.cleanup();
    };
  }, 120_000);
  afterAll(async () => cleanup?.());

  it('when a shopper types payloads and the catalog and the LLM return them, then the widget shows them as text and runs nothing', async () => {
    const page = await browser.newPage();
    const check = await watch(page);
    await page.goto(base);
    await page.locator('.launcher').click();
    // Styled through a constructed stylesheet, which a strict CSP allows.
    expect(await page.locator('.launcher').evaluate((e) => getComputedStyle(e).position)).toBe('fixed');
    const input = page.getByLabel('Message the shopping assistant');
    const typed: string[] = [];
    for (let i = 0; i < 6; i++) {
      const payload = `hiking boots ${nextPayload()}`;
      typed.push(payload);
      planted.shopper += 1;
      await input.fill(payload);
      await input.press('Enter');
      await expect.poll(async () => page.locator('.msg.assistant .cards, .cards').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(i + 1);
      await expect.poll(async () => page.locator('.typing').textContent()).toBe('');
    }
    expect(await page.locator('.msg.user').allTextContents()).toEqual(expect.arrayContaining(typed));
    expect((await page.locator('.card').allTextContents()).join(' ')).toContain('Trail Boot 0 <img src=x');
    const hrefs = await page.locator('.card a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) expect(href.toLowerCase()).not.toMatch(/^\s*javascript:/);
    sessionId = await page.evaluate(() => JSON.parse(localStorage.getItem('aisle-widget') ?? '{}').sessionId ?? '');
    expect(await check()).toEqual({ ran: [], injected: [], blockedByCsp: [] });
  });

  it('when the demo store lists and shows those products, then their names and descriptions stay text', async () => {
    const page = await browser.newPage();
    const check = await watch(page);
    await page.goto(`${base}/?category=${encodeURIComponent('Shoes > Hiking')}`);
    await expect.poll(async () => (await page.locator('.product strong').allTextContents()).join(' ')).toContain('<img src=x');
    expect(await page.locator('a.product[href^="javascript:" i]').count()).toBe(0);
    await page.goto(`${base}/products/${encodeURIComponent(productSku)}`);
    await expect.poll(async () => page.locator('main').textContent()).toContain('Trail Boot 0');
    expect(await check()).toEqual({ ran: [], injected: [], blockedByCsp: [] });
  });

  it('when support opens the transcript, then every message, card and trace shows as text', async () => {
    expect(sessionId).not.toBe('');
    const page = await browser.newPage();
    const check = await watch(page);
    await page.goto(`${base}/support/`);
    await signInOnPage(page, 'support@shop.test', 'support-password-1');
    // The list shows each conversation's first message, payload included, as text.
    const row = page.getByRole('row').filter({ hasText: 'hiking boots <' }).first();
    await row.getByRole('button', { name: 'Open' }).click();
    await expect.poll(async () => page.locator('body').textContent(), { timeout: 10_000 }).toContain('hiking boots <img src=x');
    for (const summary of await page.getByText('Why this answer').all()) await summary.click();
    expect(await check()).toEqual({ ran: [], injected: [], blockedByCsp: [] });
  });

  it('when a merchant saves a prompt template holding payloads, then the prompt studio shows it as text', async () => {
    const merchant = await signIn(base, 'merchant@shop.test', 'merchant-password-1');
    const body = `Recommend only from <cards>{{cards}}</cards>.\nShopper: <shopper>{{message}}</shopper>\n{{history}}\n${[1, 2, 3, 4].map(() => nextPayload()).join('\n')}`;
    planted.template += 4;
    const saved = await staffCall(base, merchant, 'POST', '/api/prompts/explain/versions', { body, message: 'xss check' });
    expect(saved.status).toBe(201);
    const page = await browser.newPage();
    const check = await watch(page);
    await page.goto(`${base}/admin/`);
    await signInOnPage(page, 'merchant@shop.test', 'merchant-password-1');
    await page.getByRole('row', { name: /^explain/ }).getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Version to preview').selectOption('2');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(async () => page.locator('pre.rendered').textContent()).toContain('<img src=x');
    expect(await check()).toEqual({ ran: [], injected: [], blockedByCsp: [] });
  });

  it('when all payloads are counted, then at least twenty were planted across the four sources', () => {
    expect(planted.product + planted.shopper + planted.llm + planted.template).toBeGreaterThanOrEqual(20);
    expect(Math.min(planted.product, planted.shopper, planted.llm, planted.template)).toBeGreaterThan(0);
  });
});
