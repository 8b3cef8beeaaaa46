import type { OutboxEntry, SendRequest } from '../../../shared/api/compose';
import { ApiError } from '../api-client';
import { t } from '../i18n/app';
import { offlineDb, type OutboxItem } from './offline-db';

/** What became of one waiting message at a flush. */
export type FlushOutcome =
  | { key: string; result: 'handed-over'; entry: OutboxEntry }
  | { key: string; result: 'waiting' }
  | { key: string; result: 'failed'; error: string };

/**
 * Worth asking again later with the same key: the BFF was not reached, or did
 * not say yes or no (5xx, throttled), or the session must be renewed first.
 * Anything else is the BFF's definite refusal of this message.
 */
function isTemporary(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.code === 'network' || error.status === 401 || error.status === 429 || error.status >= 500;
}

/**
 * The browser's outbox (issue 16): messages "sent" while the BFF could not be
 * reached wait here, in IndexedDB, per user, and go to the BFF's outbox once
 * it answers. Each keeps the idempotency key of its compose window, and the
 * BFF stores a key once: a send whose answer was lost and is sent again, or
 * that two tabs send at once, is still one message.
 */
export class BrowserOutbox<Draft = unknown> extends EventTarget {
  /** Keys being sent by this tab now: a second flush leaves them alone. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly dbName = 'tern-offline') {
    super();
  }

  /** Keeps a message to send later; false where the browser cannot keep it (no IndexedDB). */
  async add(user: string, request: SendRequest, draft: Draft): Promise<boolean> {
    const db = await offlineDb(this.dbName);
    if (!db) return false;
    const item: OutboxItem<Draft> = {
      key: request.idempotencyKey,
      user,
      request,
      subject: request.message.subject,
      state: 'waiting',
      error: null,
      queuedAt: Date.now(),
      draft,
    };
    await db.put('outbox', item);
    this.changed();
    return true;
  }

  async list(user: string): Promise<Array<OutboxItem<Draft>>> {
    const db = await offlineDb(this.dbName);
    if (!db) return [];
    const items = (await db.getAllFromIndex('outbox', 'user', user)) as Array<OutboxItem<Draft>>;
    return items.sort((a, b) => a.queuedAt - b.queuedAt);
  }

  /** Messages of the user not yet handed to the BFF (waiting, or refused and not yet dealt with). */
  async unsentCount(user: string): Promise<number> {
    return (await this.list(user)).length;
  }

  private async get(key: string): Promise<OutboxItem<Draft> | undefined> {
    const db = await offlineDb(this.dbName);
    return (await db?.get('outbox', key)) as OutboxItem<Draft> | undefined;
  }

  async remove(key: string): Promise<void> {
    const db = await offlineDb(this.dbName);
    if (!db) return;
    await db.delete('outbox', key);
    this.changed();
  }

  /** Everything of the user: at sign-out, once they agreed to lose what had not gone. */
  async wipe(user: string): Promise<void> {
    for (const item of await this.list(user)) await this.remove(item.key);
  }

  /**
   * Hands every waiting message of the user to the BFF, one after the other,
   * each with its own key. A message the BFF took leaves the browser outbox;
   * one it refused stays, marked failed with its reason, until the user opens
   * or discards it; the rest wait for the next flush.
   */
  async flush(user: string, send: (request: SendRequest) => Promise<OutboxEntry>): Promise<FlushOutcome[]> {
    const outcomes: FlushOutcome[] = [];
    for (const item of await this.list(user)) {
      if (this.inFlight.has(item.key)) continue;
      this.inFlight.add(item.key);
      try {
        // Another flush of this tab may have handed it over since the list was read.
        const current = await this.get(item.key);
        if (!current || current.state === 'failed') continue;
        await this.setState(item, 'sending', null);
        const entry = await send(item.request);
        await this.remove(item.key);
        outcomes.push({ key: item.key, result: 'handed-over', entry });
      } catch (error) {
        if (isTemporary(error)) {
          await this.setState(item, 'waiting', null);
          outcomes.push({ key: item.key, result: 'waiting' });
        } else {
          const reason = error instanceof Error ? error.message : t('The message could not be sent.');
          await this.setState(item, 'failed', reason);
          outcomes.push({ key: item.key, result: 'failed', error: reason });
        }
      } finally {
        this.inFlight.delete(item.key);
      }
    }
    return outcomes;
  }

  private async setState(item: OutboxItem<Draft>, state: OutboxItem['state'], error: string | null): Promise<void> {
    const db = await offlineDb(this.dbName);
    if (!db) return;
    await db.put('outbox', { ...item, state, error });
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

/** The page's one browser outbox (the compose window keeps its state as the draft). */
export const browserOutbox = new BrowserOutbox();
