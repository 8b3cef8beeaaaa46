import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MoveResult } from '../../shared/api/actions';
import type { ErrorBody } from '../../shared/errors';
import type { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import { signedInUser } from '../support/signed-in';

describe('message actions through the BFF, checked against the IMAP server directly', () => {
  let bff: RunningBff;
  let api: ApiClient;
  let imap: ImapFlow;

  beforeAll(async () => {
    ({ bff, api, imap } = await signedInUser('actions'));
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  /** Appends messages with unique subjects; returns their UIDs in order. */
  async function seed(folder: string, subjects: string[], flags: string[] = []): Promise<number[]> {
    if (!(await imap.list()).some((mailbox) => mailbox.path === folder)) await imap.mailboxCreate(folder);
    const uids: number[] = [];
    for (const subject of subjects) {
      const raw = `From: Ada <ada@mt-example.com>\r\nSubject: ${subject}\r\nMessage-ID: <${randomBytes(8).toString('hex')}@tern.test>\r\n\r\n${subject}\r\n`;
      const appended = await imap.append(folder, raw, flags);
      if (!appended || !appended.uid) throw new Error('APPEND gave no UID (no UIDPLUS?)');
      uids.push(appended.uid);
    }
    return uids;
  }

  /** Subject → flags of every message in the folder, as the server has them now. */
  async function contents(folder: string): Promise<Map<string, { uid: number; flags: Set<string> }>> {
    const mailbox = await imap.mailboxOpen(folder);
    const result = new Map<string, { uid: number; flags: Set<string> }>();
    if (mailbox.exists === 0) return result;
    for (const message of await imap.fetchAll('1:*', { uid: true, flags: true, envelope: true })) {
      result.set(message.envelope?.subject ?? '', { uid: message.uid, flags: message.flags ?? new Set() });
    }
    return result;
  }

  /** STATUS of a folder; the NOOP first brings this session's view of a selected folder up to date. */
  async function statusOf(folder: string) {
    await imap.noop();
    const status = await imap.status(folder, { messages: true, unseen: true });
    if (!status) throw new Error(`no STATUS for ${folder}`);
    return status;
  }

  const unique = (label: string, count: number) => {
    const stamp = randomBytes(3).toString('hex');
    return Array.from({ length: count }, (_, index) => `${label} ${stamp} ${index}`);
  };

  async function errorOf(response: Response): Promise<ErrorBody> {
    return (await response.json()) as ErrorBody;
  }

  it('sets and clears \\Seen and \\Flagged on the named UIDs only', async () => {
    const subjects = unique('Flags', 4);
    const uids = await seed('Flags', subjects);
    const flags = (flag: string, value: boolean, selected: number[]) =>
      api.request('POST', '/api/messages/flags', { selection: { folder: 'Flags', uids: selected }, flag, value });

    expect((await flags('seen', true, [uids[0]!, uids[2]!])).status).toBe(204);
    expect((await flags('flagged', true, [uids[1]!])).status).toBe(204);
    let now = await contents('Flags');
    expect(subjects.map((subject) => now.get(subject)!.flags.has('\\Seen'))).toEqual([true, false, true, false]);
    expect(subjects.map((subject) => now.get(subject)!.flags.has('\\Flagged'))).toEqual([false, true, false, false]);

    expect((await flags('seen', false, [uids[0]!])).status).toBe(204);
    expect((await flags('flagged', false, [uids[1]!, uids[3]!])).status).toBe(204);
    now = await contents('Flags');
    expect(subjects.map((subject) => now.get(subject)!.flags.has('\\Seen'))).toEqual([false, false, true, false]);
    expect(subjects.map((subject) => now.get(subject)!.flags.has('\\Flagged'))).toEqual([false, false, false, false]);
  });

  it('moves to a user folder and back with the returned UIDs (undo)', async () => {
    const subjects = unique('Move', 3);
    const uids = await seed('Projects', subjects);
    await seed('Archive', []);

    // Named in an order other than the folder's: the answer follows the request.
    const response = await api.json<MoveResult>('POST', '/api/messages/move', {
      selection: { folder: 'Projects', uids: [uids[2]!, uids[0]!] },
      to: 'Archive',
    });
    expect(response).toMatchObject({ count: 2, from: 'Projects', to: 'Archive' });
    const archive = await contents('Archive');
    expect(response.uids).toEqual([archive.get(subjects[2]!)!.uid, archive.get(subjects[0]!)!.uid]);
    expect([...(await contents('Projects')).keys()]).toEqual([subjects[1]]);

    const undo = await api.json<MoveResult>('POST', '/api/messages/move', {
      selection: { folder: 'Archive', uids: response.uids },
      to: 'Projects',
    });
    expect(undo).toMatchObject({ count: 2, from: 'Archive', to: 'Projects' });
    expect([...(await contents('Projects')).keys()].sort()).toEqual([...subjects].sort());
    expect((await contents('Archive')).size).toBe(0);
  });

  it('refuses a move to the same folder (400) or to a folder that does not exist (404), changing nothing', async () => {
    const subjects = unique('Stay', 2);
    const uids = await seed('Stay', subjects);
    const same = await api.request('POST', '/api/messages/move', { selection: { folder: 'Stay', uids }, to: 'Stay' });
    expect(same.status).toBe(400);
    expect((await errorOf(same)).code).toBe('bad_request');

    const missing = await api.request('POST', '/api/messages/move', { selection: { folder: 'Stay', uids }, to: 'No Such Folder' });
    expect(missing.status).toBe(404);
    const body = await errorOf(missing);
    expect(body.code).toBe('not_found');
    expect(body.message).toContain('"No Such Folder"');
    expect([...(await contents('Stay')).keys()].sort()).toEqual([...subjects].sort());

    const empty = await api.request('POST', '/api/messages/move', { selection: { folder: 'Stay', uids: [] }, to: 'Archive' });
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).details).toMatchObject({ fields: { 'selection.uids': 'Select at least one message.' } });

    const noCsrf = await api.request('POST', '/api/messages/move', { selection: { folder: 'Stay', uids }, to: 'Archive' }, { 'x-csrf-token': 'forged' });
    expect(noCsrf.status).toBe(403);
    expect((await contents('Stay')).size).toBe(2);
  });

  it('"Delete" moves to Trash; in Trash it needs confirmation, then expunges exactly the selection', async () => {
    const subjects = unique('Delete', 3);
    const uids = await seed('Doomed', subjects);
    const deleted = await api.json<MoveResult>('POST', '/api/messages/delete', { selection: { folder: 'Doomed', uids: [uids[0]!, uids[1]!] } });
    expect(deleted).toMatchObject({ count: 2, from: 'Doomed', to: 'Trash' });
    let trash = await contents('Trash');
    expect(deleted.uids).toEqual([trash.get(subjects[0]!)!.uid, trash.get(subjects[1]!)!.uid]);
    expect([...(await contents('Doomed')).keys()]).toEqual([subjects[2]]);

    // Another client flagged a Trash message \Deleted without expunging it: it is not ours to expunge.
    const [bystander] = await seed('Trash', unique('Bystander', 1));
    await imap.mailboxOpen('Trash');
    await imap.messageFlagsAdd(String(bystander), ['\\Deleted'], { uid: true });
    const selection = { folder: 'Trash', uids: [trash.get(subjects[0]!)!.uid] };

    const unconfirmed = await api.request('POST', '/api/messages/delete', { selection });
    expect(unconfirmed.status).toBe(400);
    const refusal = await errorOf(unconfirmed);
    expect(refusal.code).toBe('bad_request');
    expect(refusal.message).toMatch(/permanent.*confirm/i);
    expect((await contents('Trash')).size).toBe(trash.size + 1);
    expect((await contents('Trash')).get(subjects[0]!)!.flags.has('\\Deleted')).toBe(false);

    const confirmed = await api.json<MoveResult>('POST', '/api/messages/delete', { selection, permanently: true });
    expect(confirmed).toEqual({ count: 1, from: 'Trash', to: null, uids: null });
    trash = await contents('Trash');
    expect(trash.has(subjects[0]!)).toBe(false);
    expect(trash.has(subjects[1]!)).toBe(true);
    expect(trash.get([...trash.keys()].find((subject) => subject.startsWith('Bystander'))!)?.uid).toBe(bystander);
  });

  it('"Spam" flags $Junk and moves to Spam; "Not Spam" flags $NotJunk and moves to the Inbox', async () => {
    const subjects = unique('Spammy', 2);
    const uids = await seed('INBOX', subjects, ['$NotJunk']);
    const spam = await api.json<MoveResult>('POST', '/api/messages/spam', { selection: { folder: 'INBOX', uids } });
    expect(spam).toMatchObject({ count: 2, from: 'INBOX', to: 'Junk' });
    const junk = await contents('Junk');
    for (const subject of subjects) {
      expect(junk.get(subject)!.flags.has('$Junk')).toBe(true);
      expect(junk.get(subject)!.flags.has('$NotJunk')).toBe(false);
    }

    const ham = await api.json<MoveResult>('POST', '/api/messages/not-spam', { selection: { folder: 'Junk', uids: [junk.get(subjects[0]!)!.uid] } });
    expect(ham).toMatchObject({ count: 1, from: 'Junk', to: 'INBOX' });
    const inbox = await contents('INBOX');
    expect(inbox.get(subjects[0]!)!.flags.has('$NotJunk')).toBe(true);
    expect(inbox.get(subjects[0]!)!.flags.has('$Junk')).toBe(false);
    expect(ham.uids).toEqual([inbox.get(subjects[0]!)!.uid]);
    expect((await contents('Junk')).has(subjects[0]!)).toBe(false);

    // Mail the filter only marked (it stays in the Inbox): "Not Spam" there changes the flags, not the folder.
    const [marked] = await seed('INBOX', unique('Marked', 1), ['$Junk']);
    const inPlace = await api.json<MoveResult>('POST', '/api/messages/not-spam', { selection: { folder: 'INBOX', uids: [marked!] } });
    expect(inPlace).toEqual({ count: 1, from: 'INBOX', to: 'INBOX', uids: [marked] });
    await imap.mailboxOpen('INBOX');
    const flags = (await imap.fetchOne(String(marked), { flags: true }, { uid: true })) || undefined;
    expect([...(flags?.flags ?? [])].sort()).toEqual(['$NotJunk']);
  });

  it('acts on a whole 5,000-message folder: flags all, moves half by named UIDs and the rest by "all"', async () => {
    await imap.mailboxCreate('Big');
    await seed('Big', ['Bulk message']);
    // Doubling COPYs (hard links in Maildir) fill the folder in seconds.
    await imap.mailboxOpen('Big');
    for (let count = 1; count < 5000; count *= 2) await imap.messageCopy(`1:${Math.min(count, 5000 - count)}`, 'Big');
    expect((await statusOf('Big')).messages).toBe(5000);
    await imap.mailboxCreate('Big Copy');

    expect((await api.request('POST', '/api/messages/flags', { selection: { folder: 'Big', all: true }, flag: 'seen', value: true })).status).toBe(204);
    expect((await statusOf('Big')).unseen).toBe(0);

    const all = await imap.mailboxOpen('Big').then(() => imap.search({ all: true }, { uid: true }));
    // Every other UID: 2,500 scattered UIDs are longer than one command line should be.
    const everyOther = (all || []).filter((_, index) => index % 2 === 0);
    const half = await api.json<MoveResult>('POST', '/api/messages/move', { selection: { folder: 'Big', uids: everyOther }, to: 'Big Copy' });
    expect(half.count).toBe(2500);
    expect(new Set(half.uids).size).toBe(2500);

    const rest = await api.json<MoveResult>('POST', '/api/messages/move', { selection: { folder: 'Big', all: true }, to: 'Big Copy' });
    expect(rest.count).toBe(2500);
    expect(rest.uids).toHaveLength(2500);
    expect((await statusOf('Big')).messages).toBe(0);
    expect((await statusOf('Big Copy')).messages).toBe(5000);

    const nothing = await api.json<MoveResult>('POST', '/api/messages/move', { selection: { folder: 'Big', all: true }, to: 'Big Copy' });
    expect(nothing).toEqual({ count: 0, from: 'Big', to: 'Big Copy', uids: [] });
  });

  it('"all" with a search moves only the messages the search finds', async () => {
    const invoices = unique('Invoice', 3);
    const others = unique('Newsletter', 3);
    await seed('Mixed', [invoices[0]!, others[0]!, invoices[1]!, others[1]!, invoices[2]!, others[2]!]);
    const result = await api.json<MoveResult>('POST', '/api/messages/move', {
      selection: { folder: 'Mixed', all: true, search: 'invoice', searchIn: 'subject' },
      to: 'Archive',
    });
    expect(result.count).toBe(3);
    expect([...(await contents('Mixed')).keys()].sort()).toEqual([...others].sort());
    const archive = await contents('Archive');
    for (const subject of invoices) expect(archive.has(subject)).toBe(true);

    // Non-ASCII search text (CHARSET UTF-8) and a non-ASCII folder name (modified UTF-7 on the wire).
    const greetings = unique('Grüße aus Köln', 2);
    await seed('Mixed', greetings);
    await imap.mailboxCreate('Rechnungen März');
    const umlauts = await api.json<MoveResult>('POST', '/api/messages/move', {
      selection: { folder: 'Mixed', all: true, search: 'grüße', searchIn: 'subject' },
      to: 'Rechnungen März',
    });
    expect(umlauts).toMatchObject({ count: 2, to: 'Rechnungen März' });
    expect([...(await contents('Rechnungen März')).keys()].sort()).toEqual([...greetings].sort());

    const none = await api.json<MoveResult>('POST', '/api/messages/delete', {
      selection: { folder: 'Mixed', all: true, search: 'no such words anywhere', searchIn: 'body' },
    });
    expect(none.count).toBe(0);
    expect((await contents('Mixed')).size).toBe(3);
  });

  it('acts on mail that arrived after the folder was last used on the BFF\'s pooled connection', async () => {
    const [first] = await seed('Fresh', unique('First', 1));
    expect((await api.request('POST', '/api/messages/seen', { folder: 'Fresh', uids: [first] , seen: true })).status).toBe(204);
    const later = unique('Later', 2);
    const [seenLater, deletedLater] = await seed('Fresh', later);
    expect((await api.request('POST', '/api/messages/seen', { folder: 'Fresh', uids: [seenLater], seen: true })).status).toBe(204);
    expect((await contents('Fresh')).get(later[0]!)!.flags.has('\\Seen')).toBe(true);
    const deleted = await api.json<MoveResult>('POST', '/api/messages/delete', { selection: { folder: 'Fresh', uids: [deletedLater] } });
    expect(deleted.count).toBe(1);
    expect((await contents('Fresh')).has(later[1]!)).toBe(false);
  });

  it('answers 404 for a selection in a folder that does not exist', async () => {
    const response = await api.request('POST', '/api/messages/flags', { selection: { folder: 'Nowhere', uids: [1] }, flag: 'seen', value: true });
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('not_found');
  });
});
