import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium, signInThroughPage } from '../support/browser';
import { createTestUser, deliver, imapClient, type TestUser } from '../support/stack';

const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

describe('settings in Chromium', () => {
  let bff: RunningBff;
  let browser: Browser;
  let user: TestUser;

  beforeAll(async () => {
    bff = await startBff();
    user = await createTestUser('e2e-settings');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
  });

  it('whitelists @example.org under "Anti-Spam", and spam-scored mail from that domain then arrives in the Inbox', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInThroughPage(page, bff.url, user);
    await page.getByRole('link', { name: 'Settings' }).click();

    await page.getByRole('radio', { name: 'Custom Settings' }).check();
    await page.getByRole('radio', { name: 'Move to Spam folder' }).check();
    const whitelist = page.getByLabel('Whitelist Senders');
    await whitelist.fill('@example.org\nnot valid');
    await page.getByRole('button', { name: 'Save Settings' }).click();
    await page.getByText('Line 2: "not valid" is not an address').waitFor();

    await whitelist.fill('@example.org');
    await page.getByRole('button', { name: 'Save Settings' }).click();
    await page.getByText(/Anti-spam settings saved/).waitFor();

    // Through the stack's inbound SMTP: SpamAssassin scores it 1000, Sieve sees the whitelist.
    const friendly = await deliver(user, { subject: 'Friendly GTUBE', text: `${GTUBE}\n` }, { from: 'news@example.org' });
    const other = await deliver(user, { subject: 'Other GTUBE', text: `${GTUBE}\n` }, { from: 'news@example.net', mailbox: 'Junk' });
    expect(friendly.mailbox).toBe('INBOX');
    expect(other.mailbox).toBe('Junk');

    await page.getByRole('link', { name: 'Mail' }).click();
    // The mail arrived while Settings was open; "Get Mail" checks the folder now.
    await page.getByRole('button', { name: 'Get Mail' }).click();
    await page.getByRole('option', { name: /Friendly GTUBE/ }).waitFor();
    expect(await page.getByRole('option', { name: /Other GTUBE/ }).count()).toBe(0);

    const client = await imapClient(user);
    try {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const message = await client.fetchOne(String(friendly.uid), { flags: true }, { uid: true });
      expect(message && message.flags?.has('$Junk')).toBe(false);
    } finally {
      await client.logout();
    }
    await page.close();
  });

  it('applies the "Dark" theme to the whole app once saved, and keeps it after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    await signInThroughPage(page, bff.url, user);
    await page.goto(`${bff.url}/settings/display`);
    await page.getByRole('radio', { name: 'Dark' }).check();
    await page.getByRole('button', { name: 'Save Settings' }).click();
    await page.getByText('Display settings saved.').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    await page.getByRole('radio', { name: 'Dark' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(22, 25, 30)');
    await page.close();
  });
});
