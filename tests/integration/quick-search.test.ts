// The quick search (the search box's default field, "Subject or From") finds a
// message by its subject or by its sender, as other webmail does (issue 14);
// the other fields keep their own meaning.
import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageWindow } from '../../shared/api/messages';
import type { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import { signedInUser } from '../support/signed-in';

describe('quick search', () => {
  let bff: RunningBff;
  let api: ApiClient;
  let imap: ImapFlow;
  const name = `Quenby${randomBytes(3).toString('hex')}`;
  const mailbox = `sender${randomBytes(3).toString('hex')}`;

  async function append(from: string, subject: string, day: number): Promise<void> {
    const date = new Date(Date.UTC(2026, 10, day, 12)).toUTCString();
    await imap.append('INBOX', `From: ${from}\r\nDate: ${date}\r\nSubject: ${subject}\r\nMessage-ID: <${randomBytes(8).toString('hex')}@tern.test>\r\n\r\nHello.\r\n`);
  }

  beforeAll(async () => {
    ({ bff, api, imap } = await signedInUser('quicksearch'));
    await append(`"${name} Example" <${mailbox}@mt-example.com>`, 'Minutes of the meeting', 2);
    await append('Ada <ada@mt-example.com>', `Lunch with ${name}?`, 4);
    await append('Ada <ada@mt-example.com>', 'Nothing to do with it', 6);
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  const subjects = async (query: string) =>
    (await api.json<MessageWindow>('GET', `/api/messages?folder=INBOX&offset=0&limit=50&sort=date&order=desc&${query}`)).items.map((m) => m.subject);

  it('finds by sender as well as by subject, newest first', async () => {
    expect(await subjects(`search=${name}`)).toEqual([`Lunch with ${name}?`, 'Minutes of the meeting']);
    expect(await subjects(`search=${name}&searchIn=subject`)).toEqual([`Lunch with ${name}?`, 'Minutes of the meeting']);
  });

  it('finds by the sender’s address too', async () => {
    expect(await subjects(`search=${mailbox}`)).toEqual(['Minutes of the meeting']);
  });

  it('keeps "From" to the sender only', async () => {
    expect(await subjects(`search=${name}&searchIn=from`)).toEqual(['Minutes of the meeting']);
  });
});
