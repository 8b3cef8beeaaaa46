import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium, signInThroughPage } from '../support/browser';
import { createTestUser, type TestUser } from '../support/stack';
import { codeAt } from '../support/two-factor';

describe('two-step sign-in in Chromium', () => {
  let bff: RunningBff;
  let browser: Browser;
  let user: TestUser;

  beforeAll(async () => {
    bff = await startBff();
    user = await createTestUser('e2e-totp');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
  });

  it('is turned on in Settings → "Security" from the key shown, and the next sign-in asks for a code', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const page = await context.newPage();
    await signInThroughPage(page, bff.url, user);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Security', exact: true }).click();
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();

    // The QR code is a real image; the key beside it is what the user's app is given.
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).toBe(true);
    const secret = (await page.locator('.security-secret').textContent())!.trim();
    await page.getByLabel('Code from the app').fill(codeAt(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();

    const codes = page.getByRole('region', { name: 'Recovery codes' });
    await codes.waitFor();
    expect(await codes.getByRole('listitem').count()).toBe(10);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download codes' }).click()]);
    expect(download.suggestedFilename()).toBe('tern-recovery-codes.txt');
    const saved = await download.createReadStream();
    let text = '';
    for await (const chunk of saved) text += String(chunk);
    expect(text.trim().split('\n').slice(-10)).toEqual(await codes.getByRole('listitem').allTextContents());
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText(/Two-step sign-in is on/).waitFor();

    // Sign out, then in: the password, then a code.
    await page.getByRole('button', { name: 'Sign Out', exact: true }).click();
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByLabel('Code', { exact: true });
    await code.fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').getByText('That code is not right. Try again.').waitFor();
    // The step turning it on used this half-minute's code: the app's next one.
    await code.fill(codeAt(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('treeitem', { name: /^Inbox/ }).waitFor();
    await context.close();
  });
});
