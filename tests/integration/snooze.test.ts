import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MoveResult } from '../../shared/api/actions';
import type { FolderList } from '../../shared/api/folders';
import type { MessageWindow } from '../../shared/api/messages';
import { SNOOZE_IN_PAST, SNOOZED_FOLDER_NAME, type SnoozeList } from '../../shared/api/snooze';
import type { ErrorBody } from '../../shared/errors';
import { openStore, type Store } from '../../server/store/database';
import { ApiClient } from '../support/api-client';
import { startBff, tempSqlitePath, type RunningBff } from '../support/bff';
import { startBffProcess, type BffProcess } from '../support/bff-process';
import { freshPostgresUrl } from '../support/postgres';
import { createTestUser, deliver, imapClient, STACK_SCRIPT, testStackProcessEnv, waitForMessage, type TestUser } from '../support/stack';

// Snooze on the real stack: the message waits in "Snoozed" and the outbox's
// worker brings it back to the top of the Inbox, unread, at its time, with
// nobody signed in, once, whatever happened in between.

const HOUR = 60 * 60_000;

/** A clock the test moves forward: the worker sees the snooze due without the test waiting for it. */
function drivenClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

/** How many messages with this Message-ID a folder holds (an independent IMAP connection). */
async function countIn(user: TestUser, folder: string, messageId: string): Promise<number> {
  const imap = await imapClient(user);
  try {
    await imap.mailboxOpen(folder, { readOnly: true });
    return ((await imap.search({ header: { 'message-id': messageId } }, { uid: true })) || []).length;
  } finally {
    await imap.logout();
  }
}

