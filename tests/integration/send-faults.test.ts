import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNCERTAIN_SEND_TEXT, type ComposeMessageInput, type OutboxAttention, type OutboxEntry, type SavedDraft, type Upload } from '../../shared/api/compose';
import type { ErrorBody } from '../../shared/errors';
import { CSRF_HEADER } from '../../shared/api/session';
import type { SendCheckpoint } from '../../server/compose/outbox';
import { openStore } from '../../server/store/database';
import { ApiClient } from '../support/api-client';
import { tempSqlitePath } from '../support/bff';
import { startBffProcess } from '../support/bff-process';
import { signedInUser, type SignedIn } from '../support/signed-in';
import { createTestUser, imapClient, runStack, waitForMessage, type TestUser } from '../support/stack';

// Faults while sending, on the real stack: Postfix down, a refusal, the BFF
// killed at each step. Each time: nothing lost, nothing sent twice, a clear
// state for the user, and recovery without anyone's help.

function compose(to: string, subject: string, overrides: Partial<ComposeMessageInput> = {}): ComposeMessageInput {
  return { to: [{ name: '', address: to }], cc: [], bcc: [], subject, text: subject, html: null, attachments: [], source: null, forwardParts: [], ...overrides };
}

/** How many messages with this subject a folder of the user holds (an independent IMAP connection). */
async function countWithSubject(user: TestUser, folder: string, subject: string): Promise<number> {
  const imap = await imapClient(user);
  try {
    await imap.mailboxOpen(folder, { readOnly: true });
    return ((await imap.search({ subject }, { uid: true })) || []).length;
  } finally {
    await imap.logout();
  }
}

