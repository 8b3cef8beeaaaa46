import { offlineDb, offlineUser, type CachedAnswer, type CachedKind } from './offline-db';

/** Issue 16: the last 500 messages, the list windows around them, 50 MB in all; the newest are kept. */
export interface CacheLimits {
  messages: number;
  windows: number;
  bytes: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { messages: 500, windows: 200, bytes: 50 * 1024 * 1024 };

let lastStamp = 0;
/** Strictly increasing, so two answers kept in the same millisecond still have an order. */
function nextStamp(): number {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return lastStamp;
}

function answerId(user: string, kind: CachedKind, key: string): string {
  return JSON.stringify([user, kind, key]);
}

/**
 * The offline copies of what the signed-in user read: every answer fetched is
 * kept (replacing the older copy of the same query), then the oldest go until
 * the store is within its limits. Records carry their user; a user never reads
 * another's (and sign-in drops any other user's left behind).
 */
export class ReadingCache {
  constructor(
    private readonly dbName = 'tern-offline',
    private readonly limits: CacheLimits = DEFAULT_CACHE_LIMITS,
  ) {}

  async put(kind: CachedKind, queryKey: readonly unknown[], data: unknown, user = offlineUser()): Promise<void> {
    const db = await offlineDb(this.dbName);
    if (!db || !user) return;
    const key = JSON.stringify(queryKey);
    const id = answerId(user, kind, key);
    const size = new TextEncoder().encode(JSON.stringify(data)).length;
    if (size > this.limits.bytes) return;
    const tx = db.transaction(['answers', 'answerData'], 'readwrite');
    const record: CachedAnswer = { id, user, kind, key, size, storedAt: nextStamp() };
    await Promise.all([tx.objectStore('answers').put(record), tx.objectStore('answerData').put(data, id)]);
    await this.evict(tx.objectStore('answers'), tx.objectStore('answerData'));
    await tx.done;
  }

  /** The kept copy of a query's answer for the signed-in user, or undefined. */
  async get<T>(kind: CachedKind, queryKey: readonly unknown[], user = offlineUser()): Promise<T | undefined> {
    const db = await offlineDb(this.dbName);
    if (!db || !user) return undefined;
    return (await db.get('answerData', answerId(user, kind, JSON.stringify(queryKey)))) as T | undefined;
  }

  /**
   * The session of the user whose mail is kept, for a start without network:
   * the app opens on what this device kept, and the server has its say (a
   * 401 ends it and wipes the copies) as soon as it can be reached.
   */
  async keptSession<T>(): Promise<T | undefined> {
    const db = await offlineDb(this.dbName);
    if (!db) return undefined;
    const [kept] = (await db.getAll('answers')).filter((record) => record.kind === 'session');
    return kept ? ((await db.get('answerData', kept.id)) as T | undefined) : undefined;
  }

  /** Everything kept for reading, of every user: at sign-out and when a session ends. */
  async wipe(): Promise<void> {
    const db = await offlineDb(this.dbName);
    if (!db) return;
    const tx = db.transaction(['answers', 'answerData'], 'readwrite');
    await Promise.all([tx.objectStore('answers').clear(), tx.objectStore('answerData').clear()]);
    await tx.done;
  }

  /** Drops what other users left (a tab closed before its sign-out could wipe it). */
  async keepOnly(user: string): Promise<void> {
    const db = await offlineDb(this.dbName);
    if (!db) return;
    const tx = db.transaction(['answers', 'answerData'], 'readwrite');
    const answers = tx.objectStore('answers');
    for (const record of await answers.getAll()) {
      if (record.user === user) continue;
      await Promise.all([answers.delete(record.id), tx.objectStore('answerData').delete(record.id)]);
    }
    await tx.done;
  }

  private async evict(
    answers: { getAll(): Promise<CachedAnswer[]>; delete(id: string): Promise<void> },
    answerData: { delete(id: string): Promise<void> },
  ): Promise<void> {
    const newestFirst = (await answers.getAll()).sort((a, b) => b.storedAt - a.storedAt);
    const counts: Record<CachedKind, number> = { folders: 0, window: 0, message: 0, session: 0 };
    // One session: the last signed-in user's, so the app can start offline (keptSession).
    const caps: Record<CachedKind, number> = { folders: Infinity, window: this.limits.windows, message: this.limits.messages, session: 1 };
    let bytes = 0;
    for (const record of newestFirst) {
      counts[record.kind] += 1;
      bytes += record.size;
      if (counts[record.kind] > caps[record.kind] || bytes > this.limits.bytes) {
        bytes -= record.size;
        await Promise.all([answers.delete(record.id), answerData.delete(record.id)]);
      }
    }
  }
}

export const readingCache = new ReadingCache();
