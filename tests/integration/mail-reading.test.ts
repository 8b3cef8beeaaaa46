import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderList } from '../../shared/api/folders';
import type { MessageDetail, MessageWindow } from '../../shared/api/messages';
import type { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import { signedInUser } from '../support/signed-in';
import { deliver } from '../support/stack';

describe('reading mail through the BFF, checked against the IMAP server directly', () => {
  let bff: RunningBff;
  let user: { email: string; password: string };
  let api: ApiClient;
  let imap: ImapFlow;

  beforeAll(async () => {
    ({ bff, user, api, imap } = await signedInUser('reader'));
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  it('lists the special five first with unread counts after mail arrives by SMTP, and the quota', async () => {
    for (const n of [1, 2, 3]) {
      await deliver(user.email, { from: 'Ada <ada@mt-example.com>', subject: `Hello ${n}`, text: `Message ${n}` });
    }
    const list = await api.json<FolderList>('GET', '/api/folders');
    expect(list.folders.slice(0, 5).map((folder) => folder.name)).toEqual(['Inbox', 'Drafts', 'Sent', 'Spam', 'Trash']);
    expect(list.folders[0]).toMatchObject({ path: 'INBOX', unread: 3, total: 3 });
    expect(list.quota?.limitBytes).toBe(1024 ** 3);
    expect(list.quota?.usedBytes).toBeGreaterThan(0);
  });

  it('creates a missing special folder at sign-in time listing', async () => {
    const trash = (await api.json<FolderList>('GET', '/api/folders')).folders.find((folder) => folder.specialUse === 'trash')!;
    await imap.mailboxDelete(trash.path);
    const again = await api.json<FolderList>('GET', '/api/folders');
    expect(again.folders.map((folder) => folder.name).slice(0, 5)).toEqual(['Inbox', 'Drafts', 'Sent', 'Spam', 'Trash']);
    expect((await imap.list()).some((mailbox) => mailbox.path === 'Trash')).toBe(true);
  });

  it('serves windows of a 1,000-message folder that match the server order, newest first', async () => {
    await imap.mailboxCreate('Bulk');
    const base = Date.UTC(2025, 0, 1);
    // Dates deliberately out of UID order, so only a real date sort gets the windows right.
    const dates = Array.from({ length: 1000 }, (_, index) => new Date(base + ((index * 7919) % 1000) * 3_600_000));
    for (const [index, date] of dates.entries()) {
      const raw = `From: Sender ${index} <s${index}@mt-example.com>\r\nTo: ${user.email}\r\nSubject: Bulk ${index}\r\nDate: ${date.toUTCString()}\r\nMessage-ID: <bulk-${index}@tern.test>\r\n\r\nBody ${index}\r\n`;
      await imap.append('Bulk', raw, [], date);
    }
    await imap.mailboxOpen('Bulk');
    const all = await imap.fetchAll('1:*', { uid: true, envelope: true });
    const time = (date: Date | string | undefined) => new Date(date ?? 0).getTime();
    const expected = [...all].sort((a, b) => time(b.envelope?.date) - time(a.envelope?.date)).map((m) => m.uid);

    for (const offset of [0, 50, 500, 950]) {
      const window = await api.json<MessageWindow>('GET', `/api/messages?folder=Bulk&offset=${offset}&limit=50`);
      expect(window.total).toBe(1000);
      expect(window.items.map((item) => item.uid)).toEqual(expected.slice(offset, offset + 50));
    }
    const oldestFirst = await api.json<MessageWindow>('GET', '/api/messages?folder=Bulk&offset=0&limit=3&order=asc');
    expect(oldestFirst.items.map((item) => item.uid)).toEqual(expected.slice(-3).reverse());
    const bySubject = await api.json<MessageWindow>('GET', '/api/messages?folder=Bulk&offset=0&limit=3&sort=subject&order=asc');
    expect(bySubject.items.map((item) => item.subject)).toEqual(['Bulk 0', 'Bulk 1', 'Bulk 10']);
  });

  it('rejects a window request it cannot serve with a 4xx that says why', async () => {
    const tooBig = await api.request('GET', '/api/messages?folder=INBOX&limit=100000');
    expect(tooBig.status).toBe(400);
    const missing = await api.request('GET', '/api/messages?folder=No%20Such%20Folder');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('not_found');
  });

  it('downloads an attachment byte for byte with an RFC 6266 filename, as an inert download', async () => {
    const bytes = randomBytes(300_000);
    const subject = `Attachment ${Date.now()}`;
    await deliver(user.email, {
      from: 'ada@mt-example.com',
      subject,
      text: 'See attached.',
      attachments: [
        { filename: 'Übersicht März.pdf', content: bytes, contentType: 'application/pdf' },
        { filename: 'evil.html', content: '<script>alert(1)</script>', contentType: 'text/html' },
      ],
    });
    const inbox = await api.json<MessageWindow>('GET', '/api/messages?folder=INBOX&offset=0&limit=50');
    const summary = inbox.items.find((item) => item.subject === subject)!;
    expect(summary.hasAttachments).toBe(true);
    const detail = await api.json<MessageDetail>('GET', `/api/messages/${summary.uid}?folder=INBOX`);
    expect(detail.text).toContain('See attached.');
    const pdf = detail.attachments.find((attachment) => attachment.filename === 'Übersicht März.pdf')!;
    expect(pdf.contentType).toBe('application/pdf');

    const download = await api.request('GET', `/api/messages/${summary.uid}/attachments/${pdf.part}?folder=INBOX`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    // RFC 6266: an ASCII fallback for old clients, the exact name in filename*.
    const disposition = download.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''%C3%9Cbersicht%20M%C3%A4rz\.pdf$/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');

    const html = detail.attachments.find((attachment) => attachment.filename === 'evil.html')!;
    const htmlDownload = await api.request('GET', `/api/messages/${summary.uid}/attachments/${html.part}?folder=INBOX&inline=1`);
    expect(htmlDownload.headers.get('content-type')).toBe('application/octet-stream');
    expect(htmlDownload.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(await htmlDownload.text()).toBe('<script>alert(1)</script>');
  });

  it('lists and downloads an attachment whose name hides its extension behind a bidi override under its true name', async () => {
    const subject = `Bidi ${Date.now()}`;
    await deliver(user.email, {
      from: 'mallory@mt-example.com',
      subject,
      text: 'Your invoice.',
      // Drawn as "invoiceexe.pdf" and "reportexe.pdf" where the override or the marks are obeyed.
      attachments: [
        { filename: 'invoice\u202Efdp.exe', content: 'MZ', contentType: 'application/pdf' },
        { filename: '\u200Freport\u200F.\u200Fexe', content: 'MZ', contentType: 'application/pdf' },
      ],
    });
    const inbox = await api.json<MessageWindow>('GET', '/api/messages?folder=INBOX&offset=0&limit=50');
    const summary = inbox.items.find((item) => item.subject === subject)!;
    const detail = await api.json<MessageDetail>('GET', `/api/messages/${summary.uid}?folder=INBOX`);
    expect(detail.attachments.map((attachment) => attachment.filename)).toEqual(['invoice fdp.exe', 'report . exe']);

    const download = await api.request('GET', `/api/messages/${summary.uid}/attachments/${detail.attachments[0]!.part}?folder=INBOX`);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="invoice fdp.exe"');
  });

  it('returns the HTML body raw for the client-side sanitiser, and marks a message read on request', async () => {
    const subject = `HTML ${Date.now()}`;
    await deliver(user.email, { from: 'news@mt-example.com', subject, html: '<p>Hello <b>there</b><img src="http://tracker.example/p.gif"></p>' });
    const inbox = await api.json<MessageWindow>('GET', '/api/messages?folder=INBOX&offset=0&limit=50');
    const summary = inbox.items.find((item) => item.subject === subject)!;
    expect(summary.flags.seen).toBe(false);
    const detail = await api.json<MessageDetail>('GET', `/api/messages/${summary.uid}?folder=INBOX`);
    expect(detail.html).toContain('<b>there</b>');
    expect(detail.from).toEqual({ name: '', address: 'news@mt-example.com' });

    // Reading the body must not mark it read by itself (BODY.PEEK); the explicit request does.
    const isSeenOnServer = async () => {
      await imap.mailboxOpen('INBOX');
      const message = await imap.fetchOne(String(summary.uid), { flags: true }, { uid: true });
      return message !== false && message.flags?.has('\\Seen') === true;
    };
    expect(await isSeenOnServer()).toBe(false);
    const before = (await api.json<FolderList>('GET', '/api/folders')).folders[0]!.unread;
    expect((await api.request('POST', '/api/messages/seen', { folder: 'INBOX', uids: [summary.uid], seen: true })).status).toBe(204);
    expect(await isSeenOnServer()).toBe(true);
    expect((await api.json<FolderList>('GET', '/api/folders')).folders[0]!.unread).toBe(before - 1);
  });
});
