import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { appInChromium } from '../support/browser';
import { createTestUser, deliver, REPO_DIR, type TestUser } from '../support/stack';

/**
 * Issue 18: the UI speaks the user's language. A German browser gets German
 * from the first paint of the sign-in page; a user who chose Arabic gets it
 * after signing in, with the whole layout mirrored. The expected words are read
 * from the catalogs, so the test checks that the catalogs are what is shown.
 */
function catalog(language: string, namespace: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'web/locales', language, `${namespace}.json`), 'utf8')) as Record<string, string>;
}

function translated(language: string, namespace: string, english: string): string {
  const text = catalog(language, namespace)[english];
  if (!text) throw new Error(`${language}/${namespace}.json has no "${english}"`);
  return text;
}

async function seededUser(bffUrl: string): Promise<TestUser> {
  const user = await createTestUser('languages');
  const api = new ApiClient(bffUrl);
  await api.signIn(user.email, user.password);
  // The browser's sign-in after this one is a new browser: its notice mail would land in the Inbox mid-test.
  await api.json('PUT', '/api/security/settings', { signInNotice: false });
  await deliver(user.email, { from: 'Ada Lovelace <ada@mt-example.com>', subject: 'Quarterly report', text: 'Hi,\n\nthe report is attached.\n\nAda' });
  return user;
}

function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('languages in Chromium', () => {
  const app = appInChromium();

  it('a German browser gets the sign-in page in German, then the mail in German', async () => {
    const user = await seededUser(app.bff.url);
    const context = await app.browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${app.bff.url}/sign-in`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.getByLabel(translated('de', 'session', 'Email address')).fill(user.email);
    await page.getByLabel(translated('de', 'session', 'Password'), { exact: true }).fill(user.password);
    await page.getByRole('button', { name: translated('de', 'session', 'Sign in') }).click();
    await page.getByRole('option', { name: /Quarterly report/ }).waitFor();
    await page.getByRole('treeitem', { name: new RegExp(`^${translated('de', 'mail', 'Inbox')}`) }).waitFor();
    await context.close();
  });

  it('Arabic, chosen in the preferences, mirrors the layout at desktop and phone width (screenshot for the README)', async () => {
    const user = await seededUser(app.bff.url);
    const api = new ApiClient(app.bff.url);
    await api.signIn(user.email, user.password);
    await api.json('PUT', '/api/preferences/display', { layout: 'three-pane', theme: 'light', messagesPerPage: 50, language: 'ar', conversations: false });

    const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1360, height: 820 }, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(`${app.bff.url}/sign-in`);
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const inbox = page.getByRole('treeitem', { name: new RegExp(`^${translated('ar', 'mail', 'Inbox')}`) });
    await inbox.waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    // Mirrored: the folders are on the right of the message list.
    const list = page.getByRole('listbox');
    const [folders, messages] = [await page.getByRole('tree').boundingBox(), await list.boundingBox()];
    expect(folders!.x).toBeGreaterThan(messages!.x);
    await page.getByRole('option', { name: /Quarterly report/ }).click();
    await page.getByText('the report is attached.').waitFor();
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.screenshot({ path: path.join(REPO_DIR, 'docs/screenshot-rtl.png'), animations: 'disabled' });

    // And the signed-in user's Arabic comes back on a reload, before the preferences answer.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await inbox.or(page.getByRole('option', { name: /Quarterly report/ })).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await sidewaysOverflow(page)).toBe(0);
    await context.close();
  });
});
