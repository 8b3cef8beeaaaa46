import { ImapFlow } from 'imapflow';
import type { Config } from '../../config';
import { connectionOptions, credentialsKey, type Credentials } from './imap-connection';
import { isConnectionError } from './imap-errors';
import { SortOrderCache } from './sort-order-cache';
import type { ThreadOrder } from './thread-order';

/** A folder's conversations hold a map of its UIDs: a few folders' worth per connection. */
const THREAD_ORDERS_KEPT = 2;


/** A connection and what is cached on it; the cache dies with the connection. */
export interface PooledConnection {
  client: ImapFlow;
  /** A second window of an unchanged folder costs no SORT. */
  sortOrders: SortOrderCache;
  /** Conversations of a folder (issue 17), forgotten with its sort orders. */
  threadOrders: SortOrderCache<ThreadOrder>;
  /** Whose mailbox this is (the login): for what outlives one connection, such as threads.ts's orders. */
  login: string;
}

interface Entry extends PooledConnection {
  /** Connections are shared only by sessions holding the same password (`credentialsKey`). */
  key: string;
  owner: UserConnections;
  idleTimer?: NodeJS.Timeout;
  /** The user signed out while a request held it: it closes when released. */
  discard?: boolean;
  /** `warmIdle` ran on it: a request takes it before a cold one. */
  warm?: boolean;
  /** When it was last released (Date.now()): `warmIdle` waits for a quiet connection. */
  idleSince?: number;
}

/** Everything the BFF holds, opens or is closing for one login: all of it counts against the limit. */
interface UserConnections {
  email: string;
  idle: Entry[];
  busy: Set<Entry>;
  opening: number;
  /** Logging out: the server still counts them until they are gone. */
  closing: number;
  /** Slots held by the user's live-update watcher (its own IDLE connection, see server/live/). */
  watchers: number;
  /** Woken, all of them, at every change; each looks again at what it may take. */
  waiters: Array<() => void>;
}

export type ImapClientFactory = (credentials: Credentials) => ImapFlow;

/** What the live-update watcher asks of the pool: a slot of the user's limit for its own connection. */
export interface WatcherSlots {
  /** Resolves once a slot is free; the returned function gives it back (call it once the connection is gone). */
  reserveWatcherSlot(email: string): Promise<() => void>;
}

/**
 * IMAP connections per signed-in user, kept warm between requests (the first
 * body read of a session is slow on big folders) and bounded per user by a
 * hard limit that counts every connection the BFF has for that login: pooled
 * ones (idle or leased), the sign-in check's, the live-update watcher's, and
 * those still opening or logging out. A request leases a connection
 * exclusively, so its SELECT cannot be changed under it by a concurrent
 * request; requests use at most the limit less the watcher's slot, and past
 * that a request waits for one.
 *
 * Retries: an operation that lost its connection midway (a Dovecot restart)
 * runs once more on a fresh connection. So every operation passed to `run`
 * must be safe to run twice: reads, flag STOREs, UID EXPUNGE and UID MOVE of
 * UIDs resolved once are; an APPEND is made so by `appendOnce`
 * (compose-mail.ts), folder changes remember what they sent (folder-admin.ts).
 */
export class ImapConnectionPool implements WatcherSlots {
  private readonly users = new Map<string, UserConnections>();

  constructor(
    private readonly options: Config['imap'],
    private readonly createClient: ImapClientFactory = (credentials) => defaultClient(options, credentials),
  ) {}

  /**
   * Logs in afresh, even when a pooled connection exists: a sign-in must prove
   * the password now. On success the connection becomes the user's first pooled
   * one, so the requests after the sign-in need no second LOGIN. A wrong
   * password takes a slot only while the server says no.
   */
  async verify(credentials: Credentials): Promise<void> {
    const entry = await this.acquire(credentials, { fresh: true });
    this.release(entry);
  }

  async run<T>(credentials: Credentials, operation: (connection: PooledConnection) => Promise<T>): Promise<T> {
    const entry = await this.acquire(credentials);
    try {
      const result = await operation(entry);
      this.release(entry);
      return result;
    } catch (err) {
      this.release(entry);
      if (!isConnectionError(err) && entry.client.usable) throw err;
      // The server went away under us (a restart): one more try on a new connection.
      const fresh = await this.acquire(credentials);
      try {
        return await operation(fresh);
      } finally {
        this.release(fresh);
      }
    }
  }

  /** For streams that outlive the handler: the caller must call release exactly once. */
  async lease(credentials: Credentials): Promise<{ connection: PooledConnection; release: () => void }> {
    const entry = await this.acquire(credentials);
    let released = false;
    return {
      connection: entry,
      release: () => {
        if (released) return;
        released = true;
        this.release(entry);
      },
    };
  }

