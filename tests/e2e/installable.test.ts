import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium } from '../support/browser';
import { createTestUser, deliver, REPO_DIR, type TestUser } from '../support/stack';

/**
 * Issue 16, "Installable": a web app manifest and a service worker that keeps
 * the app shell and code, so Tern starts without the network; the API is never
 * cached; a new version waits for "Reload to update", and not mid-compose.
 */

/** Every URL the page's caches hold. */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
}

describe('installable and offline-ready (Chromium)', () => {
  let bff: RunningBff;
  let browser: Browser;
  let user: TestUser;
  // A copy of the built app, so the test can publish a "new version" of its service worker.
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tern-web-'));

  beforeAll(async () => {
    const built = path.join(REPO_DIR, 'dist/web');
    if (!fs.existsSync(path.join(built, 'sw.js'))) throw new Error('dist/web is not built: `npm test` builds it first (or run `npx vite build`)');
    fs.cpSync(built, staticDir, { recursive: true });
    const before = process.env.TERN_TEST_STATIC_DIR;
    process.env.TERN_TEST_STATIC_DIR = staticDir;
    try {
      bff = await startBff();
    } finally {
      if (before === undefined) delete process.env.TERN_TEST_STATIC_DIR;
      else process.env.TERN_TEST_STATIC_DIR = before;
    }
    user = await createTestUser('pwa');
    await deliver(user.email, { from: 'Ada Lovelace <ada@mt-example.com>', subject: 'Quarterly report', text: 'The numbers look good.' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('has a manifest with icons and theme colours, starts offline from its service worker, and never caches the API', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(bff.url);

    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await page.request.get(new URL(manifestHref!, bff.url).href)).json()) as {
      name: string;
      start_url: string;
      display: string;
      theme_color: string;
      icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
    };
    expect(manifest).toMatchObject({ name: 'Tern', start_url: '/mail', display: 'standalone' });
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.type}${icon.purpose ? ` ${icon.purpose}` : ''}`)).toEqual(
      expect.arrayContaining(['192x192 image/png', '512x512 image/png', '512x512 image/png maskable', 'any image/svg+xml']),
    );
    for (const icon of manifest.icons) expect((await page.request.get(new URL(icon.src, bff.url).href)).status()).toBe(200);
    expect(await page.locator('meta[name="theme-color"]').evaluateAll((metas) => metas.map((m) => `${m.getAttribute('media')} ${m.getAttribute('content')}`))).toEqual([
      '(prefers-color-scheme: light) #ffffff',
      '(prefers-color-scheme: dark) #16191e',
    ]);

    // The service worker installs with the app's shell and code.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('option', { name: /Quarterly report/ }).click();
    await page.getByText('The numbers look good.').waitFor();

    const cached = await cachedUrls(page);
    expect(cached).toContain('/index.html');
    expect(cached.some((url) => url.startsWith('/assets/') && url.endsWith('.js'))).toBe(true);
    expect(cached.filter((url) => url.startsWith('/api/'))).toEqual([]);

    // No network: Tern still starts, on the mail this device kept, and says so.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Offline' }).getByText(/showing mail saved on this device/).waitFor();
    await page.getByRole('option', { name: /Quarterly report/ }).click();
    await page.getByText('The numbers look good.').waitFor();
    await context.setOffline(false);
    expect((await cachedUrls(page)).filter((url) => url.startsWith('/api/'))).toEqual([]);

    // Signed out, nothing is kept: without network Tern says what it cannot reach.
    await page.getByRole('button', { name: 'Sign Out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.setOffline(true);
    await page.goto(new URL('/mail', bff.url).href);
    await page.getByRole('alert').getByRole('button', { name: 'Try again' }).waitFor();
    expect(await page.getByRole('option').count()).toBe(0);
    expect(await page.title()).toBe('Tern');
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('announces a new version and waits to reload until the message being written is sent or closed', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(bff.url);
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('option', { name: /Quarterly report/ }).waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const firstWorker = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);

    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('menuitem', { name: 'New Email' }).click();
    const compose = page.getByRole('dialog', { name: 'New Email' });
    await compose.getByLabel('Subject').fill('Half written');

    // A new version is published; the page finds it.
    fs.appendFileSync(path.join(staticDir, 'sw.js'), '\n// the next version\n');
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const reload = page.getByRole('button', { name: 'Reload to update' });
    await reload.waitFor({ timeout: 15_000 });
    await page.getByText('Reload once this message is sent or closed.').waitFor();
    expect(await reload.isDisabled()).toBe(true);
    // Nothing swapped under the writer: the same page, the same text.
    expect(await compose.getByLabel('Subject').inputValue()).toBe('Half written');

    await compose.getByRole('button', { name: 'Discard' }).click();
    await compose.waitFor({ state: 'detached' });
    expect(await reload.isDisabled()).toBe(false);
    await Promise.all([page.waitForEvent('load'), reload.click()]);
    await page.getByRole('option', { name: /Quarterly report/ }).waitFor();
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    expect(await page.getByRole('button', { name: 'Reload to update' }).count()).toBe(0);
    expect(firstWorker).toBeTruthy();
    await context.close();
  });
});
