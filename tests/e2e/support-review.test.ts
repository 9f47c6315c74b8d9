import path from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/src/app.js';
import { createUser } from '../../server/src/auth/users.js';
import { ROOT_DIR } from '../../server/src/paths.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { hasChromium, launchChromium, openWidgetAndAsk, signInOnPage } from '../support/browser.js';
import { captureLogger } from '../support/capture-logger.js';
import { testConfig } from '../support/test-config.js';
import { openMigratedPglite, tempDir } from '../support/test-db.js';

describe.skipIf(!hasChromium)('support review in Chromium', () => {
  let app: App;
  let browser: Browser;
  let base: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const webDir = path.join(tempDir('aisle-e2e-support-'), 'web');
    await build({ configFile: path.join(ROOT_DIR, 'vite.config.ts'), logLevel: 'silent', build: { outDir: webDir, emptyOutDir: true } });
    await build({ configFile: path.join(ROOT_DIR, 'vite.widget.config.ts'), logLevel: 'silent', build: { outDir: webDir, emptyOutDir: false } });
    const database = await openMigratedPglite();
    const config = testConfig();
    app = await createApp(config, { db: database.db, logger: captureLogger().logger, webDistDir: webDir, prepareDb: (db) => seedCatalog({ db, config, count: 600 }).then(() => undefined) });
    await createUser(app.db, { email: 'support@shop.test', role: 'support', password: 'support-password-1' });
    base = `http://127.0.0.1:${(await app.listen()).port}`;
    browser = await launchChromium();
    cleanup = async () => {
      await browser.close();
      await app.close();
      await database.cleanup();
    };
  });
  afterAll(async () => cleanup?.());

  it('when a shopper gives a thumbs-down, then support finds it, reads the trace, flags it and exports it', async () => {
    const shopper = await browser.newPage();
    await openWidgetAndAsk(shopper, base, 'noise cancelling headphones under 200');
    await shopper.locator('.card').first().waitFor({ timeout: 15_000 });
    await shopper.locator('.msg.assistant .rate button[aria-label="Not helpful"]').last().click();
    await expect.poll(async () => (await app.db.query("SELECT 1 FROM events WHERE kind = 'thumbs_down'")).rowCount).toBe(1);

    const support = await browser.newPage();
    await support.goto(`${base}/support/`);
    await signInOnPage(support, 'support@shop.test', 'support-password-1');
    await support.getByLabel('Thumbs down').check();
    await support.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(async () => support.locator('tbody tr').count()).toBe(1);
    await support.getByRole('button', { name: 'Open' }).click();
    await support.getByText('Why this answer').first().click();
    await expect.poll(async () => support.locator('.candidates tr.shown').count()).toBeGreaterThan(0);
    expect(await support.locator('.trace li').allTextContents()).toEqual(expect.arrayContaining(['intent: search', 'feedback: thumbs_down']));

    await support.getByLabel('Flagged').check();
    await support.getByLabel('Flag reason').fill('shopper unhappy with headphones');
    await support.getByLabel('Assigned to').selectOption({ label: 'support@shop.test' });
    await support.getByRole('button', { name: 'Save review' }).click();
    await expect.poll(async () => (await app.db.query<{ flagged: boolean; assigned: boolean }>('SELECT flagged, assigned_to IS NOT NULL AS assigned FROM session_reviews')).rows[0]).toEqual({ flagged: true, assigned: true });

    const href = await support.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await support.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv.split('\n')[0]).toContain('session_id');
    expect(csv).toContain('noise cancelling headphones under 200');
  });
});
