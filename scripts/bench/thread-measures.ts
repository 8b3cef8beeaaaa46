import type { MessageWindow } from '../../shared/api/messages';
import type { ThreadStack, ThreadWindow } from '../../shared/api/threads';
import { ApiClient } from '../../tests/support/api-client';
import { appendCommand, appendUid, BareImap } from './bare-imap';
import type { BenchStack } from './bench-stack';
import type { ExtraRow } from './mailbox-measures';
import { compare } from './measure';
import type { SeededFolder } from './seed-maildir';

interface User {
  email: string;
  password: string;
}

const WINDOW = 50;

/**
 * Conversations (issue 17) against the flat list of the same folder, both
 * through the BFF: "a folder opens in conversations as fast as the flat list".
 * The seeded folders carry no References, so every message is a thread of its
 * own: the most threads a folder of that size can have, the largest THREAD answer.
 * `closeUser` empties the BFF's pool, so a first open pays for THREAD (and SORT) afresh.
 */
export async function measureThreads(
  bffUrl: string,
  stack: BenchStack,
  folder: SeededFolder,
  user: User,
  options: { reps: number; warmups: number; closeUser: () => Promise<void> },
): Promise<ExtraRow[]> {
  const size = folder.count >= 1000 ? `${folder.count / 1000}k` : String(folder.count);
  const name = encodeURIComponent(folder.name);
  const threadsAt = (offset: number) => `/api/threads?folder=${name}&offset=${offset}&limit=${WINDOW}`;
  const flatAt = (offset: number) => `/api/messages?folder=${name}&offset=${offset}&limit=${WINDOW}&sort=date&order=desc`;
  const signIn = async () => {
    const api = new ApiClient(bffUrl);
    const answer = await api.signIn(user.email, user.password);
    if (!answer.ok) throw new Error(`sign-in failed: ${answer.status}`);
    return api;
  };
  const expectFull = (window: ThreadWindow | MessageWindow) => {
    if (window.items.length !== WINDOW) throw new Error(`a window of ${window.items.length} rows`);
  };
  const rows: ExtraRow[] = [];

  // (t1) Sign in, then the newest 50 rows, on the connection the sign-in opened, a message having
  // arrived since the last visit: the BFF knows nothing of the folder's threads yet (THREAD and SORT).
  const appender = await BareImap.connect(stack.imapHost, stack.imapPort);
  await appender.login(user.email, user.password);
  const appended: number[] = [];
  const arrive = async () => {
    await options.closeUser();
    const uid = appendUid(await appender.command(appendCommand(folder.name, arrival(appended.length))));
    if (uid) appended.push(uid);
  };
  const threads = async () => expectFull(await (await signIn()).json<ThreadWindow>('GET', threadsAt(0)));
  const flat = async () => expectFull(await (await signIn()).json<MessageWindow>('GET', flatAt(0)));
  try {
    const changed = await compare(threads, flat, { warmups: options.warmups, reps: options.reps, beforeEach: arrive });
    rows.push({ id: 't1', title: `${size}: sign-in → newest 50 conversations, new mail since`, ...changed, floorIs: 'the flat list, same steps' });
  } finally {
    if (appended.length > 0) {
      await appender.select(folder.name);
      await appender.command(`UID STORE ${appended.join(',')} +FLAGS.SILENT (\\Deleted)`);
      await appender.command(`UID EXPUNGE ${appended.join(',')}`);
    }
    await appender.logout();
  }
  // (t1') The same, the folder unchanged since this instance last listed it.
  const unchanged = await compare(threads, flat, { warmups: options.warmups, reps: options.reps, beforeEach: options.closeUser });
  rows.push({ id: "t1'", title: `${size}: sign-in → newest 50 conversations, folder unchanged`, ...unchanged, floorIs: 'the flat list, same steps' });

  // (t2) Scrolling on: the next window, the folder's order cached on the pooled connection.
  const api = await signIn();
  const threadCount = (await api.json<ThreadWindow>('GET', threadsAt(0))).total;
  await api.json('GET', flatAt(0));
  let offset = 0;
  // Full windows within the first 5,000 conversations (THREAD=REFERENCES also joins messages by subject: fewer than messages).
  const next = () => (offset = (offset + WINDOW) % Math.max(WINDOW, Math.min(5000, threadCount - WINDOW)));
  const scroll = await compare(
    async () => expectFull(await api.json<ThreadWindow>('GET', threadsAt(next()))),
    async () => expectFull(await api.json<MessageWindow>('GET', flatAt(next()))),
    { warmups: options.warmups, reps: options.reps },
  );
  rows.push({ id: 't2', title: `${size} (${threadCount.toLocaleString('en')} conversations): next 50, warm`, ...scroll, floorIs: 'the flat list, same window' });

  // (t3) Opening the newest conversation: its stack (Sent searched too) against opening the message alone.
  const newest = (await api.json<ThreadWindow>('GET', threadsAt(0))).items[0]!.uid;
  const open = await compare(
    async () => {
      const stack = await api.json<ThreadStack>('GET', `/api/threads/stack?folder=${name}&uid=${newest}`);
      if (stack.items.length === 0) throw new Error('an empty stack');
    },
    async () => void (await api.json('GET', `/api/messages/${newest}?folder=${name}`)),
    { warmups: options.warmups, reps: options.reps },
  );
  rows.push({ id: 't3', title: `${size}: open the newest conversation (its stack)`, ...open, floorIs: 'GET the message alone' });
  return rows;
}

function arrival(n: number): Buffer {
  return Buffer.from(
    [
      `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
      'From: "Late Arrival" <late.arrival@example.com>',
      'To: Bench User <bench@tern-test.example>',
      `Subject: Thread bench arrival #${n}`,
      `Message-ID: <thread-arrival-${Date.now()}-${n}@example.com>`,
      '',
      'New since the last visit.',
      '',
    ].join('\r\n'),
  );
}
