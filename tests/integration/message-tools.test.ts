import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageSource } from '../../shared/api/messages';
import { SOURCE_VIEW_BYTES } from '../../shared/limits';
import type { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import { signedInUser } from '../support/signed-in';
import { createTestUser, deliver, imapClient } from '../support/stack';

/** Appends `raw` unread to `folder` and returns its UID. */
async function append(imap: ImapFlow, folder: string, raw: Buffer): Promise<number> {
  const appended = await imap.append(folder, raw, []);
  if (!appended || !appended.uid) throw new Error('the server gave no APPENDUID');
  return appended.uid;
}

async function isSeen(imap: ImapFlow, folder: string, uid: number): Promise<boolean> {
  await imap.mailboxOpen(folder);
  const message = await imap.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
  if (!message) throw new Error(`no message ${uid} in ${folder}`);
  return message.flags?.has('\\Seen') === true;
}

describe('message tools: view source, all headers, download as .eml', () => {
  let bff: RunningBff;
  let api: ApiClient;
  let imap: ImapFlow;
  let user: { email: string; password: string };

  beforeAll(async () => {
    ({ bff, api, imap, user } = await signedInUser('tools'));
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  const raw = Buffer.from(
    [
      'Received: from a.example by b.example; Mon, 1 Jan 2024 10:00:00 +0000',
      'Received: from c.example by a.example; Mon, 1 Jan 2024 09:59:00 +0000',
      'From: =?UTF-8?Q?J=C3=BCrgen?= <jurgen@mt-example.com>',
      `To: someone@mt-example.com`,
      'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus',
      '  Köln',
      'Date: Mon, 1 Jan 2024 10:00:00 +0000',
      'Message-ID: <tools-1@tern.test>',
      'X-Odd: <script>alert(1)</script>',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Grüße, and <img src=x onerror=alert(1)> as plain text.',
      '',
    ].join('\r\n'),
  );

  it('serves the appended message byte for byte as a download, without marking it read', async () => {
    const uid = await append(imap, 'INBOX', raw);
    const download = await api.request('GET', `/api/messages/${uid}/eml?folder=INBOX`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(raw)).toBe(true);
    expect(download.headers.get('content-type')).toBe('message/rfc822');
    // The folded subject's whitespace is one space in the name; RFC 6266: an ASCII fallback, the exact name in filename*.
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="Gr??e aus K?ln.eml"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20aus%20K%C3%B6ln.eml`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('cache-control')).toContain('no-store');
    expect(await isSeen(imap, 'INBOX', uid)).toBe(false);
  });

  it('gives the source as text and the header fields in order, unfolded and decoded, without marking it read', async () => {
    const uid = await append(imap, 'INBOX', raw);
    const view = await api.json<MessageSource>('GET', `/api/messages/${uid}/source?folder=INBOX`);
    expect(view.source).toBe(raw.toString('utf8'));
    expect(view).toMatchObject({ size: raw.length, truncated: false, headersTruncated: false });
    expect(view.headers).toEqual([
      { name: 'Received', value: 'from a.example by b.example; Mon, 1 Jan 2024 10:00:00 +0000' },
      { name: 'Received', value: 'from c.example by a.example; Mon, 1 Jan 2024 09:59:00 +0000' },
      { name: 'From', value: 'Jürgen <jurgen@mt-example.com>' },
      { name: 'To', value: 'someone@mt-example.com' },
      { name: 'Subject', value: 'Grüße aus  Köln' },
      { name: 'Date', value: 'Mon, 1 Jan 2024 10:00:00 +0000' },
      { name: 'Message-ID', value: '<tools-1@tern.test>' },
      { name: 'X-Odd', value: '<script>alert(1)</script>' },
      { name: 'Content-Type', value: 'text/plain; charset=utf-8' },
      { name: 'Content-Transfer-Encoding', value: '8bit' },
    ]);
    expect(await isSeen(imap, 'INBOX', uid)).toBe(false);
  });

  it('serves a message delivered through Postfix exactly as the mail server holds it', async () => {
    const subject = `Delivered ${Date.now()}`;
    const { uid } = await deliver(user.email, { from: 'ada@mt-example.com', subject, text: 'Through the front door.' });
    await imap.mailboxOpen('INBOX');
    const held = await imap.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (!held || !held.source) throw new Error('the delivered message is not there');

    const download = await api.request('GET', `/api/messages/${uid}/eml?folder=INBOX`);
    expect(Buffer.from(await download.arrayBuffer()).equals(held.source)).toBe(true);
    const view = await api.json<MessageSource>('GET', `/api/messages/${uid}/source?folder=INBOX`);
    expect(view.source).toBe(held.source.toString('utf8'));
    expect(view.headers.map((field) => field.name)).toContain('Received');
    expect(await isSeen(imap, 'INBOX', uid)).toBe(false);
  });

  it('shows 8-bit source that is not UTF-8 as Windows-1252, and still downloads its bytes unchanged', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('From: a@mt-example.com\r\nSubject: Latin\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
      Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x20, 0x80, 0x0d, 0x0a]),
    ]);
    const uid = await append(imap, 'INBOX', latin1);
    const view = await api.json<MessageSource>('GET', `/api/messages/${uid}/source?folder=INBOX`);
    expect(view.source.endsWith('Grüße €\r\n')).toBe(true);
    const download = await api.request('GET', `/api/messages/${uid}/eml?folder=INBOX`);
    expect(Buffer.from(await download.arrayBuffer()).equals(latin1)).toBe(true);
  });

  it('makes a hostile subject a harmless file name', async () => {
    // An encoded word may carry anything: a line break with a header after it, path parts, quotes, a bidi override.
    const hostile = '../../etc/passwd "x"\r\nSet-Cookie: a=1\u202Egpj.exe';
    const uid = await append(
      imap,
      'INBOX',
      Buffer.from(`From: a@mt-example.com\r\nSubject: =?UTF-8?B?${Buffer.from(hostile).toString('base64')}?=\r\n\r\nHi\r\n`),
    );
    const download = await api.request('GET', `/api/messages/${uid}/eml?folder=INBOX`);
    expect(download.status).toBe(200);
    expect(download.headers.get('set-cookie')).toBeNull();
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="_.._etc_passwd _x_ Set-Cookie_ a=1 gpj.exe.eml"`,
    );
  });

  it('caps the in-app view of a huge message and still downloads all of it', async () => {
    const header = 'From: big@mt-example.com\r\nSubject: Huge\r\nContent-Type: text/plain\r\n\r\n';
    const line = `${randomBytes(38).toString('base64')}\r\n`;
    const huge = Buffer.from(header + line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)));
    const uid = await append(imap, 'INBOX', huge);

    const view = await api.json<MessageSource>('GET', `/api/messages/${uid}/source?folder=INBOX`);
    expect(view.size).toBe(huge.length);
    expect(view.truncated).toBe(true);
    expect(view.source.length).toBe(SOURCE_VIEW_BYTES);
    expect(view.source).toBe(huge.subarray(0, SOURCE_VIEW_BYTES).toString('utf8'));
    expect(view.headers).toEqual([
      { name: 'From', value: 'big@mt-example.com' },
      { name: 'Subject', value: 'Huge' },
      { name: 'Content-Type', value: 'text/plain' },
    ]);
    expect(view.headersTruncated).toBe(false);

    const download = await api.request('GET', `/api/messages/${uid}/eml?folder=INBOX`);
    expect(Buffer.from(await download.arrayBuffer()).equals(huge)).toBe(true);
    expect(await isSeen(imap, 'INBOX', uid)).toBe(false);
  });

  it('answers not_found for an unknown message and for a folder only another user has, and 400 for a bad number', async () => {
    const other = await createTestUser('tools-other');
    const otherImap = await imapClient(other);
    try {
      await otherImap.mailboxCreate('Private');
      const theirs = await append(otherImap, 'Private', raw);
      for (const path of [`/api/messages/${theirs}/source?folder=Private`, `/api/messages/${theirs}/eml?folder=Private`]) {
        const answer = await api.request('GET', path);
        expect(answer.status).toBe(404);
        expect(await answer.json()).toMatchObject({ code: 'not_found' });
      }
      for (const path of ['/api/messages/999999/source?folder=INBOX', '/api/messages/999999/eml?folder=INBOX']) {
        const answer = await api.request('GET', path);
        expect(answer.status).toBe(404);
        expect(await answer.json()).toEqual({ code: 'not_found', message: 'That message is not there any more.' });
      }
    } finally {
      await otherImap.logout();
    }
    const badUid = await api.request('GET', '/api/messages/abc/source?folder=INBOX');
    expect(badUid.status).toBe(400);
    expect(await badUid.json()).toMatchObject({ code: 'bad_request' });
    const noFolder = await api.request('GET', '/api/messages/1/eml');
    expect(noFolder.status).toBe(400);
    const extra = await api.request('GET', '/api/messages/1/source?folder=INBOX&folder=Sent');
    expect(extra.status).toBe(400);
  });
});
