// Search in every folder at once (SPEC §4): the IMAP server searches each
// folder, the BFF merges the hits newest first, a window at a time.
import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResults } from '../../shared/api/messages';
import type { ErrorBody } from '../../shared/errors';
import type { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import { signedInUser } from '../support/signed-in';

describe('search across all folders', () => {
  let bff: RunningBff;
  let api: ApiClient;
  let imap: ImapFlow;
  const word = `budget${randomBytes(3).toString('hex')}`;
  const rare = `okapi${randomBytes(3).toString('hex')}`;

  async function append(folder: string, subject: string, day: number, body = 'Nothing to see.'): Promise<void> {
    if (!(await imap.list()).some((mailbox) => mailbox.path === folder)) await imap.mailboxCreate(folder);
    const date = new Date(Date.UTC(2026, 9, day, 12)).toUTCString();
    const raw = `From: Ada <ada@mt-example.com>\r\nDate: ${date}\r\nSubject: ${subject}\r\nMessage-ID: <${randomBytes(8).toString('hex')}@tern.test>\r\n\r\n${body}\r\n`;
    await imap.append(folder, raw);
  }

  beforeAll(async () => {
    ({ bff, api, imap } = await signedInUser('allsearch'));
    // The BFF's connection has the Inbox open before the mail below arrives over another one.
    await api.json('GET', '/api/messages?folder=INBOX&offset=0&limit=50');
    // Matches spread over four folders, dated so the merged order interleaves them.
    await append('INBOX', `${word} draft one`, 3);
    await append('INBOX', 'lunch', 9);
    await append('Projects', `${word} review`, 7);
    await append('Projects/Archive 2025', `old ${word}`, 1);
    await append('Sent', `Re: ${word} draft one`, 5);
    await append('Projects', 'field trip', 2, `We met an ${rare} at the zoo.`);
    await append('Sent', 'Q4 plan', 4);
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  const search = (query: string) => api.json<SearchResults>('GET', `/api/messages/search?${query}`);

  it('finds matches in every folder, newest first, each row naming its folder', async () => {
    const results = await search(`search=${word}&searchIn=subject`);
    expect(results.total).toBe(4);
    expect(results.items.map((hit) => [hit.folder, hit.subject])).toEqual([
      ['Projects', `${word} review`],
      ['Sent', `Re: ${word} draft one`],
      ['INBOX', `${word} draft one`],
      ['Projects/Archive 2025', `old ${word}`],
    ]);
  });

  it('serves the merged hits in windows that join up', async () => {
    const first = await search(`search=${word}&offset=0&limit=2`);
    const second = await search(`search=${word}&offset=2&limit=2`);
    const whole = await search(`search=${word}&offset=0&limit=4`);
    expect([...first.items, ...second.items].map((hit) => `${hit.folder}/${hit.uid}`)).toEqual(
      whole.items.map((hit) => `${hit.folder}/${hit.uid}`),
    );
    expect(second.offset).toBe(2);
    expect(second.total).toBe(4);
  });

  it('searches message bodies of folders other than the Inbox', async () => {
    const results = await search(`search=${rare}&searchIn=body`);
    expect(results.items.map((hit) => [hit.folder, hit.subject])).toEqual([['Projects', 'field trip']]);
    // The hit opens from the folder it names.
    const detail = await api.json<{ text: string }>('GET', `/api/messages/${results.items[0]?.uid}?folder=Projects`);
    expect(detail.text).toContain(rare);
  });

  it('finds a two-character word through the full-text index', async () => {
    const results = await search('search=Q4&searchIn=subject');
    expect(results.items.map((hit) => [hit.folder, hit.subject])).toEqual([['Sent', 'Q4 plan']]);
  });

  it('refuses an empty or one-character search with a message, searching nothing', async () => {
    const empty = await api.request('GET', '/api/messages/search?search=%20%20');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as ErrorBody).message).toBe('Type something to search for.');
    const short = await api.request('GET', '/api/messages/search?search=Q');
    expect(short.status).toBe(400);
    expect(((await short.json()) as ErrorBody).message).toBe('Type at least 2 characters to search.');
  });
});
