import { chromium, type Browser, type Page } from 'playwright-core';

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