/** Polls the outbox entry until it reaches one of these states. */
async function settledEntry(api: ApiClient, id: string, states: OutboxEntry['status'][], timeoutMs = 45_000): Promise<OutboxEntry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entry = await api.json<OutboxEntry>('GET', `/api/compose/outbox/${id}`);
    if (states.includes(entry.status)) return entry;
    if (Date.now() > deadline) throw new Error(`outbox entry ${id} is still ${entry.status} (${entry.error ?? ''})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Give a duplicate, were there one, time to arrive. */
const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, 2000));

describe('Postfix down, and a refusal', () => {
  let s: SignedIn;

  beforeAll(async () => {
    s = await signedInUser('faults');
    await s.api.json('PUT', '/api/preferences/sending', { undoSendSeconds: 0 });
  });
  afterAll(async () => {
    await s?.imap.logout();
    await s?.bff.close();
  });

  it('with Postfix down, an immediate and a "Send later" message wait to retry, and go out once each with one Sent copy when it is back', async () => {
    const now = `Down now ${randomBytes(4).toString('hex')}`;
    const later = `Down later ${randomBytes(4).toString('hex')}`;
    await runStack('stop', 'postfix');
    let immediate: OutboxEntry;
    let scheduled: OutboxEntry;
    try {
      const answer = await s.api.request('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: compose(s.user.email, now) });
      // Safely queued: the compose window may close, and the user reads why it waits.
      expect(answer.status).toBe(200);
      immediate = (await answer.json()) as OutboxEntry;
      expect(immediate).toMatchObject({ status: 'retrying', error: 'The mail server cannot be reached right now. Try again in a moment.' });
      scheduled = await s.api.json<OutboxEntry>('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: compose(s.user.email, later), sendAt: new Date(Date.now() + 1000).toISOString() });
      expect(scheduled.status).toBe('queued');
      // At its time the server is still down: it waits too, it does not fail.
      await settledEntry(s.api, scheduled.id, ['retrying']);
      const notice = await s.api.json<OutboxAttention>('GET', '/api/compose/outbox');
      expect(notice.entries.filter((entry) => [immediate.id, scheduled.id].includes(entry.id))).toEqual(
        expect.arrayContaining([expect.objectContaining({ subject: now, status: 'retrying' }), expect.objectContaining({ subject: later, status: 'retrying' })]),
      );
    } finally {
      await runStack('start', 'postfix');
    }
    for (const entry of [immediate, scheduled]) {
      expect(await settledEntry(s.api, entry.id, ['sent', 'failed', 'uncertain'])).toMatchObject({ status: 'sent', error: null });
      await waitForMessage(s.user, entry.messageId);
    }
    await quietPeriod();
    for (const subject of [now, later]) {
      expect(await countWithSubject(s.user, 'INBOX', subject)).toBe(1);
      expect(await countWithSubject(s.user, 'Sent', subject)).toBe(1);
    }
    const ids = (await s.api.json<OutboxAttention>('GET', '/api/compose/outbox')).entries.map((entry) => entry.id);
    expect(ids).not.toContain(immediate.id);
    expect(ids).not.toContain(scheduled.id);
  }, 90_000);

  it('a recipient the server refuses (5xx) fails at once with its reason, is never retried, and a scheduled one stays in the notice until dismissed', async () => {
    const refused = 'refused@tern-test.example';
    const key = randomUUID();
    const answer = await s.api.request('POST', '/api/compose/send', { idempotencyKey: key, message: compose(refused, 'Refused now') });
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as ErrorBody;
    expect(body.code).toBe('mail_server_refused');
    expect(body.message).toMatch(/^The mail server refused the message: 554 5\.7\.1 <refused@tern-test\.example>: Recipient address rejected/);

    const scheduled = await s.api.json<OutboxEntry>('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: compose(refused, 'Refused later'), sendAt: new Date(Date.now() + 500).toISOString() });
    const failed = await settledEntry(s.api, scheduled.id, ['sent', 'failed', 'uncertain']);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/Recipient address rejected/);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const rows = await s.bff.store.db.selectFrom('outbox').select(['status', 'attempts', 'password_sealed']).where('email', '=', s.user.email).where('subject', 'in', ['Refused now', 'Refused later']).execute();
    // One attempt each, nothing kept to send again with.
    expect(rows).toEqual([
      { status: 'failed', attempts: 1, password_sealed: null },
      { status: 'failed', attempts: 1, password_sealed: null },
    ]);

    // The immediate one was answered in the compose window; the scheduled one is told by the notice, also after a reload.
    let notice = await s.api.json<OutboxAttention>('GET', '/api/compose/outbox');
    expect(notice.entries.map((entry) => entry.subject)).toContain('Refused later');
    expect(notice.entries.map((entry) => entry.subject)).not.toContain('Refused now');
    await s.api.json('POST', `/api/compose/outbox/${scheduled.id}/dismiss`);
    notice = await s.api.json<OutboxAttention>('GET', '/api/compose/outbox');
    expect(notice.entries.map((entry) => entry.id)).not.toContain(scheduled.id);
  }, 60_000);
});

describe('invitation mail through the outbox', () => {
  it('is counted against the sending limit, and with Postfix down the event still saves and the invitation goes once when it is back', async () => {
    const s = await signedInUser('itip-faults');
    const guest = await createTestUser('itip-guest');
    try {
      // The first look creates "Personal Calendar".
      await s.api.json('GET', '/api/calendars');
      // 49 messages this minute (scheduled, then undone): the invitation is the 50th.
      const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
      const held: OutboxEntry[] = [];
      for (let index = 0; index < 49; index++) {
        held.push(await s.api.json<OutboxEntry>('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: compose(s.user.email, 'Held'), sendAt: inAnHour }));
      }
      const title = `Planning ${randomBytes(3).toString('hex')}`;
      const event = { title, location: '', description: '', allDay: false, start: '2026-11-02T12:30', end: '2026-11-02T13:30', timeZone: 'Europe/Berlin', repeat: null, reminderMinutes: null, attendees: [guest.email] };
      await runStack('stop', 'postfix');
      try {
        const created = await s.api.request('POST', '/api/calendars/personal/events', { event });
        expect(created.status).toBe(201);
        const notice = await s.api.json<OutboxAttention>('GET', '/api/compose/outbox');
        expect(notice.entries).toContainEqual(expect.objectContaining({ subject: `Invitation: ${title}`, status: 'retrying' }));
        const over = await s.api.request('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: compose(s.user.email, 'One too many'), sendAt: inAnHour });
        expect(over.status).toBe(429);
      } finally {
        await runStack('start', 'postfix');
      }
      for (const entry of held) await s.api.json('DELETE', `/api/compose/outbox/${entry.id}`);
      const invitation = (await s.api.json<OutboxAttention>('GET', '/api/compose/outbox')).entries.find((entry) => entry.subject === `Invitation: ${title}`)!;
      expect(await settledEntry(s.api, invitation.id, ['sent', 'failed', 'uncertain'])).toMatchObject({ status: 'sent' });
      await waitForMessage(guest, invitation.messageId);
      await quietPeriod();
      expect(await countWithSubject(guest, 'INBOX', `Invitation: ${title}`)).toBe(1);
      expect(await countWithSubject(s.user, 'Sent', `Invitation: ${title}`)).toBe(1);
    } finally {
      await s.imap.logout();
      await s.bff.close();
    }
  }, 90_000);
});

describe('the BFF process killed mid-send', () => {
  const cases: Array<[SendCheckpoint, 'now' | 'later', 'sent' | 'uncertain']> = [
    ['claimed', 'now', 'sent'],
    ['accepted', 'now', 'uncertain'],
    ['status-written', 'now', 'sent'],
    ['claimed', 'later', 'sent'],
    ['accepted', 'later', 'uncertain'],
    ['status-written', 'later', 'sent'],
  ];

  it.each(cases)('killed at "%s" of a message sent %s: after a restart it is %s, delivered once', async (point, when, outcome) => {
    const sqlite = tempSqlitePath();
    const user = await createTestUser(`kill-${point}`);
    const first = await startBffProcess(sqlite, { killAt: point });
    const api = new ApiClient(first.url);
    expect((await api.signIn(user.email, user.password)).status).toBe(200);
    await api.json('PUT', '/api/preferences/sending', { undoSendSeconds: 0 });
    const subject = `Killed ${point} ${when} ${randomBytes(3).toString('hex')}`;
    const message = compose(user.email, subject);
    const draft = await api.json<SavedDraft>('POST', '/api/compose/drafts', { message });
    const request = { idempotencyKey: randomUUID(), message, draftUid: draft.uid, ...(when === 'later' && { sendAt: new Date(Date.now() + 1000).toISOString() }) };
    if (when === 'now') {
      // The process dies under the request: the tab sees a network error and keeps its key.
      await expect(api.request('POST', '/api/compose/send', request)).rejects.toThrow();
    } else {
      expect((await api.json<OutboxEntry>('POST', '/api/compose/send', request)).status).toBe('queued');
    }
    expect(await first.exited).toBe('SIGKILL');

    const second = await startBffProcess(sqlite);
    try {
      api.baseUrl = second.url;
      // The tab's retry with the same key finds the one message, whatever became of it.
      const entry = await api.json<OutboxEntry>('POST', '/api/compose/send', request);
      const final = await settledEntry(api, entry.id, ['sent', 'failed', 'uncertain', 'cancelled']);
      expect(final.status).toBe(outcome);
      await waitForMessage(user, final.messageId);
      await quietPeriod();
      expect(await countWithSubject(user, 'INBOX', subject)).toBe(1);
      if (outcome === 'sent') {
        await expect.poll(() => countWithSubject(user, 'Sent', subject), { timeout: 10_000 }).toBe(1);
        await expect.poll(() => countWithSubject(user, 'Drafts', subject), { timeout: 10_000 }).toBe(0);
      } else {
        // Never sent again by itself: the user is told, and the draft is still there to send again from.
        expect(final.error).toBe(UNCERTAIN_SEND_TEXT);
        expect((await api.json<OutboxAttention>('GET', '/api/compose/outbox')).entries.map((e) => e.id)).toContain(final.id);
        expect(await countWithSubject(user, 'Drafts', subject)).toBe(1);
        expect(await countWithSubject(user, 'Sent', subject)).toBe(0);
      }
      await quietPeriod();
      expect(await countWithSubject(user, 'INBOX', subject)).toBe(1);
      expect(await countWithSubject(user, 'Sent', subject)).toBe(outcome === 'sent' ? 1 : 0);
    } finally {
      await second.kill();
    }
  }, 90_000);

  it('killed mid-upload, keeps no half upload, and the compose can upload again and send', async () => {
    const sqlite = tempSqlitePath();
    const user = await createTestUser('kill-upload');
    const first = await startBffProcess(sqlite);
    const api = new ApiClient(first.url);
    await api.signIn(user.email, user.password);
    await api.json('PUT', '/api/preferences/sending', { undoSendSeconds: 0 });
    const bytes = randomBytes(1_000_000);
    const uploadTo = (url: string, body: Buffer, onProgress?: (sent: number) => void) =>
      new Promise<number>((resolve, reject) => {
        const upload = http.request(new URL(`${url}/api/uploads?filename=big.bin`), {
          method: 'POST',
          headers: { cookie: api.cookie ?? '', [CSRF_HEADER]: api.csrfToken ?? '', origin: url, 'content-type': 'application/octet-stream' },
        });
        upload.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        upload.on('error', reject);
        let sent = 0;
        const pump = () => {
          while (sent < body.length) {
            const chunk = body.subarray(sent, sent + 64 * 1024);
            sent += chunk.length;
            onProgress?.(sent);
            if (!upload.write(chunk)) return void upload.once('drain', pump);
          }
          upload.end();
        };
        pump();
      });
    let killed: Promise<void> | null = null;
    // Half way through the body, the process dies.
    await expect(uploadTo(first.url, bytes, (sent) => (killed ??= sent > bytes.length / 2 ? first.kill() : null))).rejects.toThrow();
    await killed;

    const second = await startBffProcess(sqlite);
    try {
      const store = await openStore({ kind: 'sqlite', path: sqlite });
      try {
        expect(await store.db.selectFrom('uploads').select('id').where('email', '=', user.email).execute()).toEqual([]);
      } finally {
        await store.db.destroy();
      }
      api.baseUrl = second.url;
      const again = await fetch(`${second.url}/api/uploads?filename=big.bin`, {
        method: 'POST',
        headers: { cookie: api.cookie ?? '', [CSRF_HEADER]: api.csrfToken ?? '', origin: second.url, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(bytes),
      });
      expect(again.status).toBe(201);
      const upload = (await again.json()) as Upload;
      const subject = `Uploaded again ${randomBytes(3).toString('hex')}`;
      const sent = await api.json<OutboxEntry>('POST', '/api/compose/send', { idempotencyKey: randomUUID(), message: compose(user.email, subject, { attachments: [upload.id] }) });
      expect(sent.status).toBe('sent');
      const imap = await imapClient(user);
      try {
        const uid = await waitForMessage(user, sent.messageId);
        await imap.mailboxOpen('INBOX');
        const fetched = await imap.fetchOne(String(uid), { source: true }, { uid: true });
        const parsed = await simpleParser(fetched && fetched.source ? fetched.source : Buffer.alloc(0));
        expect(Buffer.compare(parsed.attachments[0]!.content, bytes)).toBe(0);
      } finally {
        await imap.logout();
      }
    } finally {
      await second.kill();
    }
  }, 60_000);
});
