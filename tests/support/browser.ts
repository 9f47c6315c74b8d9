import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { available } from './required.js';

/** Debian's Chromium (`.ci/run` installs it); browser suites are skipped where it is missing, except under CI, where that fails the run. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = available(existsSync(CHROMIUM), `Chromium at ${CHROMIUM} (the browser suites)`);

/** Headless, with nothing that reaches for the network; launch() gives a fresh user-data-dir. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

/** The staff pages' sign-in form. */
export async function signInOnPage(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the store page, opens the widget and sends a first message; returns the message box for more. */
export async function openWidgetAndAsk(page: Page, url: string, text: string) {
  await page.goto(url);
  await page.locator('.launcher').click();
  const input = page.getByLabel('Message the shopping assistant');
  await input.fill(text);
  await input.press('Enter');
  return input;
}
