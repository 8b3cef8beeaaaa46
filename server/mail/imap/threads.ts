import { LRUCache } from 'lru-cache';
import type { FetchMessageObject, FetchQueryObject, ImapFlow, SearchObject } from 'imapflow';
import type { StackedMessage, ThreadStack, ThreadStackQuery, ThreadSummary, ThreadWindow, ThreadWindowQuery } from '../../../shared/api/threads';
import { DomainError } from '../../domain-error';
import type { PooledConnection } from './connection-pool';
import { fetchRowsAndFlags, fetchSummaries } from './list-rows';
import { openFolder, sortOrder } from './message-window';
import { sameFolder, specialFolderPath } from './special-folders';
import { runThreadCommand } from './thread-line';
import { messageIds, threadsFromHeaders, ThreadOrder, type MessageLinks } from './thread-order';

/** A row names its senders from this many of the thread's newest messages: a 500-message thread costs no more. */
const PARTICIPANT_SAMPLE = 10;
/** Message-IDs the conversation references, looked for in Sent, newest first; a reply older than these is missed in a huge thread. */
const SENT_LOOKUP_IDS = 100;
/** Sent messages read for answers to a conversation: those sent since it began, the newest this many. */
const SENT_SCAN_LIMIT = 2_000;
/** Message-IDs per Sent SEARCH: keeps each command line short. */
const SENT_SEARCH_CHUNK = 20;
const LINK_FETCH_QUERY: FetchQueryObject = { uid: true, envelope: true, internalDate: true, headers: ['references'] };

/**
 * Orders learnt on any connection of this instance, by login and folder, for
 * the next connection (a new sign-in): right after a SELECT, UIDVALIDITY,
 * UIDNEXT and EXISTS name the folder's UIDs exactly (an arrival raises
 * UIDNEXT, a removal without one lowers EXISTS), and the same UIDs make the
 * same threads. Bounded by the UIDs held (a 100,000-message order is under 1 MB).
 */
const recentOrders = new LRUCache<string, { stamp: string; order: ThreadOrder }>({
  maxSize: 4_000_000,
  sizeCalculation: (entry) => entry.order.size + 1,
});

/** A window of a folder's conversations, newest first: the order comes from the cache, the rows from one or two FETCHes. */
export async function fetchThreadWindow(connection: PooledConnection, query: ThreadWindowQuery): Promise<ThreadWindow> {
  const order = await threadOrderOf(connection, query.folder);
  const threads = order.window(query.offset, query.limit);
  const items = threads.length === 0 ? [] : await summarise(connection, threads);
  return { folder: query.folder, total: order.total, offset: query.offset, items };
}

/**
 * The folder's conversations, from the connection's cache while the folder is
 * unchanged (the pool forgets a folder's orders at EXISTS and EXPUNGE).
 */
export async function threadOrderOf(connection: PooledConnection, folder: string): Promise<ThreadOrder> {
  const { client } = connection;
  const wasSelected = await openFolder(client, folder);
  // As for a flat list: THREAD and SORT see only what this connection's view was told of.
  if (wasSelected) await client.noop();
  const mailbox = client.mailbox;
  if (!mailbox) throw new Error('no folder selected');
  const variant = [mailbox.uidValidity, mailbox.exists].join('\0');
  const cached = connection.threadOrders.get(mailbox.path, variant);
  if (cached) return cached;
  // Only a SELECT made now has the server's UIDNEXT (imapflow does not follow it afterwards).
  const stamp = wasSelected ? null : [mailbox.uidValidity, mailbox.uidNext, mailbox.exists].join(':');
  const sharedKey = `${connection.login}\0${mailbox.path}`;
  const recent = stamp ? recentOrders.get(sharedKey) : undefined;
  if (recent && recent.stamp === stamp) {
    connection.threadOrders.set(mailbox.path, variant, recent.order);
    return recent.order;
  }
  const dateOrder = await sortOrder(connection, { sort: 'date', search: undefined, searchIn: 'subject' });
  const groups = mailbox.exists === 0 ? [] : await threadGroups(client);
  const order = ThreadOrder.build(groups, dateOrder.window(0, dateOrder.total));
  connection.threadOrders.set(mailbox.path, variant, order);
  if (stamp) recentOrders.set(sharedKey, { stamp, order });
  return order;
}

/**
 * The server's threads: Dovecot's THREAD=REFS where offered (References and
 * In-Reply-To only, as asked; REFERENCES also joins unrelated mail by subject
 * and took twice as long at 1,000 messages: 37 ms against 18), else
 * THREAD=REFERENCES, else grouped here from the headers.
 */
