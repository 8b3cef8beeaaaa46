// Mail another client stores (a phone, a desktop app, delivery) while the
// BFF's pooled connection already has the folder open must show in the next
// list, flat or as conversations: Dovecot answers SORT and THREAD from the
// connection's view, which only NOOP (or another command) brings up to date.
import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageWindow } from '../../shared/api/messages';
import type { ThreadWindow } from '../../shared/api/threads';
import type { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import { signedInUser } from '../support/signed-in';

describe('mail stored by another client while the folder is open', () => {
  let bff: RunningBff;
  let api: ApiClient;
  let imap: ImapFlow;
  const folder = 'Projects';

  async function append(subject: string): Promise<number> {
    const raw = `From: Ada <ada@mt-example.com>\r\nDate: ${new Date().toUTCString()}\r\nSubject: ${subject}\r\nMessage-ID: <${randomBytes(8).toString('hex')}@tern.test>\r\n\r\nHello.\r\n`;
    const appended = await imap.append(folder, raw);
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
});
