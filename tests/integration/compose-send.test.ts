import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_ATTACHMENT_RAW_BYTES,
  attachmentTooLargeText,
  type ComposeMessageInput,
  type OutboxAttention,
  type OutboxEntry,
  type SavedDraft,
  type SendRequest,
  type Upload,
} from '../../shared/api/compose';
import type { ErrorBody } from '../../shared/errors';
import { CSRF_HEADER } from '../../shared/api/session';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { freshPostgresUrl } from '../support/postgres';
import { signedInUser } from '../support/signed-in';
import { createTestUser, deliver, imapClient, waitForMessage, type TestUser } from '../support/stack';

describe('compose and send through the BFF, checked on the real stack with an independent parser', () => {
  let bff: RunningBff;
  let api: ApiClient;
  let user: TestUser;
  let imap: ImapFlow;

  beforeAll(async () => {
    ({ bff, api, user, imap } = await signedInUser('compose'));
    // No undo delay unless a test asks for one: "Send Email" sends at once.
    await api.json('PUT', '/api/preferences/sending', { undoSendSeconds: 0 });
    await api.json('PUT', '/api/preferences/identity', { displayName: 'Zoë Tester', replyTo: '' });
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  const message = (overrides: Partial<ComposeMessageInput> = {}): ComposeMessageInput => ({
    to: [{ name: 'Me', address: user.email }],
    cc: [],
    bcc: [],
    subject: `Compose ${randomBytes(4).toString('hex')}`,
    text: 'Hello there.',
    html: null,
    attachments: [],
    source: null,
    forwardParts: [],
    ...overrides,
  });

  async function upload(client: ApiClient, filename: string, content: Buffer, contentType = 'application/octet-stream'): Promise<Response> {
    return fetch(`${client.baseUrl}/api/uploads?filename=${encodeURIComponent(filename)}`, {
      method: 'POST',
      headers: { cookie: client.cookie ?? '', [CSRF_HEADER]: client.csrfToken ?? '', origin: client.baseUrl, 'content-type': contentType },
      body: new Uint8Array(content),
    });
  }

  const send = (request: SendRequest, client = api) => client.request('POST', '/api/compose/send', request);

  /** Every message of a folder whose Subject is this one. */
  async function uidsWithSubject(folder: string, subject: string): Promise<number[]> {
    await imap.mailboxOpen(folder);
    await imap.noop();
    return (await imap.search({ subject }, { uid: true })) || [];
  }

  async function rawMessage(folder: string, uid: number): Promise<Buffer> {
    await imap.mailboxOpen(folder);
    const fetched = await imap.fetchOne(String(uid), { source: true }, { uid: true });
    if (!fetched || !fetched.source) throw new Error(`no message ${uid} in ${folder}`);
    return fetched.source;
  }

  it('sends to a local user: headers, MIME tree, encoded non-ASCII subject and filename, identical attachment bytes, a copy in Sent', async () => {
    const bytes = randomBytes(50_000);
    const uploaded = await upload(api, 'Résumé – ünïcode.bin', bytes);
    expect(uploaded.status).toBe(201);
    const attachment = (await uploaded.json()) as Upload;
    const subject = `Grüße ✓ ${randomBytes(4).toString('hex')}`;
    const response = await send({
      idempotencyKey: randomUUID(),
      message: message({ subject, text: 'Plain part.', html: '<p>Rich <strong>part</strong>.</p>', attachments: [attachment.id] }),
    });
    expect(response.status).toBe(200);
    const entry = (await response.json()) as OutboxEntry;
    expect(entry.status).toBe('sent');

    const uid = await waitForMessage(user, entry.messageId);
    const raw = await rawMessage('INBOX', uid);
    const headerBlock = raw.toString('latin1').split('\r\n\r\n')[0]!;
    // RFC 2047 on the wire: no raw 8-bit bytes in the Subject or filename parameters.
    expect(headerBlock).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(raw.toString('latin1')).toMatch(/filename\*(0\*)?=(?:"|)utf-8''/i);

    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(subject);
    expect(parsed.messageId).toBe(entry.messageId);
    expect(parsed.date?.getTime()).toBeGreaterThan(Date.now() - 5 * 60_000);
    expect(parsed.from?.value[0]).toEqual({ name: 'Zoë Tester', address: user.email });
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/mixed' });
    expect(parsed.text?.trim()).toBe('Plain part.');
    expect(parsed.html).toContain('<strong>part</strong>');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.filename).toBe('Résumé – ünïcode.bin');
    expect(Buffer.compare(parsed.attachments[0]!.content, bytes)).toBe(0);

    // The Sent copy follows the answer: SMTP's acceptance is what the user waits for.
    await expect.poll(() => uidsWithSubject('Sent', subject).then((uids) => uids.length)).toBe(1);
    // Sent: the upload is gone once the message went out.
    expect((await send({ idempotencyKey: randomUUID(), message: message({ attachments: [attachment.id] }) })).status).toBe(400);
  });

  it('replies with In-Reply-To and References, without stacking, and marks the original answered', async () => {
    const subject = `Thread ${randomBytes(4).toString('hex')}`;
    const first = (await (await send({ idempotencyKey: randomUUID(), message: message({ subject }) })).json()) as OutboxEntry;
    const originalUid = await waitForMessage(user, first.messageId);

    const reply = (await (
      await send({
        idempotencyKey: randomUUID(),
        message: message({ subject: `Re: ${subject}`, source: { folder: 'INBOX', uid: originalUid, mode: 'reply' } }),
      })
    ).json()) as OutboxEntry;
    expect(reply.status).toBe('sent');
    const parsed = await simpleParser(await rawMessage('INBOX', await waitForMessage(user, reply.messageId)));
    expect(parsed.inReplyTo).toBe(first.messageId);
    expect(parsed.references).toBe(first.messageId);

    const answered = async () => {
      await imap.mailboxOpen('INBOX');
      const original = await imap.fetchOne(String(originalUid), { flags: true }, { uid: true });
      return original && original.flags?.has('\\Answered');
    };
    await expect.poll(answered).toBe(true);
  });

  it('forwards with the original\'s attachments, suggests recent recipients, and keeps one user\'s uploads from another', async () => {
    const bytes = randomBytes(20_000);
    const subject = `Original ${randomBytes(4).toString('hex')}`;
    const attachment = (await (await upload(api, 'plan.pdf', bytes, 'application/pdf')).json()) as Upload;
    const first = (await (await send({ idempotencyKey: randomUUID(), message: message({ subject, attachments: [attachment.id] }) })).json()) as OutboxEntry;
    const originalUid = await waitForMessage(user, first.messageId);
    const detail = await api.json<{ attachments: Array<{ part: string }> }>('GET', `/api/messages/${originalUid}?folder=INBOX`);

    const forward = (await (
      await send({
        idempotencyKey: randomUUID(),
        message: message({ subject: `Fwd: ${subject}`, source: { folder: 'INBOX', uid: originalUid, mode: 'forward' }, forwardParts: detail.attachments.map((a) => a.part) }),
      })
    ).json()) as OutboxEntry;
    const parsed = await simpleParser(await rawMessage('INBOX', await waitForMessage(user, forward.messageId)));
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['plan.pdf']);
    expect(Buffer.compare(parsed.attachments[0]!.content, bytes)).toBe(0);
    const forwarded = async () => {
      await imap.mailboxOpen('INBOX');
      const original = await imap.fetchOne(String(originalUid), { flags: true }, { uid: true });
      return original && original.flags?.has('$Forwarded');
    };
    await expect.poll(forwarded).toBe(true);

    const local = user.email.split('@')[0]!.slice(0, 12);
    // Recipients are remembered once the message is out, just after the answer.
    const suggest = () => api.json<{ suggestions: Array<{ email: string; source: string }> }>('GET', `/api/compose/recipients?q=${encodeURIComponent(local)}`);
    await expect.poll(async () => (await suggest()).suggestions).toContainEqual(expect.objectContaining({ email: user.email, source: 'recent' }));

    const other = await createTestUser('compose-other');
    const intruder = new ApiClient(bff.url);
    await intruder.signIn(other.email, other.password);
    const theirs = (await (await upload(api, 'mine.bin', randomBytes(100))).json()) as Upload;
    const stolen = await send({ idempotencyKey: randomUUID(), message: message({ to: [{ name: '', address: other.email }], attachments: [theirs.id] }) }, intruder);
    expect(stolen.status).toBe(400);
    expect(((await stolen.json()) as ErrorBody).message).toBe('An attachment is no longer there. Attach the file again.');
  });

  it('sends once for one idempotency key, however often and however fast the request is repeated', async () => {
    const subject = `Once ${randomBytes(4).toString('hex')}`;
    const request = { idempotencyKey: randomUUID(), message: message({ subject }) };
    const answers = await Promise.all([send(request), send(request), send(request)]);
    const entries = (await Promise.all(answers.map((answer) => answer.json()))) as OutboxEntry[];
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(1);
    await waitForMessage(user, entries[0]!.messageId);
    const later = (await (await send(request)).json()) as OutboxEntry;
    expect(later).toMatchObject({ id: entries[0]!.id, status: 'sent' });
    // Give a duplicate, were there one, time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await uidsWithSubject('INBOX', subject)).toHaveLength(1);
    expect(await uidsWithSubject('Sent', subject)).toHaveLength(1);
  });

  it('accepts an attachment of exactly 2,097,152 encoded bytes and refuses one byte more with the numbers', async () => {
    const atLimit = await upload(api, 'at-limit.bin', Buffer.alloc(MAX_ATTACHMENT_RAW_BYTES, 1));
    expect(atLimit.status).toBe(201);
    expect(((await atLimit.json()) as Upload).encodedSize).toBe(2_097_152);
    const over = await upload(api, 'over.bin', Buffer.alloc(MAX_ATTACHMENT_RAW_BYTES + 1, 1));
    expect(over.status).toBe(413);
    expect(((await over.json()) as ErrorBody).message).toBe(attachmentTooLargeText('over.bin', MAX_ATTACHMENT_RAW_BYTES + 1));
  });

  it('cuts an oversized streamed upload off without reading it whole', async () => {
    const total = 40 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 7);
    const url = new URL(`${api.baseUrl}/api/uploads?filename=huge.bin`);
    const { status, body, produced } = await new Promise<{ status: number; body: ErrorBody; produced: number }>((resolve, reject) => {
      let produced = 0;
      // Chunked, no Content-Length: the server can only find out by counting what it reads.
      const request = http.request(url, {
        method: 'POST',
        headers: { cookie: api.cookie ?? '', [CSRF_HEADER]: api.csrfToken ?? '', origin: api.baseUrl, 'content-type': 'application/octet-stream' },
      });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (data: Buffer) => (text += data.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as ErrorBody, produced }));
      });
      request.on('error', reject);
      const pump = () => {
        while (produced < total) {
          produced += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
    expect(status).toBe(413);
    const bytesRead = body.details?.bytesRead as number;
    expect(bytesRead).toBeGreaterThan(MAX_ATTACHMENT_RAW_BYTES);
    expect(bytesRead).toBeLessThan(MAX_ATTACHMENT_RAW_BYTES + 256 * 1024);
    // Backpressure: the client could not push the whole 40 MB either.
    expect(produced).toBeLessThan(total);
  });

  it('refuses a message over 10,485,760 bytes with the guide\'s wording', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 7; index++) {
      ids.push(((await (await upload(api, `part-${index}.bin`, randomBytes(MAX_ATTACHMENT_RAW_BYTES - 10))).json()) as Upload).id);
    }
    const response = await send({ idempotencyKey: randomUUID(), message: message({ attachments: ids }) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).message).toBe('Message exceeds maximum fixed size (10485760)');
  });

  it('refuses to forward an attachment too large to send with the guide\'s wording, and the next forward works', async () => {
    const huge = randomBytes(9 * 1024 * 1024);
    const small = randomBytes(1000);
    const { uid } = await deliver(user, {
      from: 'big@example.net',
      subject: `Huge ${randomBytes(4).toString('hex')}`,
      text: 'Two files.',
      attachments: [
        { filename: 'huge.bin', content: huge },
        { filename: 'small.bin', content: small },
      ],
    });
    const detail = await api.json<{ attachments: Array<{ part: string; filename: string }> }>('GET', `/api/messages/${uid}?folder=INBOX`);
    const partOf = (name: string) => detail.attachments.find((attachment) => attachment.filename === name)!.part;
    const source = { folder: 'INBOX', uid, mode: 'forward' as const };
    const refused = await send({ idempotencyKey: randomUUID(), message: message({ source, forwardParts: [partOf('huge.bin')] }) });
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as ErrorBody).message).toBe('Message exceeds maximum fixed size (10485760)');

    // The download stopped part-way; the user's IMAP connection still serves the next forward.
    const forwarded = (await (await send({ idempotencyKey: randomUUID(), message: message({ source, forwardParts: [partOf('small.bin')] }) })).json()) as OutboxEntry;
    expect(forwarded.status).toBe('sent');
    const parsed = await simpleParser(await rawMessage('INBOX', await waitForMessage(user, forwarded.messageId)));
    expect(Buffer.compare(parsed.attachments[0]!.content, small)).toBe(0);
  }, 60_000);

  it('saves a draft that replaces its previous version, resumes it with its attachment, and sending removes it', async () => {
    const subject = `Draft ${randomBytes(4).toString('hex')}`;
    const bytes = randomBytes(3000);
    const attachment = (await (await upload(api, 'notes.txt', bytes, 'text/plain')).json()) as Upload;
    const first = await api.json<SavedDraft>('POST', '/api/compose/drafts', { message: message({ subject, text: 'v1', attachments: [attachment.id] }) });
    const second = await api.json<SavedDraft>('POST', '/api/compose/drafts', {
      message: message({ subject, text: 'v2', attachments: [attachment.id], bcc: [{ name: '', address: 'hidden@mt-example.org' }] }),
      replaceUid: first.uid,
    });
    expect(await uidsWithSubject(second.folder, subject)).toEqual([second.uid]);
    await imap.mailboxOpen(second.folder);
    const stored = await imap.fetchOne(String(second.uid), { flags: true }, { uid: true });
    expect(stored && stored.flags?.has('\\Draft')).toBe(true);

    const resumed = await api.json<{ text: string; bcc: unknown[]; attachments: Upload[] }>('GET', `/api/compose/drafts/${second.uid}?folder=${encodeURIComponent(second.folder)}`);
    expect(resumed.text.trim()).toBe('v2');
    expect(resumed.bcc).toEqual([{ name: '', address: 'hidden@mt-example.org' }]);
    expect(resumed.attachments).toMatchObject([{ filename: 'notes.txt', size: 3000 }]);

    const sent = (await (
      await send({ idempotencyKey: randomUUID(), draftUid: second.uid, message: message({ subject, text: 'v2', attachments: [resumed.attachments[0]!.id] }) })
    ).json()) as OutboxEntry;
    const parsed = await simpleParser(await rawMessage('INBOX', await waitForMessage(user, sent.messageId)));
    expect(Buffer.compare(parsed.attachments[0]!.content, bytes)).toBe(0);
    await expect.poll(() => uidsWithSubject(second.folder, subject)).toEqual([]);
  });

  it('tells whom a message did not reach when the server takes it for some recipients and refuses others, until dismissed', async () => {
    const refused = 'refused@tern-test.example';
    const subject = `Partly ${randomBytes(4).toString('hex')}`;
    const response = await send({ idempotencyKey: randomUUID(), message: message({ subject, cc: [{ name: '', address: refused }] }) });
    expect(response.status).toBe(200);
    const entry = (await response.json()) as OutboxEntry;
    // It went out (to the user), so it is sent; but not as if it reached everyone.
    expect(entry.status).toBe('sent');
    expect(entry.error).toMatch(/^The mail server refused these recipients, who get nothing: refused@tern-test\.example: 554 5\.7\.1 <refused@tern-test\.example>: Recipient address rejected: Access denied\.$/);
    await waitForMessage(user, entry.messageId);
    const notice = await api.json<OutboxAttention>('GET', '/api/compose/outbox');
    expect(notice.entries.find((shown) => shown.id === entry.id)).toMatchObject({ status: 'sent', subject });
    await api.json('POST', `/api/compose/outbox/${entry.id}/dismiss`);
    expect((await api.json<OutboxAttention>('GET', '/api/compose/outbox')).entries.map((shown) => shown.id)).not.toContain(entry.id);
  });

  it('undo within the delay sends nothing', async () => {
    const subject = `Undone ${randomBytes(4).toString('hex')}`;
    const entry = (await (await send({ idempotencyKey: randomUUID(), message: message({ subject }), sendAt: new Date(Date.now() + 2000).toISOString() })).json()) as OutboxEntry;
    expect(entry.status).toBe('queued');
    expect(await api.json<OutboxEntry>('DELETE', `/api/compose/outbox/${entry.id}`)).toMatchObject({ status: 'cancelled' });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await api.json<OutboxEntry>('GET', `/api/compose/outbox/${entry.id}`)).status).toBe('cancelled');
    expect(await uidsWithSubject('INBOX', subject)).toEqual([]);
  });

});