async function flagsOf(user: TestUser, folder: string, uid: number): Promise<Set<string>> {
  const imap = await imapClient(user);
  try {
    await imap.mailboxOpen(folder, { readOnly: true });
    const message = await imap.fetchOne(String(uid), { flags: true }, { uid: true });
    return (message && message.flags) || new Set();
  } finally {
    await imap.logout();
  }
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function rowsOf(store: Store): Promise<number> {
  return (await store.db.selectFrom('snoozes').select('id').execute()).length;
}

/** Delivers messages with dates in the past (so only a return to the top can put them first), read. */
async function deliverRead(user: TestUser, subjects: string[]): Promise<Array<{ messageId: string; uid: number }>> {
  const delivered = [];
  for (const [index, subject] of subjects.entries()) {
    delivered.push(await deliver(user, { from: 'Old Friend <friend@example.net>', subject, text: subject, date: new Date(Date.UTC(2021, 0, 1 + index)) }));
  }
  const imap = await imapClient(user);
  try {
    await imap.mailboxOpen('INBOX');
    await imap.messageFlagsAdd(delivered.map((d) => d.uid).join(','), ['\\Seen'], { uid: true });
  } finally {
    await imap.logout();
  }
  return delivered;
}

async function signedIn(url: string, user: TestUser): Promise<ApiClient> {
  const api = new ApiClient(url);
  expect((await api.signIn(user.email, user.password)).status).toBe(200);
  return api;
}

describe('snooze with one BFF and a clock the test drives', () => {
  const clock = drivenClock();
  let bff: RunningBff;

  beforeAll(async () => {
    bff = await startBff({}, { now: clock.now });
  });
  afterAll(async () => {
    await bff?.close();
  });

  it('refuses a past time, moves the selection to a new Snoozed folder, and returns it unread to the top of the Inbox with nobody signed in', async () => {
    const user = await createTestUser('snooze');
    const [first, second] = await deliverRead(user, ['Snooze me first', 'Snooze me second']);
    // Newer than both: the returned messages must still come before it.
    await deliver(user, { from: 'friend@example.net', subject: 'Arrived later', text: 'x' });
    const api = await signedIn(bff.url, user);

    const past = await api.request('POST', '/api/snoozes', { folder: 'INBOX', uids: [first!.uid], until: new Date(clock.now() - 60_000).toISOString() });
    expect(past.status).toBe(400);
    expect(((await past.json()) as ErrorBody).message).toBe(SNOOZE_IN_PAST);
    expect(await countIn(user, 'INBOX', first!.messageId)).toBe(1);

    const until = new Date(clock.now() + HOUR);
    const snoozed = await api.json<MoveResult>('POST', '/api/snoozes', { folder: 'INBOX', uids: [first!.uid, second!.uid], until: until.toISOString() });
    expect(snoozed).toMatchObject({ count: 2, from: 'INBOX', to: SNOOZED_FOLDER_NAME });
    expect(await countIn(user, 'INBOX', first!.messageId)).toBe(0);
    expect(await countIn(user, SNOOZED_FOLDER_NAME, second!.messageId)).toBe(1);
    const folders = await api.json<FolderList>('GET', '/api/folders');
    expect(folders.folders.map((folder) => folder.name)).toContain(SNOOZED_FOLDER_NAME);
    const list = await api.json<SnoozeList>('GET', '/api/snoozes');
    expect(list.messages.map((m) => m.uid).sort()).toEqual([...snoozed.uids!].sort());
    expect(list.messages.every((m) => m.returnAt === until.toISOString())).toBe(true);

    expect((await api.request('DELETE', '/api/session')).status).toBe(204);
    // An hour too early nothing moves.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await countIn(user, SNOOZED_FOLDER_NAME, first!.messageId)).toBe(1);

    clock.advance(HOUR + 1000);
    const backFirst = await waitForMessage(user, first!.messageId);
    const backSecond = await waitForMessage(user, second!.messageId);
    await waitFor(async () => (await countIn(user, SNOOZED_FOLDER_NAME, first!.messageId)) === 0, 'the snoozed copy to go');
    expect(await countIn(user, SNOOZED_FOLDER_NAME, second!.messageId)).toBe(0);
    expect((await flagsOf(user, 'INBOX', backFirst)).has('\\Seen')).toBe(false);
    expect((await flagsOf(user, 'INBOX', backSecond)).has('\\Seen')).toBe(false);
    await waitFor(async () => (await rowsOf(bff.store)) === 0, 'the snooze rows to go');

    // The default order (newest first by date) shows them on top, above the mail that came meanwhile.
    const again = await signedIn(bff.url, user);
    const inbox = await again.json<MessageWindow>('GET', '/api/messages?folder=INBOX');
    expect(inbox.items.slice(0, 2).map((m) => m.subject).sort()).toEqual(['Snooze me first', 'Snooze me second']);
    expect(inbox.items[2]?.subject).toBe('Arrived later');
    expect(inbox.items[0]!.flags.seen).toBe(false);
  });

  it('finds a message another mail app moved within Snoozed, drops one it deleted, and keeps going', async () => {
    const user = await createTestUser('snoozemoved');
    const [wandered, deleted, untouched] = await deliverRead(user, ['Wandered', 'Deleted elsewhere', 'Untouched']);
    const api = await signedIn(bff.url, user);
    const result = await api.json<MoveResult>('POST', '/api/snoozes', {
      folder: 'INBOX',
      uids: [wandered!.uid, deleted!.uid, untouched!.uid],
      until: new Date(clock.now() + HOUR).toISOString(),
    });
    const [wanderedUid, deletedUid] = result.uids!;

    // Another mail app: one message out to another folder and back (a new UID), one deleted for good.
    const other = await imapClient(user);
    try {
      await other.mailboxCreate('Elsewhere');
      await other.mailboxOpen(SNOOZED_FOLDER_NAME);
      await other.messageMove(String(wanderedUid), 'Elsewhere', { uid: true });
      await other.messageDelete(String(deletedUid), { uid: true });
      await other.mailboxOpen('Elsewhere');
      await other.messageMove('1:*', SNOOZED_FOLDER_NAME);
    } finally {
      await other.logout();
    }

    clock.advance(HOUR + 1000);
    await waitForMessage(user, wandered!.messageId);
    await waitForMessage(user, untouched!.messageId);
    await waitFor(async () => (await rowsOf(bff.store)) === 0, 'every row to go, the deleted one dropped');
    expect(await countIn(user, 'INBOX', deleted!.messageId)).toBe(0);
    expect(await countIn(user, 'INBOX', wandered!.messageId)).toBe(1);
    expect(await countIn(user, SNOOZED_FOLDER_NAME, wandered!.messageId)).toBe(0);
  });

  it('refuses a selection with a message that has no Message-ID, and changes nothing', async () => {
    const user = await createTestUser('snoozenoid');
    const [message] = await deliverRead(user, ['Has an id']);
    const imap = await imapClient(user);
    let anonymous: number;
    try {
      const appended = await imap.append('INBOX', 'From: a@example.net\r\nSubject: No id\r\n\r\nBody\r\n');
      anonymous = (appended && appended.uid) || 0;
    } finally {
      await imap.logout();
    }
    const api = await signedIn(bff.url, user);
    const refused = await api.request('POST', '/api/snoozes', { folder: 'INBOX', uids: [message!.uid, anonymous], until: new Date(clock.now() + HOUR).toISOString() });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ErrorBody).message).toBe('A selected message has no Message-ID, by which Tern finds snoozed mail again: nothing was snoozed.');
    expect(await countIn(user, 'INBOX', message!.messageId)).toBe(1);
    expect((await api.json<SnoozeList>('GET', '/api/snoozes')).messages).toEqual([]);
    expect((await api.json<FolderList>('GET', '/api/folders')).folders.map((folder) => folder.name)).not.toContain(SNOOZED_FOLDER_NAME);
  });

  it('keeps a message snoozed while its password no longer works, and returns it once the user signs in with the new one', async () => {
    const user = await createTestUser('snoozepassword');
    const [message] = await deliverRead(user, ['Waits for the new password']);
    const api = await signedIn(bff.url, user);
    await api.json<MoveResult>('POST', '/api/snoozes', { folder: 'INBOX', uids: [message!.uid], until: new Date(clock.now() + HOUR).toISOString() });
    await api.request('DELETE', '/api/session');
    // Changed in another program: Tern's sealed copy is now wrong.
    const changed = { ...user, password: `${user.password}-New!1` };
    execFileSync('bash', [STACK_SCRIPT, 'passwd', user.email], { env: testStackProcessEnv(), input: `${changed.password}\n` });

    clock.advance(HOUR + 1000);
    const attempts = async () => Number((await bff.store.db.selectFrom('snoozes').select('attempts').executeTakeFirst())?.attempts ?? 0);
    await waitFor(async () => (await attempts()) > 0, 'a failed attempt');
    expect(await countIn(changed, SNOOZED_FOLDER_NAME, message!.messageId)).toBe(1);

    // Opening the Snoozed folder with the new password hands it to the worker, which tries again at once.
    const again = await signedIn(bff.url, changed);
    await again.json<SnoozeList>('GET', '/api/snoozes');
    await waitForMessage(changed, message!.messageId, { timeoutMs: 10_000 });
    await waitFor(async () => (await rowsOf(bff.store)) === 0, 'the row to go');
  });

  it('"Unsnooze" brings a message back now, unread', async () => {
    const user = await createTestUser('unsnooze');
    const [message] = await deliverRead(user, ['Back now']);
    const api = await signedIn(bff.url, user);
    const snoozed = await api.json<MoveResult>('POST', '/api/snoozes', { folder: 'INBOX', uids: [message!.uid], until: new Date(clock.now() + 24 * HOUR).toISOString() });

    const again = await api.request('POST', '/api/snoozes', { folder: SNOOZED_FOLDER_NAME, uids: snoozed.uids, until: new Date(clock.now() + HOUR).toISOString() });
    expect(again.status).toBe(400);
    expect(((await again.json()) as ErrorBody).message).toMatch(/snoozed already/);

    const result = await api.json<MoveResult>('POST', '/api/snoozes/unsnooze', { uids: snoozed.uids });
    expect(result).toMatchObject({ count: 1, from: SNOOZED_FOLDER_NAME, to: 'INBOX' });
    const uid = await waitForMessage(user, message!.messageId, { timeoutMs: 2000 });
    expect((await flagsOf(user, 'INBOX', uid)).has('\\Seen')).toBe(false);
    expect(await countIn(user, SNOOZED_FOLDER_NAME, message!.messageId)).toBe(0);
    expect((await api.json<SnoozeList>('GET', '/api/snoozes')).messages).toEqual([]);
    expect(await rowsOf(bff.store)).toBe(0);
  });
});