async function threadGroups(client: ImapFlow): Promise<number[][]> {
  const algorithm = ['REFS', 'REFERENCES'].find((name) => client.capabilities.has(`THREAD=${name}`));
  if (algorithm) {
    return runThreadCommand(client, algorithm);
  }
  const messages = await client.fetchAll('1:*', LINK_FETCH_QUERY);
  return threadsFromHeaders(messages.map(linksOf));
}

function linksOf(message: FetchMessageObject): MessageLinks {
  return {
    uid: message.uid,
    messageId: message.envelope?.messageId ?? null,
    inReplyTo: message.envelope?.inReplyTo ?? null,
    references: referencesOf(message.headers),
  };
}

/** The References header's value from a HEADER.FIELDS answer, unfolded. */
function referencesOf(headers: Buffer | undefined): string | null {
  if (!headers) return null;
  const value = headers.toString('latin1').replace(/\r?\n[ \t]+/g, ' ').replace(/^references:/i, '').trim();
  return value || null;
}

/** Thread rows: the newest messages' rows (cached, see list-rows.ts) name the senders; the rest add only their flags, in the same flags FETCH. */
async function summarise(connection: PooledConnection, threads: ReadonlyArray<readonly number[]>): Promise<ThreadSummary[]> {
  const sampled = [...new Set(threads.flatMap((thread) => thread.slice(-PARTICIPANT_SAMPLE)))];
  const rest = threads.flatMap((thread) => thread.slice(0, -PARTICIPANT_SAMPLE));
  const { rows, flags } = await fetchRowsAndFlags(connection, sampled, rest);
  return threads.flatMap((thread) => {
    const present = thread.filter((uid) => flags.has(uid));
    const newest = rows.get(present[present.length - 1] ?? 0);
    if (!newest) return [];
    const participants = new Map<string, string>();
    for (const uid of present) {
      const from = rows.get(uid)?.from;
      if (from?.address && !participants.has(from.address.toLowerCase())) participants.set(from.address.toLowerCase(), shortName(from.name, from.address));
    }
    const unread = present.filter((uid) => !flags.get(uid)?.seen);
    return [
      {
        uid: newest.uid,
        uids: present,
        subject: newest.subject,
        date: newest.date,
        participants: [...participants.values()],
        count: present.length,
        unread: unread.length,
        unreadUids: unread,
        flagged: present.some((uid) => flags.get(uid)?.flagged ?? false),
      },
    ];
  });
}

