import path from 'node:path';
import type { Browser } from 'playwright-core';
import { io as connect } from 'socket.io-client';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/src/app.js';
import { createUser } from '../../server/src/auth/users.js';
import type { ChatDone, ChatSendAck, ChatStartAck } from '../../server/src/contracts/chat-events.js';
import { ROOT_DIR } from '../../server/src/paths.js';
import { getTurn } from '../../server/src/transcripts/transcript-repository.js';
import { seedCatalog } from '../../seed/seed-catalog.js';
import { hasChromium, launchChromium, signInOnPage } from '../support/browser.js';
import { captureLogger } from '../support/capture-logger.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { testConfig } from '../support/test-config.js';
import { openMigratedPglite, tempDir } from '../support/test-db.js';

describe.skipIf(!hasChromium)('the prompt studio in Chromium', () => {
  let app: App;
  let browser: Browser;
  let fake: FakeOpenAiServer;
  let base: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const webDir = path.join(tempDir('aisle-e2e-admin-'), 'web');
    await build({ configFile: path.join(ROOT_DIR, 'vite.config.ts'), logLevel: 'silent', build: { outDir: webDir, emptyOutDir: true } });
    fake = await startFakeOpenAiServer();
    fake.script((request) => {
      if (request.tools?.length || request.response_format) {
        return { content: JSON.stringify({ type: 'search', need: 'hiking boots', filters: { category: 'Shoes > Hiking', brandsIn: [], brandsOut: [], priceMin: null, priceMax: 150, inStock: null, attributes: [], attributesOut: [] }, preferences: { likes: [], dislikes: [], useCase: null, style: null }, references: [], priceDirection: null, needsClarification: false, resetContext: false, language: 'en' }) };
      }
      const card = /1\. (.+?) — [^,]+, \$([\d.]+)/.exec(JSON.stringify(request.messages));
      return { content: `Try the ${card?.[1]} at $${card?.[2]}. ` };
    });
    const database = await openMigratedPglite();
    const config = testConfig({ OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-e2e' });
    app = await createApp(config, { db: database.db, logger: captureLogger().logger, webDistDir: webDir, prepareDb: (db) => seedCatalog({ db, config, count: 600 }).then(() => undefined) });
    await createUser(app.db, { email: 'merchant@shop.test', role: 'merchant', password: 'merchant-password-1' });
    base = `http://127.0.0.1:${(await app.listen()).port}`;
    browser = await launchChromium();
    cleanup = async () => {
      await browser.close();
      await app.close();
      await fake.close();
      await database.cleanup();
    };
  });
  afterAll(async () => cleanup?.());

  it('when a merchant edits explain, previews and publishes it, then the next chat turn records the new version', async () => {
    const page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${base}/admin/`);
    await signInOnPage(page, 'merchant@shop.test', 'merchant-password-1');
    await page.getByRole('row', { name: /^explain/ }).getByRole('button', { name: 'Edit' }).click();

    const editor = page.getByLabel('Body of explain');
    await editor.fill('Recommend only from <cards>{{cards}}</cards>.\nShopper: <shopper>{{message}}</shopper>\n{{history}}\n{{unknown}}');
    await expect.poll(async () => page.locator('.problems li').allTextContents()).toEqual([expect.stringContaining('line 4, column 1')]);
    await editor.fill('Recommend only from <cards>{{cards}}</cards>.\nShopper: <shopper>{{message}}</shopper>\n{{history}}');
    await expect.poll(async () => page.locator('p.ok').textContent()).toBe('Valid');
    await page.getByLabel('Change message').fill('shorter explain');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByRole('cell', { name: 'v2' }).waitFor();

    await page.getByLabel('Version to preview').selectOption('2');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(async () => page.locator('pre.rendered').textContent()).toContain('Recommend only from <cards>');

    await page.getByRole('row', { name: /^v2/ }).getByRole('button', { name: 'Publish' }).click();
    await expect.poll(async () => (await app.db.query<{ version: number }>(`SELECT version FROM prompt_labels WHERE template_name = 'explain' AND label = 'published'`)).rows[0]?.version).toBe(2);
    // Turns read published templates from a cache reloaded in the background: wait until it has v2.
    await expect.poll(async () => (await app.turns.llm!.prompts()).get('explain')?.version, { timeout: 10_000 }).toBe(2);

    const socket = connect(base, { transports: ['websocket'], forceNew: true });
    try {
      const started = (await socket.timeout(10_000).emitWithAck('chat:start', {})) as ChatStartAck;
      if (!started.ok) throw new Error('start failed');
      const done = new Promise<ChatDone>((resolve) => socket.on('chat:done', resolve));
      const ack = (await socket.timeout(10_000).emitWithAck('chat:send', { sessionId: started.sessionId, text: 'hiking boots under 150', clientMessageId: 'studio-1' })) as ChatSendAck;
      if (!ack.ok) throw new Error('send failed');
      await done;
      const trace = (await getTurn(app.db, ack.turnId))!.trace as { prompts: Array<{ template: string; version: number }> };
      expect(trace.prompts.find((p) => p.template === 'explain')?.version).toBe(2);
    } finally {
      socket.close();
    }
    const sent = JSON.stringify(fake.requests.chat.at(-1)?.messages);
    expect(sent).toContain('Recommend only from');
  });
});
