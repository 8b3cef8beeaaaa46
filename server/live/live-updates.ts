import { ImapFlow } from 'imapflow';
import type { Config } from '../config';
import type { WatcherSlots } from '../mail/imap/connection-pool';
import { connectionOptions, credentialsKey, type Credentials } from '../mail/imap/imap-connection';
import { MailboxWatcher, type WatcherClientFactory, type WatcherTiming } from './mailbox-watcher';

/** One open event stream (a browser tab). */
export interface LiveListener {
  /** The session the stream was opened with, so signing out can end exactly its streams. */
  sessionId: string;
  foldersChanged(folders: string[]): void;
  /** 'session-ended': tell the tab; 'shutdown': just close, the browser reconnects to another instance. */
  end(reason: 'session-ended' | 'shutdown'): void;
}

export interface LiveUpdatesOptions extends WatcherTiming {
  /** Lingering of a watcher after its user's last stream closed: a page reload must not reconnect IMAP. */
  graceMs: number;
  /** At most one event per user per this interval; changes in between are merged. */
  coalesceMs: number;
  createClient?: WatcherClientFactory;
}

export const DEFAULT_LIVE_OPTIONS: LiveUpdatesOptions = {
  graceMs: 10_000,
  coalesceMs: 300,
  pollMs: 45_000,
  reconnectMinMs: 1_000,
  reconnectMaxMs: 60_000,
};

interface UserWatch {
  email: string;
  watcher: MailboxWatcher;
  listeners: Set<LiveListener>;
  graceTimer?: NodeJS.Timeout;
  pending: Set<string>;
  flushTimer?: NodeJS.Timeout;
  lastFlushAt: number;
}

/**
 * Live updates per BFF instance (SPEC §4 "New mail appears without reloading",
 * §12 "Two tabs of one user stay consistent"): one IMAP watcher per user,
 * however many tabs that user has open, fanned out to all of them.
 * See server/live/README.md for the invariants.
 */
export class LiveUpdates {
  private readonly users = new Map<string, UserWatch>();
  private readonly options: LiveUpdatesOptions;
  private readonly createClient: WatcherClientFactory;

  /** `slots`: the connection pool, which counts each watcher's connection against the user's limit. */
  constructor(
    imapOptions: Config['imap'],
    private readonly slots: WatcherSlots,
    options: Partial<LiveUpdatesOptions> = {},
  ) {
    this.options = { ...DEFAULT_LIVE_OPTIONS, ...options };
    this.createClient = options.createClient ?? ((credentials) => createWatcherClient(imapOptions, credentials));
  }

  /** Registers a stream; the returned function unregisters it (call it once the stream is gone). */
  subscribe(credentials: Credentials, listener: LiveListener): () => void {
    const key = credentialsKey(credentials);
    let user = this.users.get(key);
    if (!user) {
      const created: UserWatch = {
        email: credentials.email,
        listeners: new Set(),
        pending: new Set(),
        lastFlushAt: 0,
        watcher: new MailboxWatcher(credentials, this.createClient, this.slots, (folders) => this.changed(created, folders), this.options),
      };
      user = created;
      this.users.set(key, user);
    }
    clearTimeout(user.graceTimer);
    user.graceTimer = undefined;
    user.listeners.add(listener);
    user.watcher.start();

    const watched = user;
    return () => {
      if (!watched.listeners.delete(listener) || watched.listeners.size > 0) return;
      watched.graceTimer = setTimeout(() => {
        if (watched.listeners.size > 0 || this.users.get(key) !== watched) return;
        this.users.delete(key);
        clearTimeout(watched.flushTimer);
        void watched.watcher.stop();
      }, this.options.graceMs);
      watched.graceTimer.unref();
    };
  }

  /**
   * For the BFF's own changes (move, delete, flag, send…): tells every open
   * tab of the user on this instance, without waiting for IMAP to report it.
   */
  notifyChanged(email: string, folders: string[]): void {
    if (folders.length === 0) return;
    for (const user of this.users.values()) {
      if (user.email === email) this.changed(user, folders);
    }
  }

  /** Signing out: the tabs of that session learn it at once instead of at their next heartbeat. */
  endSession(sessionId: string): void {
    for (const user of this.users.values()) {
      for (const listener of [...user.listeners]) if (listener.sessionId === sessionId) listener.end('session-ended');
    }
  }

  /** IMAP connections held for live updates of this user (0 or 1 per password in use). */
  watcherConnectionCount(email: string): number {
    let count = 0;
    for (const user of this.users.values()) if (user.email === email && user.watcher.hasConnection) count++;
    return count;
  }

  /** INBOX is selected on the user's watcher: from now on no change is missed. */
  isWatching(email: string): boolean {
    for (const user of this.users.values()) if (user.email === email && user.watcher.isWatching) return true;
    return false;
  }

  /** Shutdown: ends every stream (browsers reconnect elsewhere) and logs the watchers out. */
  async closeAll(): Promise<void> {
    const users = [...this.users.values()];
    this.users.clear();
    await Promise.all(
      users.map(async (user) => {
        clearTimeout(user.graceTimer);
        clearTimeout(user.flushTimer);
        for (const listener of [...user.listeners]) listener.end('shutdown');
        user.listeners.clear();
        await user.watcher.stop();
      }),
    );
  }

  /** Leading edge right away, then at most one event per `coalesceMs` carrying everything merged meanwhile. */
  private changed(user: UserWatch, folders: string[]): void {
    for (const folder of folders) user.pending.add(folder);
    if (user.flushTimer) return;
    const wait = Math.max(0, user.lastFlushAt + this.options.coalesceMs - Date.now());
    user.flushTimer = setTimeout(() => {
      user.flushTimer = undefined;
      user.lastFlushAt = Date.now();
      const changed = [...user.pending];
      user.pending.clear();
      for (const listener of [...user.listeners]) listener.foldersChanged(changed);
    }, wait);
    user.flushTimer.unref();
  }
}

/** The watcher's own connection: auto-IDLE on, unlike the pool's. */
export function createWatcherClient(options: Config['imap'], credentials: Credentials): ImapFlow {
  return new ImapFlow({
    ...connectionOptions(options, credentials),
    // Unlike the pool's connections this one exists to IDLE: straight after SELECT and after every poll.
    autoIdleDelay: 100,
    // RFC 2177: re-issue IDLE well within 29 minutes, even when there is nothing to poll.
    maxIdleTime: 10 * 60_000,
  });
}
