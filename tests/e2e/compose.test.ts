import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentTooLargeText } from '../../shared/api/compose';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium, signInThroughPage } from '../support/browser';
import { createTestUser, imapClient, REPO_DIR, type TestUser } from '../support/stack';

const SCREENSHOTS = process.env.TERN_COMPOSE_SCREENSHOTS;

describe('compose in Chromium', () => {
  let bff: RunningBff;
  let browser: Browser;
  let user: TestUser;

  beforeAll(async () => {
    const staticDir = process.env.TERN_TEST_STATIC_DIR ?? 'dist/web';
    if (!fs.existsSync(path.join(REPO_DIR, staticDir, 'index.html'))) throw new Error(`${staticDir} is not built: \`npm test\` builds it first`);
    bff = await startBff();
    user = await createTestUser('e2e-compose');
    // A one-second undo delay: the "Sending in…" notice shows, and the test need not wait ten.
    const api = new ApiClient(bff.url);
    await api.signIn(user.email, user.password);
    await api.json('PUT', '/api/preferences/sending', { undoSendSeconds: 1 });
    // The browser's sign-in after this one is a new browser: its notice mail would land in the Inbox mid-test.
    await api.json('PUT', '/api/security/settings', { signInNotice: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
  });

  it('writes a message with an attachment, sends it to oneself, finds it in Sent and Inbox, and replies in the same thread', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    await signInThroughPage(page, bff.url, user);
    const subject = `Hello from compose ${randomBytes(3).toString('hex')}`;

    await page.getByRole('button', { name: 'New' }).click();
    await page.getByRole('menuitem', { name: 'New Email' }).click();
    const compose = page.getByRole('dialog', { name: 'New Email' });
    await compose.getByLabel('To', { exact: true }).fill(user.email);
    await compose.getByLabel('To', { exact: true }).press('Enter');
    await compose.getByLabel('Subject').fill(subject);
    await compose.getByRole('textbox', { name: 'Message' }).click();
    await page.keyboard.type('Dear me, the notes are attached.');

    // Uploads are held back a moment so the progress bar can be seen.
    await page.route('**/api/uploads?**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    const notes = randomBytes(300_000);
    await compose.getByTestId('compose-file-input').setInputFiles({ name: 'notes.bin', mimeType: 'application/octet-stream', buffer: notes });
    await compose.getByRole('progressbar', { name: 'Uploading notes.bin' }).waitFor();
    await compose.getByText(/^0\.4 MB$/).waitFor();
    await page.unroute('**/api/uploads?**');

    // 1.6 MB becomes about 2.2 MB encoded: refused before any upload, with the numbers.
    let uploads = 0;
    page.on('request', (request) => {
      if (request.url().includes('/api/uploads')) uploads++;
    });
    const big = Buffer.alloc(1_677_722, 1);
    await compose.getByTestId('compose-file-input').setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: big });
    await compose.getByText(attachmentTooLargeText('big.bin', big.length)).waitFor();
    expect(uploads).toBe(0);
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, 'compose.png') });
    await compose.getByRole('button', { name: 'Remove big.bin' }).click();

    await compose.getByRole('button', { name: 'Send Email' }).click();
    await page.getByText(/Sending in \d s…|Sending…/).waitFor();
    await page.getByText('Message sent.').waitFor({ timeout: 15_000 });

    await page.getByRole('treeitem', { name: /^Sent/ }).click();
    await page.getByRole('option', { name: new RegExp(subject) }).waitFor();
    await page.getByRole('treeitem', { name: /^Inbox/ }).click();
    await page.getByRole('option', { name: new RegExp(subject) }).click();

    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    const reply = page.getByRole('dialog', { name: 'Reply' });
    await expect.poll(() => reply.getByLabel('Subject').inputValue()).toBe(`Re: ${subject}`);
    await reply.getByRole('listitem').filter({ hasText: user.email }).first().waitFor();
    await reply.getByRole('button', { name: 'Send Email' }).click();
    await page.getByText('Message sent.').waitFor({ timeout: 15_000 });

    const imap = await imapClient(user);
    try {
      await imap.mailboxOpen('INBOX');
      // By exact subject from the envelopes: the server's SUBJECT search matches words, "Re:" or not.
      const uidOf = async (wanted: string) => {
        await imap.noop();
        const all = await imap.fetchAll('1:*', { uid: true, envelope: true });
        return all.find((message) => message.envelope?.subject === wanted)?.uid;
      };
      await expect.poll(() => uidOf(`Re: ${subject}`), { timeout: 15_000 }).toBeGreaterThan(0);
      const replyUid = await uidOf(`Re: ${subject}`);
      const originalUid = await uidOf(subject);
      const parse = async (uid: number | undefined) => {
        const fetched = await imap.fetchOne(String(uid), { source: true }, { uid: true });
        if (!fetched || !fetched.source) throw new Error(`message ${uid} is not in the Inbox`);
        return simpleParser(fetched.source);
      };
      const original = await parse(originalUid);
      const answer = await parse(replyUid);
      expect(original.attachments[0]?.content.equals(notes)).toBe(true);
      expect(answer.inReplyTo).toBe(original.messageId);
      expect(answer.references).toBe(original.messageId);
      expect(answer.text).toContain('wrote:');
      expect(answer.text).toContain('> Dear me, the notes are attached.');
      const answered = async () => {
        await imap.noop();
        const flags = await imap.fetchOne(String(originalUid), { flags: true }, { uid: true });
        return flags && flags.flags?.has('\\Answered');
      };
      await expect.poll(answered).toBe(true);
    } finally {
      await imap.logout();
    }
    await context.close();
  });
});