/** "Ada Lovelace" → "Ada"; no name: the address's local part. */
export function shortName(name: string | undefined, address: string): string {
  const first = name?.trim().split(/\s+/)[0]?.replace(/[",]/g, '');
  return first || address.split('@')[0] || address;
}

function dateOf(message: FetchMessageObject): string {
  const date = message.envelope?.date ?? message.internalDate;
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : new Date(0).toISOString();
}

interface StackEntry {
  folder: string;
  uid: number;
  date: string;
}

/**
 * The conversation holding `uid`, newest first, a window at a time: its
 * messages in the folder and the user's own replies found in Sent (those
 * whose Message-ID the thread references, or which reference the thread).
 * A message that is in both (a copy to oneself) shows once, from the folder.
 */
export async function fetchThreadStack(connection: PooledConnection, query: ThreadStackQuery): Promise<ThreadStack> {
  const { client } = connection;
  const order = await threadOrderOf(connection, query.folder);
  const thread = order.threadOf(query.uid);
  if (!thread) throw new DomainError('not_found', 'This conversation is no longer in the folder.');
  const links = await client.fetchAll(thread.join(','), LINK_FETCH_QUERY, { uid: true });
  const entries: StackEntry[] = links.map((message) => ({ folder: query.folder, uid: message.uid, date: dateOf(message) }));

  const sentPath = await specialFolderPath(client, 'sent').catch(() => null);
  const sentSummaries = new Map<number, StackedMessage>();
  if (sentPath && !sameFolder(sentPath, query.folder)) {
    const replyKey = [connection.login, sentPath, query.folder, client.mailbox ? String(client.mailbox.uidValidity) : '', thread.join(',')].join('\0');
    for (const summary of await knownSentReplies(client, sentPath, replyKey, () => sentReplies(connection, sentPath, links.map(linksOf), oldestDate(entries)))) {
      sentSummaries.set(summary.uid, summary);
      entries.push({ folder: sentPath, uid: summary.uid, date: summary.date });
    }
  }
  entries.sort((a, b) => b.date.localeCompare(a.date) || b.uid - a.uid);
  const window = entries.slice(query.offset, query.offset + query.limit);
  const inFolder = window.filter((entry) => entry.folder === query.folder).map((entry) => entry.uid);
  await openFolder(client, query.folder);
  const folderSummaries = new Map((inFolder.length === 0 ? [] : await fetchSummaries(connection, inFolder)).map((summary) => [summary.uid, { ...summary, folder: query.folder }]));
  const items = window.flatMap((entry) => (entry.folder === query.folder ? folderSummaries.get(entry.uid) : sentSummaries.get(entry.uid)) ?? []);
  return { folder: query.folder, uids: [...thread], total: entries.length, offset: query.offset, items };
}

/**
 * A conversation's replies from Sent, found last time, by login, folder and
 * thread: reused while Sent's STATUS (UIDVALIDITY, UIDNEXT, MESSAGES and
 * HIGHESTMODSEQ, which moves with every flag change) is what it was, so
 * reopening a thread neither SELECTs Sent and the folder again nor searches.
 * Without CONDSTORE a flag change would go unseen: then Sent is always searched.
 */
const sentRepliesSeen = new LRUCache<string, { stamp: string; replies: StackedMessage[] }>({ max: 2_000 });

async function knownSentReplies(client: ImapFlow, sentPath: string, key: string, search: () => Promise<StackedMessage[]>): Promise<StackedMessage[]> {
  if (!client.capabilities.has('CONDSTORE')) return search();
  const status = await client.status(sentPath, { uidValidity: true, uidNext: true, messages: true, highestModseq: true });
  if (!status) return search();
  const stamp = [status.uidValidity, status.uidNext, status.messages, status.highestModseq].join(':');
  const seen = sentRepliesSeen.get(key);
  if (seen?.stamp === stamp) return seen.replies;
  const replies = await search();
  sentRepliesSeen.set(key, { stamp, replies });
  return replies;
}

/**
 * The user's messages in Sent that belong to this conversation, as list rows;
 * leaves Sent selected. Those the thread references are found by Message-ID
 * (a header the full-text index holds); those that answer the thread are found
 * by reading In-Reply-To and References of what was sent since the thread
 * began: SEARCH HEADER on those two finds nothing where the index leaves them
 * out (Dovecot's fts-xapian does), so a reply nobody has answered yet was missed.
 */
async function sentReplies(connection: PooledConnection, sentPath: string, thread: MessageLinks[], since: Date): Promise<StackedMessage[]> {
  const { client } = connection;
  const newestFirst = [...thread].reverse();
  const own = new Set(newestFirst.flatMap((message) => messageIds(message.messageId)));
  const referenced = [...new Set(newestFirst.flatMap((message) => [...messageIds(message.inReplyTo), ...messageIds(message.references)]))].filter((id) => !own.has(id));
  await openFolder(client, sentPath);
  const found = new Set<number>();
  const terms = referenced.slice(0, SENT_LOOKUP_IDS).map((id) => headerTerm('Message-ID', id));
  for (let start = 0; start < terms.length; start += SENT_SEARCH_CHUNK) {
    const chunk = terms.slice(start, start + SENT_SEARCH_CHUNK);
    const uids = await client.search(chunk.length === 1 ? chunk[0]! : { or: chunk }, { uid: true });
    for (const uid of uids || []) found.add(uid);
  }
  // A day's margin: a Sent copy's arrival time is the sender's clock, the thread's dates the writers'.
  const sentSince = (await client.search({ since: new Date(since.getTime() - 86_400_000) }, { uid: true })) || [];
  const scanned = sentSince.slice(-SENT_SCAN_LIMIT);
  if (own.size > 0 && scanned.length > 0) {
    for (const message of await client.fetchAll(scanned.join(','), { uid: true, headers: ['in-reply-to', 'references'] }, { uid: true })) {
      if (messageIds(message.headers?.toString('latin1') ?? null).some((id) => own.has(id))) found.add(message.uid);
    }
  }
  if (found.size === 0) return [];
  // A copy the user sent to themselves is in the thread already, by its Message-ID.
  const envelopes = await client.fetchAll([...found].join(','), { uid: true, envelope: true }, { uid: true });
  const replies = envelopes.filter((message) => !messageIds(message.envelope?.messageId ?? null).some((id) => own.has(id))).map((message) => message.uid);
  if (replies.length === 0) return [];
  return (await fetchSummaries(connection, replies.sort((a, b) => a - b))).map((summary) => ({ ...summary, folder: sentPath }));
}

function oldestDate(entries: readonly StackEntry[]): Date {
  const oldest = Math.min(...entries.map((entry) => Date.parse(entry.date)));
  return new Date(Number.isFinite(oldest) ? oldest : 0);
}

function headerTerm(name: string, id: string): SearchObject {
  return { header: { [name]: `<${id}>` } };
}
