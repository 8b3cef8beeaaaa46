import type { ImapFlow } from 'imapflow';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appInChromium, messageRow, signInThroughPage } from '../support/browser';
import { createTestUser, deliver, imapClient, type TestUser } from '../support/stack';

/** The folder of a special use (\Trash …), as the server names it. */
async function specialPath(client: ImapFlow, use: string): Promise<string> {
  const found = (await client.list()).find((box) => box.specialUse === use);
  if (!found) throw new Error(`no ${use} folder`);
  return found.path;
}

/** Subjects in a folder, read with a direct IMAP connection: what the server really holds. */
async function subjectsIn(user: TestUser, folder: string | { use: string }): Promise<string[]> {
  const client = await imapClient(user);
  try {
    const mailbox = typeof folder === 'string' ? folder : await specialPath(client, folder.use);
    const lock = await client.getMailboxLock(mailbox);
    try {
      const subjects: string[] = [];
      if (typeof client.mailbox === 'object' && client.mailbox.exists > 0) {
        for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
      }
      return subjects.sort();
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

async function appendMessages(user: TestUser, subjects: string[]): Promise<void> {
  const client = await imapClient(user);
  try {
    const base = Date.UTC(2026, 2, 1);
    for (const [index, subject] of subjects.entries()) {
      const date = new Date(base + index * 60_000);
      const raw = [
        'From: Ada Lovelace <ada@mt-example.com>',
        `To: ${user.email}`,
        `Subject: ${subject}`,
        `Date: ${date.toUTCString()}`,
        `Message-ID: <${index}.${Date.now()}@tern.test>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Body of ${subject}.`,
        '',
      ].join('\r\n');
      await client.append('INBOX', raw, [], date);
    }
  } finally {
    await client.logout();
  }
}

const row = messageRow;

describe('acting on messages and folders in Chromium', () => {
  const app = appInChromium();

  async function freshPage(user: TestUser): Promise<Page> {
    const context = await app.browser.newContext({ viewport: { width: 1360, height: 820 } });
    const page = await context.newPage();
    await signInThroughPage(page, app.bff.url, user);
    return page;
  }

  it('drags two selected messages onto Trash, and the server has them there', async () => {
    const user = await createTestUser('dnd');
    await appendMessages(user, ['Keep me', 'Drag one', 'Drag two']);
    const page = await freshPage(user);

    await row(page, 'Drag one').click();
    await row(page, 'Drag two').click({ modifiers: ['Control'] });
    await row(page, 'Drag two').dragTo(page.getByRole('treeitem', { name: /^Trash/ }));

    await page.getByText('2 messages moved to Trash').waitFor();
    await expect.poll(() => row(page, 'Drag one').count()).toBe(0);
    expect(await subjectsIn(user, { use: '\\Trash' })).toEqual(['Drag one', 'Drag two']);
    expect(await subjectsIn(user, 'INBOX')).toEqual(['Keep me']);
    await page.context().close();
  });

  it('creates a folder inline and files a message into it by drag and drop', async () => {
    const user = await createTestUser('fold');
    await appendMessages(user, ['Boarding pass', 'Other news']);
    const page = await freshPage(user);

    await page.getByRole('button', { name: 'Create folder' }).click();
    const name = page.getByRole('textbox', { name: 'Folder name' });
    expect(await name.inputValue()).toBe('New folder');
    await name.fill('Travel');
    await name.press('Enter');
    const travel = page.getByRole('treeitem', { name: 'Travel' });
    await travel.waitFor();

    await row(page, 'Boarding pass').dragTo(travel);
    await page.getByText('1 message moved to Travel').waitFor();
    expect(await subjectsIn(user, 'Travel')).toEqual(['Boarding pass']);
    expect(await subjectsIn(user, 'INBOX')).toEqual(['Other news']);

    // The server's refusal of a name is shown where it was typed.
    await page.getByRole('button', { name: 'Create folder' }).click();
    await name.fill('Travel');
    await name.press('Enter');
    await page.locator('.folder-editor-error').waitFor();
    expect((await page.locator('.folder-editor-error').textContent())?.length).toBeGreaterThan(0);
    await name.press('Escape');
    await expect.poll(() => name.count()).toBe(0);
    await page.context().close();
  });

  it('undoes a delete: the message goes back where it was', async () => {
    const user = await createTestUser('undo');
    await appendMessages(user, ['Oops', 'Fine']);
    const page = await freshPage(user);

    await row(page, 'Oops').click();
    await page.getByRole('button', { name: 'Delete' }).click();
    const toast = page.locator('.toast', { hasText: '1 message moved to Trash' });
    await toast.waitFor();
    expect(await subjectsIn(user, { use: '\\Trash' })).toEqual(['Oops']);

    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('1 message moved back to Inbox').waitFor();
    expect(await subjectsIn(user, 'INBOX')).toEqual(['Fine', 'Oops']);
    expect(await subjectsIn(user, { use: '\\Trash' })).toEqual([]);
    // …and the list shows it again (the BFF's window must not answer from an outdated sort order).
    await row(page, 'Oops').waitFor({ timeout: 10_000 });
    await page.context().close();
  });

  it('shows mail sent to the user in the open Inbox without a reload, in both of two tabs', async () => {
    const user = await createTestUser('live');
    await appendMessages(user, ['Already here']);
    const first = await freshPage(user);
    const second = await first.context().newPage();
    await second.goto(`${app.bff.url}/mail`);
    await row(second, 'Already here').waitFor();

    const unread = async (page: Page) => Number(/\((\d+)\)/.exec((await page.getByRole('treeitem', { name: /^Inbox/ }).textContent()) ?? '')?.[1] ?? 0);
    const before = [await unread(first), await unread(second)];

    await deliver(user.email, { from: 'Grace Hopper <grace@mt-example.com>', subject: 'Fresh off the wire', text: 'Hello!' });

    for (const [index, page] of [first, second].entries()) {
      await row(page, 'Fresh off the wire').waitFor({ timeout: 10_000 });
      await expect.poll(() => unread(page)).toBe(before[index]! + 1);
    }
    await first.context().close();
  });
});