describe('snooze across instances and restarts', () => {
  const running: Array<RunningBff | BffProcess> = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((bff) => ('kill' in bff ? bff.kill() : bff.close())));
  });

  it('two instances sharing PostgreSQL return each message exactly once', async () => {
    const clock = drivenClock();
    const database = { DATABASE_URL: await freshPostgresUrl() };
    const a = await startBff(database, { now: clock.now, outboxPollMs: 100 });
    const b = await startBff(database, { now: clock.now, outboxPollMs: 100 });
    running.push(a, b);
    const user = await createTestUser('snoozetwo');
    const messages = await deliverRead(user, ['One', 'Two', 'Three', 'Four', 'Five']);
    const api = await signedIn(a.url, user);
    await api.json<MoveResult>('POST', '/api/snoozes', { folder: 'INBOX', uids: messages.map((m) => m.uid), until: new Date(clock.now() + HOUR).toISOString() });
    await api.request('DELETE', '/api/session');

    clock.advance(HOUR + 1000);
    for (const message of messages) await waitForMessage(user, message.messageId);
    await waitFor(async () => (await rowsOf(a.store)) === 0, 'the rows to go');
    // Give a second copy, were there one, time to land.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const message of messages) {
      expect(await countIn(user, 'INBOX', message.messageId)).toBe(1);
      expect(await countIn(user, SNOOZED_FOLDER_NAME, message.messageId)).toBe(0);
    }
  });

  it('returns a message after the BFF that snoozed it was killed, from a new process, with nobody signed in', async () => {
    const sqlite = tempSqlitePath();
    const user = await createTestUser('snoozerestart');
    const [message] = await deliverRead(user, ['Outlives its BFF']);
    const first = await startBffProcess(sqlite);
    running.push(first);
    const api = await signedIn(first.url, user);
    await api.json<MoveResult>('POST', '/api/snoozes', { folder: 'INBOX', uids: [message!.uid], until: new Date(Date.now() + 3000).toISOString() });
    await api.request('DELETE', '/api/session');
    await first.kill();
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(await countIn(user, SNOOZED_FOLDER_NAME, message!.messageId)).toBe(1);

    running.push(await startBffProcess(sqlite));
    await waitForMessage(user, message!.messageId, { timeoutMs: 20_000 });
    await waitFor(async () => (await countIn(user, SNOOZED_FOLDER_NAME, message!.messageId)) === 0, 'the snoozed copy to go');
    expect(await countIn(user, 'INBOX', message!.messageId)).toBe(1);
  });

  it('a BFF killed between storing the Inbox copy and removing the snoozed one leaves one copy, never two or none', async () => {
    const sqlite = tempSqlitePath();
    const user = await createTestUser('snoozekill');
    const [message] = await deliverRead(user, ['Killed mid-move']);
    const first = await startBffProcess(sqlite, { killAt: 'snooze-appended' });
    running.push(first);
    const api = await signedIn(first.url, user);
    await api.json<MoveResult>('POST', '/api/snoozes', { folder: 'INBOX', uids: [message!.uid], until: new Date(Date.now() + 1500).toISOString() });
    expect(await first.exited).toBe('SIGKILL');
    expect(await countIn(user, 'INBOX', message!.messageId)).toBe(1);
    expect(await countIn(user, SNOOZED_FOLDER_NAME, message!.messageId)).toBe(1);

    running.push(await startBffProcess(sqlite));
    // The row is taken back once the dead instance's heartbeat is stale (10 s).
    await waitFor(async () => (await countIn(user, SNOOZED_FOLDER_NAME, message!.messageId)) === 0, 'the snoozed copy to go', 40_000);
    expect(await countIn(user, 'INBOX', message!.messageId)).toBe(1);
    const store = await openStore({ kind: 'sqlite', path: sqlite });
    try {
      await waitFor(async () => (await rowsOf(store)) === 0, 'the row to go');
    } finally {
      await store.db.destroy();
    }
  }, 60_000);
});
