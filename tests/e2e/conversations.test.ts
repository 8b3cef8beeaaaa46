import type { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { appInChromium, signInThroughPage } from '../support/browser';
import { createTestUser, imapClient, type TestUser } from '../support/stack';

async function specialPath(client: ImapFlow, use: string): Promise<string> {
  const found = (await client.list()).find((box) => box.specialUse === use);
  if (!found) throw new Error(`no ${use} folder`);
  return found.path;
}

async function subjectsIn(client: ImapFlow, folder: string): Promise<string[]> {
  const mailbox = await client.mailboxOpen(folder);
  if (mailbox.exists === 0) return [];
  return (await client.fetchAll('1:*', { envelope: true })).map((message) => message.envelope?.subject ?? '').sort();
}

function letter(user: TestUser, from: string, subject: string, date: string, id: string, body: string, parent?: string[]): string {
  return [
    `From: ${from}`,
    `To: ${user.email}`,
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <${id}>`,
    ...(parent ? [`In-Reply-To: <${parent.at(-1)}>`, `References: ${parent.map((p) => `<${p}>`).join(' ')}`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

describe('Conversations in Chromium', () => {
  const app = appInChromium();

  it('turns on Conversations, opens a thread stacked with the reply from Sent, and deletes the whole thread', async () => {
    const user = await createTestUser('convo');
    const imap = await imapClient(user);
    try {
      const sent = await specialPath(imap, '\\Sent');
      const trash = await specialPath(imap, '\\Trash');
      const root = 'root.convo@mt-example.com';
      const mine = 'mine.convo@tern-test.example';
      await imap.append('INBOX', letter(user, 'Ada Lovelace <ada@mt-example.com>', 'Boat trip', 'Mon, 01 Jun 2026 09:00:00 +0000', root, 'Shall we sail on Sunday?'), ['\\Seen']);
      await imap.append(sent, letter(user, user.email, 'Re: Boat trip', 'Mon, 01 Jun 2026 10:00:00 +0000', mine, 'Sunday suits me, I bring lunch.', [root]), ['\\Seen']);
      await imap.append('INBOX', letter(user, 'Bob Babbage <bob@mt-example.org>', 'Re: Boat trip', 'Mon, 01 Jun 2026 11:00:00 +0000', 'bob.convo@mt-example.org', 'Count me in, I have the oars.', [root, mine]));
      await imap.append('INBOX', letter(user, 'Cy <cy@mt-example.com>', 'Garden party', 'Sun, 31 May 2026 12:00:00 +0000', 'cy.convo@mt-example.com', 'Bring a chair.'), ['\\Seen']);

      const context = await app.browser.newContext({ viewport: { width: 1360, height: 820 } });
      const page = await context.newPage();
      await signInThroughPage(page, app.bff.url, user);
      await page.getByRole('listbox', { name: 'Messages in Inbox' }).waitFor();
      await page.getByRole('button', { name: 'Conversations', pressed: false }).click();

      const list = page.getByRole('listbox', { name: 'Conversations in Inbox' });
      const thread = list.getByRole('option', { name: /^Ada, Bob, Re: Boat trip, .*2 messages, 1 unread$/ });
      await thread.waitFor();
      expect(await list.getByRole('option').count()).toBe(2);
      await thread.click();

      const pane = page.getByRole('region', { name: 'Reading pane' });
      await pane.getByText('Count me in, I have the oars.').waitFor();
      // The stack's collapsed message lines (the expanded message's menus are collapsed buttons too).
      const collapsed = pane.locator('.thread-message-line[aria-expanded="false"]');
      await expect.poll(() => collapsed.count()).toBe(2);
      const fromSent = pane.getByRole('button', { name: /In Sent/ });
      await fromSent.click();
      await pane.getByText('Sunday suits me, I bring lunch.').waitFor();
      // Opening marked the unread reply read.
      await list.getByRole('option', { name: /2 messages$/ }).waitFor();

      // "Print conversation": all three messages (the reply from Sent too), oldest first; on paper only they show.
      await page.evaluate(() => {
        window.print = () => document.body.setAttribute('data-printed', 'yes');
      });
      await pane.getByRole('button', { name: 'Print conversation' }).click();
      const printView = page.getByRole('dialog', { name: 'Print conversation: Re: Boat trip' });
      await page.locator('body[data-printed="yes"]').waitFor();
      const printed = printView.getByRole('article');
      expect(await printed.count()).toBe(3);
      expect(await printed.locator('.plain-body').allTextContents()).toEqual(['Shall we sail on Sunday?', 'Sunday suits me, I bring lunch.', 'Count me in, I have the oars.'].map((text) => expect.stringContaining(text)));
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('listbox', { name: 'Conversations in Inbox' }).isVisible()).toBe(false);
      expect(await printView.getByRole('button', { name: 'Close' }).isVisible()).toBe(false);
      expect(await printed.first().isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
      await printView.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('button', { name: 'Delete' }).click();
      await page.locator('.toast', { hasText: '2 messages moved to Trash' }).waitFor();
      await expect.poll(() => list.getByRole('option').count()).toBe(1);
      expect(await subjectsIn(imap, trash)).toEqual(['Boat trip', 'Re: Boat trip']);
      expect(await subjectsIn(imap, 'INBOX')).toEqual(['Garden party']);
      // The user's own reply stays in Sent: the thread's actions apply to this folder.
      expect(await subjectsIn(imap, sent)).toEqual(['Re: Boat trip']);

      // Remembered: a new visit opens in conversations.
      await page.reload();
      await page.getByRole('listbox', { name: 'Conversations in Inbox' }).waitFor();
      await context.close();
    } finally {
      await imap.logout();
    }
  });
});
