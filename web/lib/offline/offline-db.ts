import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SendRequest } from '../../../shared/api/compose';

/** What the browser keeps for reading offline: API answers, as the API gave them. */
export type CachedKind = 'folders' | 'window' | 'message' | 'session';

/**
 * One kept answer's bookkeeping. Its data lives in a store of its own, so
 * eviction reads these small records only, never megabytes of mail.
 */
export interface CachedAnswer {
  /** `user`, `kind` and `key` in one string: the store's key. */
  id: string;
  user: string;
  kind: CachedKind;
  /** The query's key, as JSON. */
  key: string;
  /** Bytes of the answer as JSON: what the size bound counts. */
  size: number;
  /** Later is newer; eviction takes the smallest first. */
  storedAt: number;
}

/** The browser outbox: a message sent while the BFF could not be reached. */
export type OutboxItemState = 'waiting' | 'sending' | 'failed';

export interface OutboxItem<Draft = unknown> {
  /** The send's idempotency key: the BFF sends a key once, however often it is asked. */
  key: string;
  user: string;
  request: SendRequest;
  subject: string;
  state: OutboxItemState;
  /** Why the BFF refused it (state `failed`). */
  error: string | null;
  queuedAt: number;
  /** The compose window as it was, to reopen it after a refusal. */
  draft: Draft;
}

interface OfflineSchema extends DBSchema {
  answers: { key: string; value: CachedAnswer; indexes: { user: string } };
  answerData: { key: string; value: unknown };
  outbox: { key: string; value: OutboxItem; indexes: { user: string } };
}

export type OfflineDb = IDBPDatabase<OfflineSchema>;

const openings = new Map<string, Promise<OfflineDb | null>>();

/**
 * The one IndexedDB database of a name, opened once per page. Null where the
 * browser has no IndexedDB (or refuses it, as some private modes do): then
 * nothing is kept, and everything works as without offline copies.
 */
export function offlineDb(name = 'tern-offline'): Promise<OfflineDb | null> {
  let opening = openings.get(name);
  if (!opening) {
    opening =
      typeof indexedDB === 'undefined'
        ? Promise.resolve(null)
        : openDB<OfflineSchema>(name, 1, {
            upgrade(db) {
              db.createObjectStore('answers', { keyPath: 'id' }).createIndex('user', 'user');
              db.createObjectStore('answerData');
              db.createObjectStore('outbox', { keyPath: 'key' }).createIndex('user', 'user');
            },
          }).catch(() => null);
    openings.set(name, opening);
  }
  return opening;
}

/** Who is signed in, as the offline stores key their records; null: nobody (nothing is read or written). */
let currentUser: string | null = null;

/** How the offline stores name a user: their sign-in address, as the BFF compares it. */
export function offlineUserKey(email: string): string {
  return email.trim().toLowerCase();
}

export function setOfflineUser(email: string | null): void {
  currentUser = email === null ? null : offlineUserKey(email);
}

export function offlineUser(): string | null {
  return currentUser;
}