  /**
   * The watcher holds at most the limit less one, so requests always keep a
   * connection; an idle pooled connection is closed to make room for it.
   */
  async reserveWatcherSlot(email: string): Promise<() => void> {
    for (;;) {
      const user = this.userOf(email);
      const allowed = user.watchers < this.options.maxConnectionsPerUser - 1;
      if (allowed && countOf(user) < this.options.maxConnectionsPerUser) {
        user.watchers++;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          user.watchers--;
          this.changed(user);
        };
      }
      const spare = allowed ? user.idle.shift() : undefined;
      if (spare) void this.close(spare);
      await new Promise<void>((resolve) => user.waiters.push(resolve));
    }
  }

  /**
   * Background work once on each of the user's pooled connections (the first
   * body read after sign-in, see warm-up.ts) that never competes with the
   * user's requests: it takes only a connection that has been idle for
   * `quietMs` (the burst of requests after sign-in is over), one at a time,
   * never opens one and never queues for one; it gives up after `withinMs`.
   * Failures are ignored: the requests do the same work when they need it.
   */
  async warmIdle(
    credentials: Credentials,
    operation: (connection: PooledConnection) => Promise<void>,
    { quietMs = 0, withinMs = 10_000 }: { quietMs?: number; withinMs?: number } = {},
  ): Promise<void> {
    const key = credentialsKey(credentials);
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      const user = this.users.get(credentials.email);
      if (!user) return;
      const pooled = [...user.idle, ...user.busy].filter((entry) => entry.key === key);
      if (pooled.length > 0 && pooled.every((entry) => entry.warm)) return;
      const now = Date.now();
      const cold = user.idle.filter((entry) => entry.key === key && !entry.warm);
      const quiet = cold.find((entry) => now - (entry.idleSince ?? 0) >= quietMs);
      if (!quiet) {
        // Nothing to take yet: look again when the pool changes or the first cold one has been quiet long enough.
        const quietIn = Math.min(...cold.map((entry) => (entry.idleSince ?? 0) + quietMs - now));
        await this.nextChange(user, Math.min(quietIn, deadline - now));
        continue;
      }
      const index = user.idle.indexOf(quiet);
      const [entry] = user.idle.splice(index, 1) as [Entry];
      clearTimeout(entry.idleTimer);
      entry.warm = true;
      if (!entry.client.usable) {
        void this.close(entry);
        continue;
      }
      user.busy.add(entry);
      try {
        await operation(entry);
      } catch {
        // Best effort (see above).
      } finally {
        this.release(entry);
      }
    }
  }

  /** How many of the user's pooled connections `warmIdle` has been over. */
  warmConnectionCount(email: string): number {
    const user = this.users.get(email);
    return user ? [...user.idle, ...user.busy].filter((entry) => entry.warm).length : 0;
  }

  /** Every IMAP connection of the user's this instance holds or is opening or closing, the watcher's included. */
  connectionCount(email: string): number {
    const user = this.users.get(email);
    return user ? countOf(user) : 0;
  }

  async closeUser(email: string): Promise<void> {
    const user = this.users.get(email);
    if (!user) return;
    // Busy connections finish their request, then close on release.
    for (const entry of user.busy) entry.discard = true;
    await Promise.all(user.idle.splice(0).map((entry) => this.close(entry)));
  }

  async closeAll(): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const user of this.users.values()) {
      for (const entry of [...user.idle.splice(0), ...user.busy]) {
        entry.discard = true;
        user.busy.delete(entry);
        closing.push(this.close(entry));
      }
    }
    await Promise.all(closing);
  }

  private async acquire(credentials: Credentials, { fresh = false } = {}): Promise<Entry> {
    const key = credentialsKey(credentials);
    for (;;) {
      // Looked up afresh after every wait: a user whose connections all went was forgotten meanwhile.
      const user = this.userOf(credentials.email);
      if (!fresh) {
        const warm = user.idle.findIndex((entry) => entry.key === key && entry.warm);
        const index = warm >= 0 ? warm : user.idle.findIndex((entry) => entry.key === key);
        if (index >= 0) {
          const [entry] = user.idle.splice(index, 1) as [Entry];
          clearTimeout(entry.idleTimer);
          if (entry.client.usable) {
            user.busy.add(entry);
            return entry;
          }
          void this.close(entry);
          continue;
        }
      }
      if (countOf(user) - user.watchers < this.requestSlots()) return this.openCounted(user, credentials, key);
      // At the limit: an idle connection this request cannot use (another password, or a login to prove) makes room.
      const spare = user.idle.shift();
      if (spare) void this.close(spare);
      await new Promise<void>((resolve) => user.waiters.push(resolve));
    }
  }

  /**
   * Requests keep one slot free for the live-update watcher even before it
   * comes: every signed-in tab starts one right after sign-in, and a second
   * request connection opened meanwhile (the folder list and the Inbox's rows
   * asked at once) would cost Dovecot a LOGIN only to be closed for the
   * watcher, three logins per sign-in instead of two (issue 13). Waiting for
   * the connection that verified the password is quicker than a new LOGIN.
   */
  private requestSlots(): number {
    return this.options.maxConnectionsPerUser - 1;
  }

  private async openCounted(user: UserConnections, credentials: Credentials, key: string): Promise<Entry> {
    user.opening++;
    try {
      const entry = await this.open(user, credentials, key);
      user.busy.add(entry);
      return entry;
    } finally {
      user.opening--;
      // A failed login leaves no trace: the user's record goes with its last connection.
      this.changed(user);
    }
  }

  private release(entry: Entry): void {
    const user = entry.owner;
    if (!user.busy.delete(entry)) return;
    if (entry.discard || !entry.client.usable) {
      void this.close(entry);
      return;
    }
    entry.idleTimer = setTimeout(() => {
      const index = user.idle.indexOf(entry);
      if (index < 0) return;
      user.idle.splice(index, 1);
      void this.close(entry);
    }, this.options.idleCloseMs);
    entry.idleTimer.unref();
    entry.idleSince = Date.now();
    user.idle.push(entry);
    this.changed(user);
  }

  private async open(owner: UserConnections, credentials: Credentials, key: string): Promise<Entry> {
    const client = this.createClient(credentials);
    // imapflow emits 'error' for a dropped socket; without a listener Node would crash the process.
    client.on('error', () => undefined);
    await client.connect();
    const entry: Entry = { client, sortOrders: new SortOrderCache(), threadOrders: new SortOrderCache<ThreadOrder>(THREAD_ORDERS_KEPT), login: owner.email, key, owner };
    client.on('exists', ({ path }: { path: string }) => entry.sortOrders.forget(path));
    client.on('expunge', ({ path }: { path: string }) => entry.sortOrders.forget(path));
    client.on('exists', ({ path }: { path: string }) => entry.threadOrders.forget(path));
    client.on('expunge', ({ path }: { path: string }) => entry.threadOrders.forget(path));
    // The server dropped an idle connection (restart, its own timeout): its slot is free at once.
    client.on('close', () => {
      const index = owner.idle.indexOf(entry);
      if (index < 0) return;
      owner.idle.splice(index, 1);
      clearTimeout(entry.idleTimer);
      this.changed(owner);
    });
    return entry;
  }

  /** Counted as closing until the server has let go of it. */
  private async close(entry: Entry): Promise<void> {
    clearTimeout(entry.idleTimer);
    const user = entry.owner;
    user.closing++;
    try {
      if (!entry.client.usable) entry.client.close();
      else await entry.client.logout();
    } catch {
      entry.client.close();
    } finally {
      user.closing--;
      this.changed(user);
    }
  }

  private userOf(email: string): UserConnections {
    let user = this.users.get(email);
    if (!user) {
      user = { email, idle: [], busy: new Set(), opening: 0, closing: 0, watchers: 0, waiters: [] };
      this.users.set(email, user);
    }
    return user;
  }

  /** Resolves at the user's next pool change, or after `ms` (a timer that keeps no process alive). */
  private async nextChange(user: UserConnections, ms: number): Promise<void> {
    let wake!: () => void;
    const changed = new Promise<void>((resolve) => (wake = resolve));
    user.waiters.push(wake);
    const timer = setTimeout(wake, Math.max(0, ms));
    timer.unref();
    await changed;
    clearTimeout(timer);
    const left = user.waiters.indexOf(wake);
    if (left >= 0) user.waiters.splice(left, 1);
  }

  /** Wakes every waiter of the user; forgets a user with nothing left (the map stays as small as the active users). */
  private changed(user: UserConnections): void {
    const waiters = user.waiters.splice(0);
    for (const wake of waiters) wake();
    if (waiters.length === 0 && countOf(user) === 0 && this.users.get(user.email) === user) this.users.delete(user.email);
  }
}

function countOf(user: UserConnections): number {
  return user.idle.length + user.busy.size + user.opening + user.closing + user.watchers;
}

function defaultClient(options: Config['imap'], credentials: Credentials): ImapFlow {
  return new ImapFlow({
    ...connectionOptions(options, credentials),
    // IDLE on a pooled connection would cost every request a DONE round trip; live updates get their own connection.
    disableAutoIdle: true,
    socketTimeout: 5 * 60_000,
  });
}