describe('sending limits, SMTP down, and the outbox across a restart with two instances', () => {
  it('refuses the 51st message of a minute for one domain, naming the limit and when sending opens again', async () => {
    // A BFF of its own: a store whose counts start at zero.
    const { bff: limited, api: fresh, user: sender, imap: direct } = await signedInUser('limits');
    const toSelf: ComposeMessageInput = { to: [{ name: '', address: sender.email }], cc: [], bcc: [], subject: 'Limit', text: 'Limit', html: null, attachments: [], source: null, forwardParts: [] };
    // Scheduled an hour ahead and undone after: the limit is checked as messages enter the outbox.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const queued: OutboxEntry[] = [];
    for (let index = 0; index < 50; index++) {
      const response = await fresh.request('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: toSelf, sendAt: later });
      expect(response.status).toBe(200);
      queued.push((await response.json()) as OutboxEntry);
    }
    const refused = await fresh.request('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: toSelf, sendAt: later });
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as ErrorBody;
    expect(body.code).toBe('send_limit');
    expect(body.message).toMatch(/^Sending limit reached: 50 messages per minute for tern-test\.example\. Sending opens again at \d\d:\d\d:\d\d UTC \(in \d+ s\)\.$/);
    for (const entry of queued) await fresh.json('DELETE', `/api/compose/outbox/${entry.id}`);
    await direct.logout();
    await limited.close();
  });

  it('keeps a message SMTP cannot take for retrying, says why, gives up after TERN_SEND_RETRY_HOURS with the reason, and the message can still be saved as a draft', async () => {
    // A BFF whose SMTP port has nobody listening ("stopped"), retrying for 3.6 s.
    const down = await startBff({ TERN_SMTP_PORT: '1', TERN_SEND_RETRY_HOURS: '0.001' });
    try {
      const client = new ApiClient(down.url);
      const user = await createTestUser('smtp-down');
      await client.signIn(user.email, user.password);
      await client.json('PUT', '/api/preferences/sending', { undoSendSeconds: 0 });
      const compose: ComposeMessageInput = { to: [{ name: '', address: user.email }], cc: [], bcc: [], subject: 'Kept', text: 'Kept', html: null, attachments: [], source: null, forwardParts: [] };
      const response = await client.request('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: compose });
      expect(response.status).toBe(200);
      const entry = (await response.json()) as OutboxEntry;
      expect(entry).toMatchObject({ status: 'retrying', error: 'The mail server cannot be reached right now. Try again in a moment.' });
      await expect
        .poll(() => client.json<OutboxEntry>('GET', `/api/compose/outbox/${entry.id}`), { timeout: 15_000, interval: 250 })
        .toMatchObject({ status: 'failed', error: 'Tern gave up after trying for 3.6 seconds: The mail server cannot be reached right now. Try again in a moment.' });
      const draft = await client.json<SavedDraft>('POST', '/api/compose/drafts', { message: compose });
      expect(draft.uid).toBeGreaterThan(0);
    } finally {
      await down.close();
    }
  });

  it('sends a scheduled message once after a BFF restart, with two instances on PostgreSQL; an upload outlives its instance', async () => {
    // Several instances share PostgreSQL in production: the row claim must hold there.
    const database = { DATABASE_URL: await freshPostgresUrl() };
    const first = await startBff(database);
    const user = await createTestUser('outbox');
    const api = new ApiClient(first.url);
    await api.signIn(user.email, user.password);
    const subject = `Later ${randomBytes(4).toString('hex')}`;
    const compose: ComposeMessageInput = { to: [{ name: '', address: user.email }], cc: [], bcc: [], subject, text: 'Later', html: null, attachments: [], source: null, forwardParts: [] };
    const entry = await api.json<OutboxEntry>('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: compose, sendAt: new Date(Date.now() + 4000).toISOString() });
    expect(entry.status).toBe('queued');
    const bytes = randomBytes(5000);
    const uploaded = await fetch(`${first.url}/api/uploads?filename=carried.bin`, {
      method: 'POST',
      headers: { cookie: api.cookie ?? '', [CSRF_HEADER]: api.csrfToken ?? '', origin: first.url, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bytes),
    });
    const carried = (await uploaded.json()) as Upload;
    await api.request('DELETE', '/api/session');
    await first.close();

    const [restarted, second] = await Promise.all([startBff(database, { outboxPollMs: 100 }), startBff(database, { outboxPollMs: 100 })]);
    const imap = await imapClient(user);
    try {
      await waitForMessage(user, entry.messageId);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await imap.mailboxOpen('INBOX');
      expect(await imap.search({ subject }, { uid: true })).toHaveLength(1);
      const row = await restarted.store.db.selectFrom('outbox').select(['status', 'password_sealed']).where('id', '=', entry.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'sent', password_sealed: null });

      // Uploaded through the instance that is gone, sent through another.
      const other = new ApiClient(second.url);
      await other.signIn(user.email, user.password);
      await other.json('PUT', '/api/preferences/sending', { undoSendSeconds: 0 });
      const sent = await other.json<OutboxEntry>('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: { ...compose, subject: `Carried ${subject}`, attachments: [carried.id] } });
      const carriedUid = await waitForMessage(user, sent.messageId);
      // This connection's view predates the message: NOOP brings it in.
      await imap.noop();
      const fetched = await imap.fetchOne(String(carriedUid), { source: true }, { uid: true });
      const parsed = await simpleParser(fetched && fetched.source ? fetched.source : Buffer.alloc(0));
      expect(Buffer.compare(parsed.attachments[0]!.content, bytes)).toBe(0);
    } finally {
      await imap.logout();
      await Promise.all([restarted.close(), second.close()]);
    }
  });
});
