import type { RawAttribute } from './raw-command';

/**
 * A folder's conversations, newest first: the threads the server (THREAD) or
 * the headers (threadsFromHeaders) gave, each a list of UIDs, ordered by their
 * newest message in the folder's date order. Built once per folder state and
 * cached, so every window of the list after the first is a slice.
 */
export class ThreadOrder {
  private constructor(
    /** Every UID, newest thread first, each thread oldest first: typed arrays keep 100,000 UIDs under a megabyte. */
    private readonly uids: Int32Array,
    /** Where each thread starts in `uids`, and one past the last. */
    private readonly starts: Int32Array,
    /** Thread position by UID (-1: not in the folder). */
    private readonly threadIndex: Int32Array,
  ) {}

  /**
   * `dateOrder` is every UID of the folder, oldest first. A UID the grouping
   * left out (mail that arrived between the two commands) becomes a thread of
   * its own; one the grouping named twice (it never should) counts once; one
   * missing from the date order (just expunged) is dropped. Linear but for the
   * sort inside each thread: newest positions are unique, so they bucket the threads.
   */
  static build(groups: readonly (readonly number[])[], dateOrder: readonly number[]): ThreadOrder {
    let maxUid = 0;
    for (const uid of dateOrder) if (uid > maxUid) maxUid = uid;
    const rank = new Int32Array(maxUid + 1).fill(-1);
    for (let position = 0; position < dateOrder.length; position++) rank[dateOrder[position]!] = position;
    const placed = new Uint8Array(maxUid + 1);
    const byNewest = new Int32Array(dateOrder.length).fill(-1);
    const threads: number[][] = [];
    const add = (uids: number[], newest: number) => {
      if (uids.length > 1) uids.sort((a, b) => rank[a]! - rank[b]!);
      byNewest[newest] = threads.length;
      threads.push(uids);
    };
    for (const group of groups) {
      const uids: number[] = [];
      let newest = -1;
      for (const uid of group) {
        if (uid > maxUid || rank[uid]! < 0 || placed[uid]) continue;
        placed[uid] = 1;
        uids.push(uid);
        newest = Math.max(newest, rank[uid]!);
      }
      if (uids.length > 0) add(uids, newest);
    }
    for (const uid of dateOrder) if (!placed[uid]) add([uid], rank[uid]!);

    const uids = new Int32Array(dateOrder.length);
    const starts = new Int32Array(threads.length + 1);
    const threadIndex = new Int32Array(maxUid + 1).fill(-1);
    let thread = 0;
    let at = 0;
    for (let position = byNewest.length - 1; position >= 0; position--) {
      const members = threads[byNewest[position]!];
      if (!members) continue;
      starts[thread] = at;
      for (const uid of members) {
        threadIndex[uid] = thread;
        uids[at++] = uid;
      }
      thread++;
    }
    starts[thread] = at;
    return new ThreadOrder(uids.subarray(0, at), starts, threadIndex);
  }

  /** Threads in the folder. */
  get total(): number {
    return this.starts.length - 1;
  }

  /** Messages in the folder: what holding this order costs. */
  get size(): number {
    return this.uids.length;
  }

  window(offset: number, limit: number): number[][] {
    const threads: number[][] = [];
    for (let thread = offset; thread < Math.min(this.total, offset + limit); thread++) threads.push(this.at(thread));
    return threads;
  }

  /** The thread holding this UID, oldest first; undefined when the folder has no such message. */
  threadOf(uid: number): number[] | undefined {
    const index = uid < this.threadIndex.length ? this.threadIndex[uid]! : -1;
    return index < 0 ? undefined : this.at(index);
  }

  private at(thread: number): number[] {
    return Array.from(this.uids.subarray(this.starts[thread]!, this.starts[thread + 1]!));
  }
}

/**
 * The threads of a THREAD answer (RFC 5256 §4): `(1)(2 3 (4)(5 6))`, one
 * parenthesised list per thread, nested where a message has several replies.
 * A missing root shows as a list without a number in front (`((7)(8))`):
 * the thread is everything inside, so every number in a top-level list is
 * one message of that thread.
 */
export function parseThreadResponse(responses: readonly RawAttribute[][]): number[][] {
  const threads: number[][] = [];
  for (const attributes of responses) {
    for (const thread of attributes) {
      const uids: number[] = [];
      collectNumbers(thread, uids);
      if (uids.length > 0) threads.push(uids);
    }
  }
  return threads;
}

function collectNumbers(token: RawAttribute, into: number[]): void {
  if (Array.isArray(token)) {
    for (const inner of token) collectNumbers(inner, into);
    return;
  }
  const uid = Number(token.value);
  if (Number.isSafeInteger(uid) && uid > 0) into.push(uid);
}

/** What a message says of its place in a conversation, from its headers. */
export interface MessageLinks {
  uid: number;
  messageId: string | null;
  inReplyTo: string | null;
  /** The References header as sent (ids in angle brackets). */
  references: string | null;
}

/**
 * Threads from References/In-Reply-To/Message-ID, for a server without THREAD:
 * messages that name each other (or a common ancestor, present or not) are one
 * conversation. Grouping is a partition (union-find), so a message whose broken
 * References name two conversations joins them rather than appearing in both.
 */
export function threadsFromHeaders(messages: readonly MessageLinks[]): number[][] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    // Path halving keeps later finds short.
    for (let node = id; node !== root; ) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const node = (id: string) => {
    if (!parent.has(id)) parent.set(id, id);
    return id;
  };
  const union = (a: string, b: string) => {
    const rootA = find(node(a));
    const rootB = find(node(b));
    if (rootA !== rootB) parent.set(rootB, rootA);
  };

  const ownIds = messages.map((message) => {
    // A message without a Message-ID is a conversation of its own unless it names a parent.
    const own = node(normaliseId(message.messageId) ?? `\0uid:${message.uid}`);
    for (const id of [...messageIds(message.references), ...messageIds(message.inReplyTo)]) union(own, id);
    return own;
  });
  const groups = new Map<string, number[]>();
  messages.forEach((message, index) => {
    const root = find(ownIds[index]!);
    const group = groups.get(root);
    if (group) group.push(message.uid);
    else groups.set(root, [message.uid]);
  });
  return [...groups.values()];
}

/** The ids of a References or In-Reply-To header, lower-cased for comparison (the domain part is case-insensitive). */
export function messageIds(header: string | null): string[] {
  return [...(header ?? '').matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!.toLowerCase());
}

function normaliseId(id: string | null): string | null {
  return messageIds(id)[0] ?? (id?.trim().toLowerCase() || null);
}
