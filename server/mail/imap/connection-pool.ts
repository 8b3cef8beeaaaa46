import { ImapFlow } from 'imapflow';
import type { Config } from '../../config';
import { connectionOptions, credentialsKey, type Credentials } from './imap-connection';
import { isConnectionError } from './imap-errors';
import { SortOrderCache } from './sort-order-cache';


/** A connection and what is cached on it; the cache dies with the connection. */
export interface PooledConnection {
  client: ImapFlow;
  /** A second window of an unchanged folder costs no SORT. */
  sortOrders: SortOrderCache;
}

interface Entry extends PooledConnection {
  idleTimer?: NodeJS.Timeout;
}

interface UserConnections {
  idle: Entry[];
  busy: Set<Entry>;
  opening: number;
  waiters: Array<() => void>;
}

export type ImapClientFactory = (credentials: Credentials) => ImapFlow;

/**
 * IMAP connections per signed-in user, kept warm between requests (the first
 * body read of a session is slow on big folders) and bounded per user.
 * A request leases a connection exclusively, so its SELECT cannot be changed
 * under it by a concurrent request. Connections the server dropped are
 * replaced on the next lease; an operation that lost its connection midway is
 * retried once on a fresh one.
 */
export class ImapConnectionPool {
  private readonly users = new Map<string, UserConnections>();

  constructor(
    private readonly options: Config['imap'],
    private readonly createClient: ImapClientFactory = (credentials) => defaultClient(options, credentials),
  ) {}

  /**
   * Logs in afresh, even when a pooled connection exists: a sign-in must prove
   * the password now. On success the connection stays pooled, warm for the
   * first request.
   */
  async verify(credentials: Credentials): Promise<void> {
    const entry = await this.openCounted(credentials);
    this.release(credentials, entry);
  }

  async run<T>(credentials: Credentials, operation: (connection: PooledConnection) => Promise<T>): Promise<T> {
    const entry = await this.acquire(credentials);
    try {
      const result = await operation(entry);
      this.release(credentials, entry);
      return result;
    } catch (err) {
      this.release(credentials, entry);
      if (!isConnectionError(err) && entry.client.usable) throw err;
      // The server went away under us (a restart): one more try on a new connection.
      const fresh = await this.acquire(credentials);
      try {
        return await operation(fresh);
      } finally {
        this.release(credentials, fresh);
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
        this.release(credentials, entry);
      },
    };
  }

  connectionCount(email: string): number {
    let count = 0;
    for (const [key, user] of this.users) {
      if (key.startsWith(`${email}\0`)) count += user.idle.length + user.busy.size + user.opening;
    }
    return count;
  }

  async closeUser(email: string): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const [key, user] of this.users) {
      if (!key.startsWith(`${email}\0`)) continue;
      for (const entry of user.idle.splice(0)) closing.push(this.close(entry));
      // Busy connections finish their request, then close on release.
      this.users.delete(key);
    }
    await Promise.all(closing);
  }

  async closeAll(): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const user of this.users.values()) {
      for (const entry of [...user.idle, ...user.busy]) closing.push(this.close(entry));
    }
    this.users.clear();
    await Promise.all(closing);
  }

  private async acquire(credentials: Credentials): Promise<Entry> {
    const user = this.userOf(credentials);
    for (;;) {
      let entry: Entry | undefined;
      while ((entry = user.idle.pop())) {
        clearTimeout(entry.idleTimer);
        if (entry.client.usable) {
          user.busy.add(entry);
          return entry;
        }
        void this.close(entry);
      }
      if (user.busy.size + user.opening < this.options.maxConnectionsPerUser) {
        return this.openCounted(credentials);
      }
      await new Promise<void>((resolve) => user.waiters.push(resolve));
    }
  }

  private async openCounted(credentials: Credentials): Promise<Entry> {
    const key = credentialsKey(credentials);
    const user = this.userOf(credentials);
    user.opening++;
    try {
      const entry = await this.open(credentials);
      user.busy.add(entry);
      return entry;
    } catch (err) {
      // A failed login must not leave a trace per guessed password.
      if (user.idle.length + user.busy.size + user.opening === 1 && user.waiters.length === 0) this.users.delete(key);
      user.waiters.shift()?.();
      throw err;
    } finally {
      user.opening--;
    }
  }

  private release(credentials: Credentials, entry: Entry): void {
    const key = credentialsKey(credentials);
    const user = this.users.get(key);
    const overLimit = user !== undefined && user.idle.length + user.busy.size > this.options.maxConnectionsPerUser;
    if (!user || !user.busy.delete(entry) || !entry.client.usable || overLimit) {
      // Signed out meanwhile, the connection died, or a sign-in opened one more than the limit: it does not go back.
      void this.close(entry);
    } else {
      entry.idleTimer = setTimeout(() => {
        const index = user.idle.indexOf(entry);
        if (index >= 0) user.idle.splice(index, 1);
        void this.close(entry);
      }, this.options.idleCloseMs);
      entry.idleTimer.unref();
      user.idle.push(entry);
    }
    user?.waiters.shift()?.();
  }

  private async open(credentials: Credentials): Promise<Entry> {
    const client = this.createClient(credentials);
    // imapflow emits 'error' for a dropped socket; without a listener Node would crash the process.
    client.on('error', () => undefined);
    await client.connect();
    const sortOrders = new SortOrderCache();
    client.on('exists', ({ path }: { path: string }) => sortOrders.forget(path));
    client.on('expunge', ({ path }: { path: string }) => sortOrders.forget(path));
    return { client, sortOrders };
  }

  private userOf(credentials: Credentials): UserConnections {
    const key = credentialsKey(credentials);
    let user = this.users.get(key);
    if (!user) {
      user = { idle: [], busy: new Set(), opening: 0, waiters: [] };
      this.users.set(key, user);
    }
    return user;
  }

  private async close(entry: Entry): Promise<void> {
    clearTimeout(entry.idleTimer);
    if (!entry.client.usable) {
      entry.client.close();
      return;
    }
    try {
      await entry.client.logout();
    } catch {
      entry.client.close();
    }
  }
}

function defaultClient(options: Config['imap'], credentials: Credentials): ImapFlow {
  return new ImapFlow({
    ...connectionOptions(options, credentials),
    // IDLE on a pooled connection would cost every request a DONE round trip; live updates get their own connection.
    disableAutoIdle: true,
    socketTimeout: 5 * 60_000,
  });
}
