import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { appInChromium, messageRow, signInThroughPage } from '../support/browser';
import { createTestUser, deliver, imapClient, type TestUser } from '../support/stack';

/** Subjects of a folder's messages, as IMAP sees them. */
async function subjectsIn(user: TestUser, folder: string): Promise<string[]> {
  const imap = await imapClient(user);
  try {
    await imap.mailboxOpen(folder);
    const all = await imap.fetchAll('1:*', { envelope: true }).catch(() => []);
    return all.map((message) => message.envelope?.subject ?? '');
  } finally {
    await imap.logout();
  }
}

/** How many answers the page keeps for reading offline (the app's IndexedDB). */
function keptAnswers(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const opening = indexedDB.open('tern-offline');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          if (!db.objectStoreNames.contains('answers')) return resolve(0);
          const counting = db.transaction('answers').objectStore('answers').count();
          counting.onsuccess = () => {
            resolve(counting.result);
            db.close();
          };
        };
      }),
  );
}

/**
 * Issue 16, offline: mail read before stays readable without the network,
 * under an "Offline" banner; a message sent offline waits in the browser and
 * goes once the network is back, once.
 */
describe('offline reading and writing (Chromium)', () => {
  const app = appInChromium();
  let sender: TestUser;
  let recipient: TestUser;

  beforeAll(async () => {
    sender = await createTestUser('offline');
    recipient = await createTestUser('offline-to');
    await deliver(sender.email, { from: 'Ada Lovelace <ada@mt-example.com>', subject: 'Engine notes', text: 'The engine needs more cards.' });
    await deliver(sender.email, { from: 'Charles Babbage <charles@mt-example.com>', subject: 'Dinner on Saturday', text: 'Bring the difference engine.' });
    const api = new ApiClient(app.bff.url);
    await api.signIn(sender.email, sender.password);
    await api.json('PUT', '/api/preferences/sending', { undoSendSeconds: 0 });
    await api.json('PUT', '/api/security/settings', { signInNotice: false });
  });

  it('reads opened messages offline, queues a message written offline and sends it once when back online', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    await signInThroughPage(page, app.bff.url, sender);
    await messageRow(page, 'Engine notes').click();
    await page.getByText('The engine needs more cards.').waitFor();
    await messageRow(page, 'Dinner on Saturday').click();
    await page.getByText('Bring the difference engine.').waitFor();
    // The device kept the folder list, the Inbox's window and both messages.
    await expect.poll(() => keptAnswers(page)).toBeGreaterThanOrEqual(4);
    // The service worker holds the app's code, so the page can start again without network.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await context.setOffline(true);
    const banner = page.getByRole('status').filter({ hasText: 'Offline' });
    await banner.getByText(/showing mail saved on this device; it may be out of date/).waitFor();
    await messageRow(page, 'Engine notes').click();
    await page.getByText('The engine needs more cards.').waitFor();
    await messageRow(page, 'Dinner on Saturday').click();
    await page.getByText('Bring the difference engine.').waitFor();
    expect(await page.getByRole('listbox').getByRole('option').count()).toBe(2);
    // A folder never opened on this device says so.
    await page.getByRole('treeitem', { name: /^Trash/ }).click();
    await page.getByText(/Not available offline: this list was not saved on this device/).waitFor();
    await page.getByRole('treeitem', { name: /^Inbox/ }).click();
    await messageRow(page, 'Engine notes').waitFor();
    // Started again without network (the train's tunnel): the app opens on what the device kept.
    await page.reload();
    await banner.getByText(/showing mail saved on this device/).waitFor();
    await messageRow(page, 'Dinner on Saturday').click();
    await page.getByText('Bring the difference engine.').waitFor();

    const subject = `Written offline ${randomBytes(3).toString('hex')}`;
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByRole('menuitem', { name: 'New Email' }).click();
    const compose = page.getByRole('dialog', { name: 'New Email' });
    await compose.getByLabel('To', { exact: true }).fill(recipient.email);
    await compose.getByLabel('To', { exact: true }).press('Enter');
    await compose.getByLabel('Subject').fill(subject);
    await compose.getByRole('textbox', { name: 'Message' }).click();
    await page.keyboard.type('Sent from a train without network.');
    await compose.getByRole('button', { name: 'Send Email' }).click();
    const outbox = page.getByRole('region', { name: 'Messages waiting to be sent' });
    await outbox.getByRole('status').filter({ hasText: subject }).getByText('Waiting for network').waitFor();
    await compose.waitFor({ state: 'detached' });
    // Nothing goes while offline.
    await page.waitForTimeout(1000);
    expect(await subjectsIn(recipient, 'INBOX')).not.toContain(subject);

    await context.setOffline(false);
    await outbox.getByRole('status').filter({ hasText: subject }).getByText('Sent').waitFor({ timeout: 20_000 });
    await banner.waitFor({ state: 'detached' }).catch(() => undefined);
    await expect.poll(async () => (await subjectsIn(recipient, 'INBOX')).filter((s) => s === subject).length, { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await subjectsIn(sender, 'Sent')).filter((s) => s === subject).length, { timeout: 20_000 }).toBe(1);
    // A while later, still once: nothing sends it again.
    await page.waitForTimeout(3000);
    expect((await subjectsIn(recipient, 'INBOX')).filter((s) => s === subject)).toHaveLength(1);
    expect((await subjectsIn(sender, 'Sent')).filter((s) => s === subject)).toHaveLength(1);

    // Sign Out leaves nothing to read on the device.
    await page.getByRole('button', { name: 'Sign Out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect.poll(() => keptAnswers(page)).toBe(0);
    await context.close();
  });
});
