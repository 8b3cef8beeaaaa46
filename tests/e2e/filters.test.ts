import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium, signInThroughPage } from '../support/browser';
import { createTestUser, deliver, imapClient, type TestUser } from '../support/stack';

describe('filters in Chromium', () => {
  let bff: RunningBff;
  let browser: Browser;
  let user: TestUser;

  beforeAll(async () => {
    bff = await startBff();
    user = await createTestUser('e2e-filters');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
  });

  it('"Create filter" on a list message, moved to a folder: applied to the Inbox now, and by the mail server to the next one', async () => {
    const client = await imapClient(user);
    try {
      await client.mailboxCreate('Lists');
    } finally {
      await client.logout();
    }
    const list = { 'List-Id': 'Garden club <garden.lists.example>' };
    await deliver(user, { from: 'ann@example.net', subject: 'Seed swap on Sunday', text: 'Bring seeds.\n', headers: list });
    await deliver(user, { from: 'ann@example.net', subject: 'Personal note', text: 'Hi.\n' });

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInThroughPage(page, bff.url, user);
    await page.getByRole('option', { name: /Seed swap on Sunday/ }).click();
    await page.getByRole('button', { name: 'Create filter' }).click();

    const rule = page.getByRole('group', { name: 'Rule 1' });
    await rule.waitFor();
    expect(await rule.getByLabel('Header name').inputValue()).toBe('List-Id');
    expect(await rule.getByLabel('Text to look for').inputValue()).toBe('garden.lists.example');
    await page.getByRole('button', { name: 'Save Settings' }).click();
    await page.getByText('Rule 1: choose what to do with matching mail.').first().waitFor();
    await rule.getByLabel('Move to folder').selectOption('Lists');
    await page.getByRole('button', { name: 'Save Settings' }).click();
    await page.getByText(/Filters saved/).waitFor();

    await rule.getByRole('button', { name: 'Apply to this folder now' }).click();
    await rule.getByText('Done: 1 of 2 messages matched.').waitFor();

    await deliver(user, { from: 'bob@example.net', subject: 'Tomato tips', text: 'Water.\n', headers: list }, { mailbox: 'Lists' });
    await page.getByRole('link', { name: 'Mail' }).click();
    await page.getByRole('treeitem', { name: /Lists/ }).click();
    await page.getByRole('option', { name: /Tomato tips/ }).waitFor();
    await page.getByRole('option', { name: /Seed swap on Sunday/ }).waitFor();
    await page.close();
  });
});
