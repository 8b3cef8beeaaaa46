import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, deliver, imapClient, type TestUser } from '../support/stack';

/** Right after sign-in the BFF reads the newest message's first byte on its idle connections (issue 14). */
describe('the body read in the background after sign-in', () => {
  let bff: RunningBff;
  let user: TestUser;
  let imap: ImapFlow;

  beforeAll(async () => {
    bff = await startBff();
    user = await createTestUser('warm-up');
    imap = await imapClient(user);
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  async function seenOnServer(): Promise<boolean[]> {
    await imap.mailboxOpen('INBOX');
    const seen: boolean[] = [];
    for await (const message of imap.fetch('1:*', { flags: true })) seen.push(message.flags?.has('\\Seen') === true);
    return seen;
  }

  it('runs on the connection the sign-in left idle and marks nothing read', async () => {
    await deliver(user, { from: 'news@mt-example.com', subject: `Older ${Date.now()}`, text: 'older' });
    await deliver(user, { from: 'news@mt-example.com', subject: `Newest ${Date.now()}`, text: 'the one the warm-up reads' });
    expect(await seenOnServer()).toEqual([false, false]);

    const api = new ApiClient(bff.url);
    expect((await api.signIn(user.email, user.password)).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (bff.deps.imap.warmConnectionCount(user.email) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bff.deps.imap.warmConnectionCount(user.email)).toBeGreaterThan(0);

    expect(await seenOnServer()).toEqual([false, false]);
    const inbox = await api.json<{ items: Array<{ flags: { seen: boolean } }> }>('GET', '/api/messages?folder=INBOX&offset=0&limit=50');
    expect(inbox.items.map((item) => item.flags.seen)).toEqual([false, false]);
  });
});
