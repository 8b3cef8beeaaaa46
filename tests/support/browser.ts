import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startBff, type RunningBff } from './bff';
import { REPO_DIR } from './stack';

/**
 * Debian's Chromium (a test tool's own browser download cannot work here), with
 * flags that work headless as root. Playwright gives every launch a fresh profile.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in through the sign-in page, as a person would, and waits for the folder list. */
export async function signInThroughPage(page: Page, url: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('treeitem', { name: /^Inbox/ }).waitFor();
}

/** A row of the message list, by its subject (its accessible name starts "<subject>,"). */
export function messageRow(page: Page, subject: string) {
  return page.getByRole('listbox').getByRole('option', { name: new RegExp(`${subject},`) });
}

/**
 * For one describe block: the built app served by a BFF (`startBff()` unless
 * `start` says otherwise) and Chromium, both closed after the block. Read them
 * from the returned holder inside tests or later hooks.
 */
export function appInChromium(start: () => Promise<RunningBff> = () => startBff()): { readonly bff: RunningBff; readonly browser: Browser } {
  const running: { bff?: RunningBff; browser?: Browser } = {};
  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO_DIR, 'dist/web/index.html'))) throw new Error('dist/web is not built: `npm test` builds it first (or run `npx vite build`)');
    running.bff = await start();
    running.browser = await launchChromium();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.bff?.close();
  });
  return {
    get bff() {
      if (!running.bff) throw new Error('the BFF is not up yet: read it inside a test or a later hook');
      return running.bff;
    },
    get browser() {
      if (!running.browser) throw new Error('Chromium is not up yet: read it inside a test or a later hook');
      return running.browser;
    },
  };
}
