import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MoveResult } from '../../shared/api/actions';
import type { FolderList } from '../../shared/api/folders';
import type { ThreadStack, ThreadSummary, ThreadWindow } from '../../shared/api/threads';
import type { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import type { TestUser } from '../support/stack';
import { signedInUser } from '../support/signed-in';
import { atom, runRawCommand } from '../../server/mail/imap/raw-command';
import { runThreadCommand } from '../../server/mail/imap/thread-line';
import { parseThreadResponse } from '../../server/mail/imap/thread-order';

interface Letter {
  id: string;
  from: string;
  subject: string;
  date: string;
  inReplyTo?: string;
  references?: string[];
}

describe('conversations: threads of a folder with the replies from Sent, through the BFF against Dovecot', () => {
  let bff: RunningBff;
  let api: ApiClient;
  let imap: ImapFlow;
  let user: TestUser;
  let sent: string;
  let trash: string;

  beforeAll(async () => {
    ({ bff, api, imap, user } = await signedInUser('threads'));
    const folders = await api.json<FolderList>('GET', '/api/folders');
    sent = folders.folders.find((folder) => folder.specialUse === 'sent')!.path;
    trash = folders.folders.find((folder) => folder.specialUse === 'trash')!.path;
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  const stamp = () => randomBytes(4).toString('hex');

  async function append(folder: string, letter: Letter, flags: string[] = []): Promise<number> {
    const headers = [
      `From: ${letter.from}`,
      `To: ${user.email}`,
      `Subject: ${letter.subject}`,
      `Date: ${letter.date}`,
      `Message-ID: <${letter.id}>`,
      ...(letter.inReplyTo ? [`In-Reply-To: <${letter.inReplyTo}>`] : []),
      ...(letter.references ? [`References: ${letter.references.map((id) => `<${id}>`).join(' ')}`] : []),
    ];
    const appended = await imap.append(folder, `${headers.join('\r\n')}\r\n\r\n${letter.subject}\r\n`, flags);
    if (!appended || !appended.uid) throw new Error('APPEND gave no UID');
    return appended.uid;
  }

  const threadsOf = (folder: string) => api.json<ThreadWindow>('GET', `/api/threads?folder=${encodeURIComponent(folder)}&offset=0&limit=200`);
  const threadWith = (window: ThreadWindow, uid: number): ThreadSummary | undefined => window.items.find((thread) => thread.uids.includes(uid));

  it('groups a conversation in the Inbox, counts and unread counts it, and stacks it with the user’s reply from Sent', async () => {
    const s = stamp();
    const root = { id: `root.${s}@mt-example.com`, from: 'Ada Lovelace <ada@mt-example.com>', subject: `Engines ${s}`, date: 'Mon, 01 Jun 2026 09:00:00 +0000' };
    const mine = { id: `mine.${s}@tern-test.example`, from: user.email, subject: `Re: Engines ${s}`, date: 'Mon, 01 Jun 2026 10:00:00 +0000', inReplyTo: root.id, references: [root.id] };
    const bob = { id: `bob.${s}@mt-example.org`, from: 'Bob Babbage <bob@mt-example.org>', subject: `Re: Engines ${s}`, date: 'Mon, 01 Jun 2026 11:00:00 +0000', inReplyTo: mine.id, references: [root.id, mine.id] };
    const other = { id: `other.${s}@mt-example.com`, from: 'Cy <cy@mt-example.com>', subject: `Lunch ${s}`, date: 'Sun, 31 May 2026 12:00:00 +0000' };
    const rootUid = await append('INBOX', root, ['\\Seen']);
    const sentUid = await append(sent, mine, ['\\Seen']);
    const bobUid = await append('INBOX', bob);
    const otherUid = await append('INBOX', other);

    const window = await threadsOf('INBOX');
    const thread = threadWith(window, bobUid)!;
    expect(thread).toMatchObject({ uid: bobUid, uids: [rootUid, bobUid], count: 2, unread: 1, participants: ['Ada', 'Bob'], subject: bob.subject });
    expect(threadWith(window, otherUid)).toMatchObject({ uids: [otherUid], count: 1, unread: 1 });
    // Newest thread first: Bob's reply is newer than Cy's message.
    expect(window.items.indexOf(thread)).toBeLessThan(window.items.indexOf(threadWith(window, otherUid)!));

    const stack = await api.json<ThreadStack>('GET', `/api/threads/stack?folder=INBOX&uid=${rootUid}`);
    expect(stack.uids).toEqual([rootUid, bobUid]);
    expect(stack.total).toBe(3);
    expect(stack.items.map((item) => [item.folder, item.uid])).toEqual([
      ['INBOX', bobUid],
      [sent, sentUid],
      ['INBOX', rootUid],
    ]);

    // Windows of the stack: the oldest alone.
    const older = await api.json<ThreadStack>('GET', `/api/threads/stack?folder=INBOX&uid=${bobUid}&offset=2&limit=2`);
    expect(older.items.map((item) => item.uid)).toEqual([rootUid]);
  });

  it('stacks the user’s reply from Sent that nobody has answered yet', async () => {
    const s = stamp();
    const root = { id: `ask.${s}@mt-example.com`, from: 'Ada <ada@mt-example.com>', subject: `Question ${s}`, date: 'Mon, 01 Jun 2026 09:00:00 +0000' };
    const rootUid = await append('INBOX', root);
    const replyUid = await append(sent, { id: `answer.${s}@tern-test.example`, from: user.email, subject: `Re: Question ${s}`, date: 'Mon, 01 Jun 2026 10:00:00 +0000', inReplyTo: root.id, references: [root.id] }, ['\\Seen']);
    const stack = await api.json<ThreadStack>('GET', `/api/threads/stack?folder=INBOX&uid=${rootUid}`);
    expect(stack.items.map((item) => [item.folder, item.uid])).toEqual([[sent, replyUid], ['INBOX', rootUid]]);
  });

  it('reopening a thread shows what another mail app changed in Sent since: a flag, a reply deleted', async () => {
    const s = stamp();
    const root = { id: `again.${s}@mt-example.com`, from: 'Ada <ada@mt-example.com>', subject: `Again ${s}`, date: 'Mon, 01 Jun 2026 09:00:00 +0000' };
    const mine = { id: `mine.${s}@tern-test.example`, from: user.email, subject: `Re: Again ${s}`, date: 'Mon, 01 Jun 2026 10:00:00 +0000', inReplyTo: root.id, references: [root.id] };
    const rootUid = await append('INBOX', root);
    const mineUid = await append(sent, mine, ['\\Seen']);
    const bobUid = await append('INBOX', { id: `bob.${s}@mt-example.org`, from: 'Bob <bob@mt-example.org>', subject: `Re: Again ${s}`, date: 'Mon, 01 Jun 2026 11:00:00 +0000', inReplyTo: mine.id, references: [root.id, mine.id] });
    const open = async () => (await api.json<ThreadStack>('GET', `/api/threads/stack?folder=INBOX&uid=${rootUid}`)).items.map((item) => [item.folder, item.uid, item.flags.flagged]);
    expect(await open()).toEqual([['INBOX', bobUid, false], [sent, mineUid, false], ['INBOX', rootUid, false]]);

    await imap.mailboxOpen(sent);
    await imap.messageFlagsAdd(String(mineUid), ['\\Flagged'], { uid: true });
    expect(await open()).toEqual([['INBOX', bobUid, false], [sent, mineUid, true], ['INBOX', rootUid, false]]);

    await imap.messageDelete(String(mineUid), { uid: true });
    expect(await open()).toEqual([['INBOX', bobUid, false], ['INBOX', rootUid, false]]);
  });

  it('keeps unrelated mail with the same subject apart: threads come from References and In-Reply-To only', async () => {
    const s = stamp();
    const first = await append('INBOX', { id: `hi1.${s}@mt-example.com`, from: 'Ada <ada@mt-example.com>', subject: `Hello ${s}`, date: 'Tue, 02 Jun 2026 09:00:00 +0000' });
    const second = await append('INBOX', { id: `hi2.${s}@mt-example.org`, from: 'Bob <bob@mt-example.org>', subject: `Re: Hello ${s}`, date: 'Tue, 02 Jun 2026 10:00:00 +0000' });
    const window = await threadsOf('INBOX');
    expect(threadWith(window, first)?.uids).toEqual([first]);
    expect(threadWith(window, second)?.uids).toEqual([second]);
  });

  it('shows a thread whose root is missing, and puts a message with broken References in one thread only', async () => {
    const s = stamp();
    const folder = `Threads-${s}`;
    await imap.mailboxCreate(folder);
    const absent = `absent.${s}@mt-example.com`;
    const orphanA = await append(folder, { id: `a.${s}@mt-example.com`, from: 'Ada <ada@mt-example.com>', subject: `Re: Gone ${s}`, date: 'Tue, 02 Jun 2026 09:00:00 +0000', inReplyTo: absent, references: [absent] });
    const orphanB = await append(folder, { id: `b.${s}@mt-example.com`, from: 'Bob <bob@mt-example.org>', subject: `Re: Gone ${s}`, date: 'Tue, 02 Jun 2026 10:00:00 +0000', inReplyTo: absent, references: [absent] });
    const g = await append(folder, { id: `g.${s}@mt-example.com`, from: 'Gus <gus@mt-example.com>', subject: `Garden ${s}`, date: 'Wed, 03 Jun 2026 09:00:00 +0000' });
    const h = await append(folder, { id: `h.${s}@mt-example.com`, from: 'Hal <hal@mt-example.com>', subject: `Harbour ${s}`, date: 'Wed, 03 Jun 2026 09:30:00 +0000' });
    const broken = await append(folder, {
      id: `x.${s}@mt-example.com`,
      from: 'Xi <xi@mt-example.com>',
      subject: `Mixed ${s}`,
      date: 'Wed, 03 Jun 2026 10:00:00 +0000',
      references: [`g.${s}@mt-example.com`, `h.${s}@mt-example.com`],
    });

    const window = await threadsOf(folder);
    expect(threadWith(window, orphanA)).toMatchObject({ uids: [orphanA, orphanB], count: 2, participants: ['Ada', 'Bob'] });
    const everyUid = window.items.flatMap((thread) => thread.uids);
    expect(everyUid.sort((a, b) => a - b)).toEqual([orphanA, orphanB, g, h, broken]);
    expect(window.items.filter((thread) => thread.uids.includes(broken))).toHaveLength(1);
    expect(window.total).toBe(window.items.length);

    const stack = await api.json<ThreadStack>('GET', `/api/threads/stack?folder=${encodeURIComponent(folder)}&uid=${orphanB}`);
    expect(stack.items.map((item) => item.uid)).toEqual([orphanB, orphanA]);
  });

  it('reads Dovecot’s THREAD answer from its bytes, as imapflow’s own parser reads it, and imapflow still sees the answer', async () => {
    const s = stamp();
    const folder = `Threads-raw-${s}`;
    await imap.mailboxCreate(folder);
    const root = await append(folder, { id: `r.${s}@mt-example.com`, from: 'Ada <ada@mt-example.com>', subject: `Plan ${s}`, date: 'Mon, 01 Jun 2026 09:00:00 +0000' });
    const reply = await append(folder, { id: `p.${s}@mt-example.com`, from: 'Bob <bob@mt-example.org>', subject: `Re: Plan ${s}`, date: 'Mon, 01 Jun 2026 10:00:00 +0000', inReplyTo: `r.${s}@mt-example.com` });
    const absent = `absent.${s}@mt-example.com`;
    const orphans = [
      await append(folder, { id: `o1.${s}@mt-example.com`, from: 'Cy <cy@mt-example.com>', subject: `Re: Gone ${s}`, date: 'Tue, 02 Jun 2026 09:00:00 +0000', references: [absent] }),
      await append(folder, { id: `o2.${s}@mt-example.com`, from: 'Di <di@mt-example.com>', subject: `Re: Gone ${s}`, date: 'Tue, 02 Jun 2026 10:00:00 +0000', references: [absent] }),
    ];
    const alone = await append(folder, { id: `l.${s}@mt-example.com`, from: 'Eve <eve@mt-example.com>', subject: `Lone ${s}`, date: 'Wed, 03 Jun 2026 09:00:00 +0000' });
    await imap.mailboxOpen(folder);

    const client = imap as unknown as { handleResponse: (data: { payload: Buffer }) => Promise<boolean> };
    const lines: string[] = [];
    const imapflowOwn = client.handleResponse;
    client.handleResponse = function (data) {
      lines.push(data.payload.toString());
      return imapflowOwn.call(this, data);
    };
    let read: number[][];
    try {
      read = await runThreadCommand(imap, 'REFS');
    } finally {
      delete (client as Partial<typeof client>).handleResponse;
    }
    // The line reached imapflow without its numbers: they were read here.
    expect(lines).toContain('* THREAD');
    const parsedByImapflow = parseThreadResponse(await runRawCommand(imap, 'UID THREAD', [atom('REFS'), atom('UTF-8'), atom('ALL')], 'THREAD'));
    expect(read).toEqual(parsedByImapflow);
    const sorted = (threads: number[][]) => threads.map((thread) => [...thread].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
    expect(sorted(read)).toEqual([[root, reply], orphans, [alone]]);
  });

  it('deletes a whole thread from the folder by its UIDs and brings it back with undo', async () => {
    const s = stamp();
    const first = { id: `one.${s}@mt-example.com`, from: 'Ada <ada@mt-example.com>', subject: `Plans ${s}`, date: 'Thu, 04 Jun 2026 09:00:00 +0000' };
    const uids = [
      await append('INBOX', first),
      await append('INBOX', { id: `two.${s}@mt-example.com`, from: 'Bob <bob@mt-example.org>', subject: `Re: Plans ${s}`, date: 'Thu, 04 Jun 2026 10:00:00 +0000', inReplyTo: first.id, references: [first.id] }),
      await append('INBOX', { id: `three.${s}@mt-example.com`, from: 'Ada <ada@mt-example.com>', subject: `Re: Plans ${s}`, date: 'Thu, 04 Jun 2026 11:00:00 +0000', inReplyTo: `two.${s}@mt-example.com`, references: [first.id, `two.${s}@mt-example.com`] }),
    ];
    const thread = threadWith(await threadsOf('INBOX'), uids[0]!)!;
    expect(thread.uids).toEqual(uids);

    const marked = await api.request('POST', '/api/messages/flags', { selection: { folder: 'INBOX', uids: thread.uids }, flag: 'seen', value: true });
    expect(marked.status).toBe(204);
    expect(threadWith(await threadsOf('INBOX'), uids[0]!)).toMatchObject({ count: 3, unread: 0 });

    const deleted = await api.json<MoveResult>('POST', '/api/messages/delete', { selection: { folder: 'INBOX', uids: thread.uids } });
    expect(deleted).toMatchObject({ count: 3, from: 'INBOX', to: trash });
    expect(threadWith(await threadsOf('INBOX'), uids[0]!)).toBeUndefined();
    const inTrash = await threadsOf(trash);
    expect(inTrash.items.find((item) => item.subject === `Re: Plans ${s}`)).toMatchObject({ count: 3 });

    // "Undo": the move back by the UIDs the server gave.
    const back = await api.json<MoveResult>('POST', '/api/messages/move', { selection: { folder: trash, uids: deleted.uids }, to: 'INBOX' });
    expect(back.count).toBe(3);
    const restored = (await threadsOf('INBOX')).items.find((item) => item.subject === `Re: Plans ${s}`);
    expect(restored).toMatchObject({ count: 3, unread: 0, participants: ['Ada', 'Bob'] });
  });

  it('counts a 500-message thread in one row and serves its stack a window at a time', async () => {
    const s = stamp();
    const folder = `Long-${s}`;
    await imap.mailboxCreate(folder);
    const ids = Array.from({ length: 500 }, (_, index) => `m${index}.${s}@mt-example.com`);
    const base = Date.UTC(2026, 5, 10);
    const raw = ids.map((id, index) =>
      [
        `From: ${index % 2 ? 'Ada <ada@mt-example.com>' : 'Bob <bob@mt-example.org>'}`,
        `Subject: ${index ? 'Re: ' : ''}Long ${s}`,
        `Date: ${new Date(base + index * 60_000).toUTCString()}`,
        `Message-ID: <${id}>`,
        ...(index ? [`In-Reply-To: <${ids[index - 1]}>`, `References: <${ids[0]}> <${ids[index - 1]}>`] : []),
        '',
        `Message ${index}`,
        '',
      ].join('\r\n'),
    );
    for (const message of raw) await imap.append(folder, message);

    const window = await threadsOf(folder);
    expect(window.total).toBe(1);
    expect(window.items[0]).toMatchObject({ count: 500, unread: 500 });
    expect([...window.items[0]!.participants].sort()).toEqual(['Ada', 'Bob']);
    const newest = window.items[0]!.uid;
    const first = await api.json<ThreadStack>('GET', `/api/threads/stack?folder=${encodeURIComponent(folder)}&uid=${newest}`);
    expect(first.total).toBe(500);
    expect(first.uids).toHaveLength(500);
    expect(first.items).toHaveLength(20);
    expect(first.items[0]!.uid).toBe(newest);
    const next = await api.json<ThreadStack>('GET', `/api/threads/stack?folder=${encodeURIComponent(folder)}&uid=${newest}&offset=20&limit=20`);
    expect(next.items.map((item) => item.subject)).toEqual(Array(20).fill(`Re: Long ${s}`));
    expect(new Set([...first.items, ...next.items].map((item) => item.uid)).size).toBe(40);
  });

  it('a new connection reuses the folder’s threads only while the folder is unchanged', async () => {
    const s = stamp();
    const folder = `Fresh-${s}`;
    await imap.mailboxCreate(folder);
    const root = { id: `r.${s}@mt-example.com`, from: 'Ada <ada@mt-example.com>', subject: `Fresh ${s}`, date: 'Fri, 05 Jun 2026 09:00:00 +0000' };
    const rootUid = await append(folder, root);
    const listed = async () => {
      // Every request on a new IMAP connection: a fresh SELECT each time.
      await bff.deps.imap.closeUser(user.email);
      return threadsOf(folder);
    };
    expect((await listed()).items).toMatchObject([{ uids: [rootUid], count: 1 }]);
    expect((await listed()).items).toMatchObject([{ uids: [rootUid], count: 1 }]);

    const reply = await append(folder, { id: `q.${s}@mt-example.com`, from: 'Bob <bob@mt-example.org>', subject: `Re: Fresh ${s}`, date: 'Fri, 05 Jun 2026 10:00:00 +0000', inReplyTo: root.id, references: [root.id] });
    expect((await listed()).items).toMatchObject([{ uids: [rootUid, reply], count: 2 }]);

    // One out, one in: as many messages as before, other UIDs.
    await imap.mailboxOpen(folder);
    await imap.messageDelete(String(rootUid), { uid: true });
    const other = await append(folder, { id: `o.${s}@mt-example.com`, from: 'Cy <cy@mt-example.com>', subject: `Other ${s}`, date: 'Fri, 05 Jun 2026 11:00:00 +0000' });
    const after = await listed();
    expect(after.items.map((thread) => thread.uids)).toEqual([[other], [reply]]);
  });

  it('refuses a bad query with a clear error and a message that is not there with 404', async () => {
    expect((await api.request('GET', '/api/threads?folder=INBOX&limit=0')).status).toBe(400);
    const missing = await api.request('GET', '/api/threads/stack?folder=INBOX&uid=999999');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toBe('This conversation is no longer in the folder.');
  });
});
