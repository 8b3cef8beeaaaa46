import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageDetailSchema, type MessageDetail } from '../../shared/api/messages';
import { BODY_PREVIEW_CHARS } from '../../shared/limits';
import type { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import { signedInUser } from '../support/signed-in';

/** A message as its headers and body lines, CRLF-joined as on the wire. */
function raw(headers: string[], body: string[]): string {
  return [...headers, '', ...body, ''].join('\r\n');
}

function postfixBounce(subject: string, returnedPart: string[]): string {
  return raw(
    [
      'From: MAILER-DAEMON@mt-example.com (Mail Delivery System)',
      'To: joy@mt-example.com',
      'Subject: Undelivered Mail Returned to Sender',
      'Date: Tue, 3 Mar 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status;',
      '\tboundary="42F1A2C3D4.1772532000/mt-example.com"',
      `Message-Id: <bounce-${subject.length}-${Date.now()}@mt-example.com>`,
    ],
    [
      'This is a MIME-encapsulated message.',
      '',
      '--42F1A2C3D4.1772532000/mt-example.com',
      'Content-Description: Notification',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'This is the mail system at host mt-example.com.',
      '',
      "I'm sorry to have to inform you that your message could not",
      'be delivered to one or more recipients.',
      '',
      '<nobody@mt-example.com>: unknown user: "nobody"',
      '',
      '--42F1A2C3D4.1772532000/mt-example.com',
      'Content-Description: Delivery report',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mt-example.com',
      '',
      'Final-Recipient: rfc822; nobody@mt-example.com',
      'Action: failed',
      'Status: 5.1.1',
      '',
      '--42F1A2C3D4.1772532000/mt-example.com',
      ...returnedPart,
      '',
      '--42F1A2C3D4.1772532000/mt-example.com--',
    ],
  );
}

const RETURNED_HEADERS = ['From: Joy <joy@mt-example.com>', 'To: nobody@mt-example.com', 'Subject: Lunch on Friday?', 'Date: Tue, 3 Mar 2026 09:59:00 +0000'];

describe('message bodies of awkward shape, read through the BFF from the real IMAP server', () => {
  let bff: RunningBff;
  let api: ApiClient;
  let imap: ImapFlow;

  beforeAll(async () => {
    ({ bff, api, imap } = await signedInUser('bodies'));
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  /** Appends the message and reads it back as the reading pane does. */
  async function open(message: string, query = ''): Promise<MessageDetail & { uid: number }> {
    const appended = await imap.append('INBOX', message);
    const uid = appended && typeof appended === 'object' ? appended.uid : undefined;
    if (!uid) throw new Error('the server did not say which UID it gave the message');
    return { ...messageDetailSchema.parse(await api.json('GET', `/api/messages/${uid}?folder=INBOX${query}`)), uid };
  }

  async function download(uid: number, part: string): Promise<{ filename: string; body: string }> {
    const response = await api.request('GET', `/api/messages/${uid}/attachments/${part}?folder=INBOX`);
    expect(response.status).toBe(200);
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="([^"]*)"/.exec(disposition)?.[1] ?? '';
    return { filename: decodeURIComponent(filename), body: await response.text() };
  }

  it('shows a delivery-status bounce as its notification text, with the returned message as a downloadable .eml', async () => {
    const returned = [...RETURNED_HEADERS, 'Content-Type: text/plain; charset=utf-8', '', 'Shall we try the new place?'];
    const detail = await open(postfixBounce('full', ['Content-Description: Undelivered Message', 'Content-Type: message/rfc822', '', ...returned]));
    expect(detail.html).toBeNull();
    expect(detail.text).toContain('your message could not\nbe delivered');
    expect(detail.text).toContain('unknown user: "nobody"');

    const attachment = detail.attachments.find((entry) => entry.contentType === 'message/rfc822');
    expect(attachment?.filename).toBe('Lunch on Friday.eml');
    const file = await download(detail.uid, attachment!.part);
    expect(file.filename).toBe('Lunch on Friday.eml');
    expect(file.body).toContain('Subject: Lunch on Friday?');
    expect(file.body).toContain('Shall we try the new place?');
    // The machine-readable report is offered too, as text the user can open.
    expect(detail.attachments.find((entry) => entry.contentType === 'message/delivery-status')?.filename).toBe('delivery-status.txt');
  });

  it('offers the returned headers of a bounce (text/rfc822-headers) as a named text file', async () => {
    const detail = await open(postfixBounce('headers', ['Content-Description: Undelivered Message Headers', 'Content-Type: text/rfc822-headers', '', ...RETURNED_HEADERS]));
    expect(detail.text).toContain('your message could not\nbe delivered');
    const headers = detail.attachments.find((entry) => entry.contentType === 'text/rfc822-headers');
    expect(headers?.filename).toBe('Undelivered Message Headers.txt');
    const file = await download(detail.uid, headers!.part);
    expect(file.filename).toBe('Undelivered Message Headers.txt');
    expect(file.body).toContain('To: nobody@mt-example.com');
  });

  it('shows the body of a Content-Type with odd spacing and a misspelt parameter', async () => {
    const detail = await open(
      raw(['From: a@mt-example.com', 'Subject: Odd type', 'MIME-Version: 1.0', 'Content-Type: text/html   ; charest="us-ascii"'], ['<p>Hello from an odd header</p>']),
    );
    expect(detail.html).toContain('Hello from an odd header');
    expect(detail.attachments).toEqual([]);
  });

  it.each([
    ['no subtype', 'text; charset=us-ascii'],
    ['nonsense', 'garbage'],
    ['spaces inside', 'text / html'],
    ['a missing semicolon', 'text/plain charset=us-ascii'],
  ])('reads a body whose Content-Type cannot be parsed (%s) as plain text (RFC 2045 §5.2)', async (_, contentType) => {
    const detail = await open(raw(['From: a@mt-example.com', 'Subject: Unparsable type', 'MIME-Version: 1.0', `Content-Type: ${contentType}`], ['Hi,', '', 'you can still read me.']));
    expect(detail.text).toContain('you can still read me.');
    expect(detail.attachments).toEqual([]);
  });

  it('shows the text of a multipart whose boundary is missing or never used, as Thunderbird does', async () => {
    const noBoundary = await open(raw(['From: a@mt-example.com', 'Subject: No boundary', 'MIME-Version: 1.0', 'Content-Type: multipart/alternative;'], ['Blah blah blah']));
    expect(noBoundary.text).toContain('Blah blah blah');
    const unused = await open(
      raw(['From: a@mt-example.com', 'Subject: Wrong boundary', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary=OTHER'], ['Dear reader,', '', 'the boundary never comes.']),
    );
    expect(unused.text).toContain('the boundary never comes.');
  });

  it('finds the text of deeply nested multiparts', async () => {
    const depth = 120;
    const opening = Array.from({ length: depth }, (_, level) => [`Content-Type: multipart/mixed; boundary="level${level}"`, '', `--level${level}`]).flat();
    const closing = Array.from({ length: depth }, (_, level) => `--level${depth - 1 - level}--`);
    const message = raw(['From: a@mt-example.com', 'Subject: Deep parts', 'MIME-Version: 1.0', ...opening.slice(0, 1)], [
      ...opening.slice(1),
      'Content-Type: text/plain; charset=utf-8',
      '',
      'At the bottom of the parts.',
      ...closing,
    ]);
    const detail = await open(message);
    expect(detail.text?.trim()).toBe('At the bottom of the parts.');
  });

  it('answers a 5 MB body with its first part and full length, and with all of it when asked', async () => {
    const line = 'Every line of this long report says the same thing again.';
    const lines = Array.from({ length: Math.ceil(5_000_000 / (line.length + 2)) }, (_, index) => `${index} ${line}`);
    const message = raw(['From: a@mt-example.com', 'Subject: Five megabytes', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8'], lines);
    const preview = await open(message);
    expect(preview.text!.length).toBeLessThanOrEqual(BODY_PREVIEW_CHARS);
    expect(preview.text!.startsWith(`0 ${line}\n1 ${line}`)).toBe(true);
    // Cut at a line's end, so no line is shown half.
    expect(preview.text!.endsWith(line)).toBe(true);
    expect(preview.fullBodyLength).toBeGreaterThan(5_000_000);

    const whole = messageDetailSchema.parse(await api.json('GET', `/api/messages/${preview.uid}?folder=INBOX&body=full`));
    expect(whole.fullBodyLength).toBeNull();
    expect(whole.text!.length).toBe(preview.fullBodyLength);
    expect(whole.text!.endsWith(`${lines.length - 1} ${line}\n`)).toBe(true);
  });

  it('cuts a long HTML body before a tag, not inside one', async () => {
    const paragraph = '<p class="row">A paragraph of a very long newsletter, with <b>bold</b> words.</p>';
    const html = `<html><body>${paragraph.repeat(Math.ceil((BODY_PREVIEW_CHARS * 2) / paragraph.length))}</body></html>`;
    const detail = await open(raw(['From: a@mt-example.com', 'Subject: Long HTML', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8'], [html]));
    expect(detail.html!.length).toBeLessThanOrEqual(BODY_PREVIEW_CHARS);
    expect(detail.html).not.toMatch(/<[^>]*$/);
    expect(detail.fullBodyLength).toBeGreaterThan(BODY_PREVIEW_CHARS * 2);
  });
});
