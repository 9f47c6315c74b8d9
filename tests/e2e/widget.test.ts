import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/src/app.js';
import { ROOT_DIR } from '../../server/src/paths.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { hasChromium, launchChromium, openWidgetAndAsk } from '../support/browser.js';
import { captureLogger } from '../support/capture-logger.js';
import { testConfig } from '../support/test-config.js';
import { openMigratedPglite, tempDir } from '../support/test-db.js';

describe.skipIf(!hasChromium)('the shopper widget in Chromium', () => {
  let app: App;
  let browser: Browser;
  let base: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const webDir = path.join(tempDir('aisle-e2e-web-'), 'web');
    await build({ configFile: path.join(ROOT_DIR, 'vite.config.ts'), logLevel: 'silent', build: { outDir: webDir, emptyOutDir: true } });
    await build({ configFile: path.join(ROOT_DIR, 'vite.widget.config.ts'), logLevel: 'silent', build: { outDir: webDir, emptyOutDir: false } });
    const database = await openMigratedPglite();
    const config = testConfig();
    app = await createApp(config, { db: database.db, logger: captureLogger().logger, webDistDir: webDir, prepareDb: (db) => seedCatalog({ db, config, count: 1500 }).then(() => undefined) });
    base = `http://127.0.0.1:${(await app.listen()).port}`;
    browser = await launchChromium();
    cleanup = async () => {
      await browser.close();
      await app.close();
      await database.cleanup();
    };
  });
  afterAll(async () => cleanup?.());

  it('when a shopper asks for waterproof hiking boots under 120, then streamed text and cards within budget appear, and the conversation survives a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(base);
    await expect.poll(async () => page.locator('.product').count()).toBeGreaterThan(0);
    await page.locator('.launcher').click();
    const input = page.getByLabel('Message the shopping assistant');
    await input.fill('waterproof hiking boots under 120');
    await input.press('Enter');
    await page.locator('.card').first().waitFor({ timeout: 15_000 });
    const prices = await page.locator('.card .price').allTextContents();
    expect(prices.length).toBeGreaterThan(0);
    for (const price of prices) expect(Number(price.replace(/[^0-9.]/g, ''))).toBeLessThanOrEqual(120);
    const reply = await page.locator('.msg.assistant').last().locator('div').first().textContent();
    expect(reply).toMatch(/Here are \d+ picks/);

    const cardsBefore = await page.locator('.card').count();
    await page.locator('.card').first().getByRole('button', { name: 'More like this' }).click();
    await expect.poll(async () => page.locator('.card').count(), { timeout: 15_000 }).toBeGreaterThan(cardsBefore);

    await page.locator('.msg.assistant .rate button[aria-label="Helpful"]').last().click();
    await expect.poll(async () => page.locator('.msg.assistant .rate button[aria-label="Helpful"]').last().getAttribute('aria-pressed')).toBe('true');

    await page.reload();
    await expect.poll(async () => page.locator('.msg.user').count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(async () => page.locator('.card').count()).toBeGreaterThan(0);

    mkdirSync(path.join(ROOT_DIR, 'reports'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT_DIR, 'reports', 'widget.png') });
    const events = await app.db.query<{ kind: string }>("SELECT kind FROM events WHERE kind = 'thumbs_up'");
    expect(events.rowCount).toBe(1);
  });

  it('when the shopper compares and opens "what I know about you", then a table and editable facts appear', async () => {
    const page = await browser.newPage();
    const input = await openWidgetAndAsk(page, base, 'running shoes under 150');
    await page.locator('.card').first().waitFor({ timeout: 15_000 });
    await input.fill('compare the first two');
    await input.press('Enter');
    await page.locator('table.compare').waitFor({ timeout: 15_000 });
    expect(await page.locator('table.compare tbody tr').count()).toBeGreaterThanOrEqual(3);
    await page.getByRole('button', { name: 'What I know about you' }).click();
    await expect.poll(async () => page.locator('.about li').allTextContents()).toContain('Budget: up to $150');
    await page.getByRole('button', { name: 'Forget everything' }).click();
    await expect.poll(async () => page.locator('.about p').first().textContent()).toContain('Nothing yet');
  });

  it('when a message was left unanswered by a crash, then after a reload the widget offers Retry and the answer arrives', async () => {
    const page = await browser.newPage();
    await openWidgetAndAsk(page, base, 'trail running shoes');
    await page.locator('.card').first().waitFor({ timeout: 15_000 });
    // What a restart finds after kill -9 mid-turn (crash-safety.test.ts): the message, no answer, the turn interrupted.
    const sessionId = await page.evaluate(() => JSON.parse(localStorage.getItem('aisle-widget') ?? '{}').sessionId as string);
    const { rows } = await app.db.query<{ id: string }>('SELECT id FROM turns WHERE session_id = $1 ORDER BY seq DESC LIMIT 1', [sessionId]);
    await app.db.query(`DELETE FROM messages WHERE turn_id = $1 AND role = 'assistant'`, [rows[0]!.id]);
    await app.db.query(`UPDATE turns SET status = 'interrupted' WHERE id = $1`, [rows[0]!.id]);

    await page.reload(); // the widget reopens as the shopper left it
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('.card').first().waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    const answered = await app.db.query<{ status: string; answers: number }>(`SELECT t.status, (SELECT count(*)::int FROM messages m WHERE m.turn_id = t.id AND m.role = 'assistant') AS answers FROM turns t WHERE t.id = $1`, [rows[0]!.id]);
    expect(answered.rows[0]).toEqual({ status: 'completed', answers: 1 });
  });

  it('when product data contains markup, then the widget shows it as text and runs no script', async () => {
    const page = await browser.newPage();
    await app.db.query(`UPDATE products SET title = '<img src=x onerror="window.__xss=1">Evil Boot' WHERE id = (SELECT id FROM products WHERE category = 'Shoes > Hiking' ORDER BY id LIMIT 1)`);
    await openWidgetAndAsk(page, base, 'evil boot hiking');
    await page.locator('.card').first().waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});
