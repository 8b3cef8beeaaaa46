// What another client (a phone, a desktop app, delivery) changes while the
// BFF's pooled connection has the folder open, or has its rows cached, shows
// in the next list, flat or as conversations. Dovecot answers SORT and THREAD
// from the connection's view, which only NOOP (or another command) brings up
// to date; the BFF keeps the unchanging part of rows it has read (list-rows.ts).
import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageWindow } from '../../shared/api/messages';
import type { ThreadWindow } from '../../shared/api/threads';
import type { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import { signedInUser } from '../support/signed-in';

describe('changes another client makes while the BFF has the folder open', () => {
  let bff: RunningBff;
  let api: ApiClient;
  let imap: ImapFlow;
  const folder = 'Projects';

  async function append(subject: string, into = folder): Promise<number> {
    const raw = `From: Ada <ada@mt-example.com>\r\nDate: ${new Date().toUTCString()}\r\nSubject: ${subject}\r\nMessage-ID: <${randomBytes(8).toString('hex')}@tern.test>\r\n\r\nHello.\r\n`;
    const appended = await imap.append(into, raw);
    if (!appended || !appended.uid) throw new Error('APPEND gave no UID');
    return appended.uid;
  }

  /** The BFF's connection selects the folder by opening a message in it, with no list of it fetched yet. */
  async function openWithoutListing(uid: number): Promise<void> {
    await api.json('GET', `/api/messages/${uid}?folder=${folder}`);
  }

  beforeAll(async () => {
    ({ bff, api, imap } = await signedInUser('otherclients'));
    await imap.mailboxCreate(folder);
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  it('lists the new message in the flat list', async () => {
    await openWithoutListing(await append('first from the phone'));
    await append('second from the phone');
    const window = await api.json<MessageWindow>('GET', `/api/messages?folder=${folder}&offset=0&limit=50`);
    expect(window.items.map((item) => item.subject)).toEqual(['second from the phone', 'first from the phone']);
    expect(window.total).toBe(2);
  });

  it('lists the new message as a conversation', async () => {
    const uid = await append('third from the phone');
    await openWithoutListing(uid);
    await append('fourth from the phone');
    const window = await api.json<ThreadWindow>('GET', `/api/threads?folder=${folder}&offset=0&limit=50`);
    expect(window.items.map((item) => item.subject)).toEqual([
      'fourth from the phone',
      'third from the phone',
      'second from the phone',
      'first from the phone',
    ]);
  });

  it('shows flags another client changed on rows already listed', async () => {
    const list = () => api.json<MessageWindow>('GET', `/api/messages?folder=${folder}&offset=0&limit=50`);
    expect((await list()).items.every((item) => !item.flags.seen && !item.flags.flagged)).toBe(true);
    await imap.mailboxOpen(folder);
    await imap.messageFlagsAdd({ subject: 'second from the phone' }, ['\\Seen', '\\Flagged']);
    const after = await list();
    expect(after.items.filter((item) => item.flags.seen && item.flags.flagged).map((item) => item.subject)).toEqual(['second from the phone']);
    const threads = await api.json<ThreadWindow>('GET', `/api/threads?folder=${folder}&offset=0&limit=50`);
    expect(threads.items.find((thread) => thread.subject === 'second from the phone')).toMatchObject({ unread: 0, flagged: true });
  });

  it('shows the new messages of a folder deleted and made again under the same name, not the rows it had', async () => {
    const other = 'Receipts';
    await imap.mailboxCreate(other);
    await append('old receipt', other);
    expect((await api.json<MessageWindow>('GET', `/api/messages?folder=${other}&offset=0&limit=50`)).items.map((item) => item.subject)).toEqual(['old receipt']);
    await api.json('GET', '/api/messages?folder=INBOX&offset=0&limit=50');
    await imap.mailboxDelete(other);
    await imap.mailboxCreate(other);
    await append('new receipt', other);
    const window = await api.json<MessageWindow>('GET', `/api/messages?folder=${other}&offset=0&limit=50`);
    expect(window.items.map((item) => [item.uid, item.subject])).toEqual([[1, 'new receipt']]);
  });
});
