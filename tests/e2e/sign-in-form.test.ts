import type { Page, Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appInChromium } from '../support/browser';
import { createTestUser, type TestUser } from '../support/stack';

/**
 * index.html draws the sign-in form itself (issue 14): usable before the app's
 * code arrives, even without JavaScript, and taken over by the app without
 * losing what the user did in it.
 */
describe('the sign-in form in the HTML', () => {
  const app = appInChromium();
  let user: TestUser;

  beforeAll(async () => {
    user = await createTestUser('e2e-static-sign-in');
  });

  /** Holds the app's entry module until `release()`: the time before the code arrives, made as long as the test needs. */
  async function holdAppCode(page: Page): Promise<() => Promise<void>> {
    const held: Route[] = [];
    let released = false;
    await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
      if (released) await route.continue();
      else held.push(route);
    });
    return async () => {
      released = true;
      await Promise.all(held.map((route) => route.continue()));
    };
  }

  it('is there with its labels and autocomplete hints when JavaScript is off, and never puts the password in a URL', async () => {
    const context = await app.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${app.bff.url}/sign-in`);
      const email = page.getByLabel('Email address');
      const password = page.getByLabel('Password');
      expect(await email.isVisible()).toBe(true);
      expect(await password.isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
      expect(await email.getAttribute('autocomplete')).toBe('username');
      expect(await password.getAttribute('autocomplete')).toBe('current-password');
      expect(await page.getByText('Tern needs JavaScript').isVisible()).toBe(true);

      await email.fill(user.email);
      await password.fill(user.password);
      await password.press('Enter');
      await page.waitForLoadState();
      expect(page.url()).not.toContain(encodeURIComponent(user.password));
      expect(page.url()).not.toContain(user.password);
      // Back on the sign-in page, which says why nothing happened.
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.getByText('Tern needs JavaScript').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('keeps what was typed, the focus and the layout when the app takes over', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const release = await holdAppCode(page);
      await page.goto(`${app.bff.url}/sign-in`, { waitUntil: 'commit' });
      // The HTML's form, the app's code still on its way.
      await page.locator('#static-sign-in').getByLabel('Email address').fill(user.email);
      const staticPassword = page.locator('#static-sign-in').getByLabel('Password');
      await staticPassword.fill('half-typed');
      const before = await staticPassword.boundingBox();

      await release();
      await page.locator('#static-sign-in').waitFor({ state: 'detached' });
      const password = page.locator('#root').getByLabel('Password');
      expect(await page.locator('#root').getByLabel('Email address').inputValue()).toBe(user.email);
      expect(await password.inputValue()).toBe('half-typed');
      expect(await password.evaluate((input) => input === document.activeElement)).toBe(true);
      expect(await password.boundingBox()).toEqual(before);
      // Exactly one form: the labels name one field each.
      expect(await page.getByLabel('Password').count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('signs in with an Enter pressed before the app code arrived', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const release = await holdAppCode(page);
      await page.goto(`${app.bff.url}/sign-in`, { waitUntil: 'commit' });
      await page.getByLabel('Email address').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByLabel('Password').press('Enter');
      // No page load: the submit waits for the app.
      expect(new URL(page.url()).pathname).toBe('/sign-in');

      await release();
      await page.getByRole('treeitem', { name: /^Inbox/ }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/mail');
      expect(page.url()).not.toContain(encodeURIComponent(user.password));
    } finally {
      await context.close();
    }
  });
});
