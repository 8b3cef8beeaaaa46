import { EventEmitter } from 'node:events';
import type { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { AddressBookCache } from '../../server/contacts/address-books';
import type { DavClients } from '../../server/dav/dav-client';
import { DavPasswordCache } from '../../server/dav/dav-password-cache';
import { ImapConnectionPool, type PooledConnection } from '../../server/mail/imap/connection-pool';
import { SortOrderCache } from '../../server/mail/imap/sort-order-cache';
import { SortOrder } from '../../server/mail/imap/sort-order';

/** Stands in for imapflow where only the pool's bookkeeping is under test: logins succeed unless the password is 'wrong'. */
class FakeClient extends EventEmitter {
  static open = 0;
  static maxOpen = 0;
  static logins = 0;
  usable = false;
  constructor(private readonly password: string) {
    super();
  }
  async connect(): Promise<void> {
    FakeClient.open++;
    FakeClient.logins++;
    FakeClient.maxOpen = Math.max(FakeClient.maxOpen, FakeClient.open);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.password === 'wrong') {
      FakeClient.open--;
      throw Object.assign(new Error('NO'), { authenticationFailed: true });
    }
    this.usable = true;
  }
  async logout(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.close();
  }
  close(): void {
    if (!this.usable) return;
    this.usable = false;
    FakeClient.open--;
    this.emit('close');
  }
}

function pool(maxConnectionsPerUser = 2): ImapConnectionPool {
  FakeClient.open = 0;
  FakeClient.maxOpen = 0;
  FakeClient.logins = 0;
  const options = { host: '127.0.0.1', port: 143, security: 'none' as const, maxConnectionsPerUser, idleCloseMs: 60_000 };
  return new ImapConnectionPool(options, ({ password }) => new FakeClient(password) as unknown as ImapFlow);
}

const joy = { email: 'joy@mt-example.com', password: 'right' };
const busy = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the IMAP connection limit', () => {
  it('counts the sign-in check, the watcher and connections closing: never more than the limit open at once', async () => {
    const connections = pool();
    const release = await connections.reserveWatcherSlot(joy.email);
    await Promise.all([
      connections.verify(joy),
      connections.verify(joy),
      ...Array.from({ length: 5 }, () => connections.run(joy, busy)),
    ]);
    // The watcher's slot is counted without the fake client: one left for everything else.
    expect(FakeClient.maxOpen).toBe(1);
    expect(connections.connectionCount(joy.email)).toBe(2);
    release();
    await connections.closeAll();
  });

  it('a wrong password leaves nothing behind; the user is forgotten once their last connection is gone', async () => {
    const connections = pool();
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => connections.verify({ ...joy, password: 'wrong' })));
    expect(attempts.every((attempt) => attempt.status === 'rejected')).toBe(true);
    expect(FakeClient.maxOpen).toBeLessThanOrEqual(2);
    expect(connections.connectionCount(joy.email)).toBe(0);
  });

  it('reuses the connection that verified the password for the next request', async () => {
    const connections = pool();
    await connections.verify(joy);
    await connections.run(joy, busy);
    expect(FakeClient.maxOpen).toBe(1);
    await connections.closeAll();
  });

  it('requests leave the watcher its slot: the first requests after sign-in share the verified connection, and the watcher needs no connection closed', async () => {
    const connections = pool();
    await connections.verify(joy);
    // The folder list and the Inbox's rows, asked at once.
    await Promise.all([connections.run(joy, busy), connections.run(joy, busy)]);
    expect(FakeClient.maxOpen).toBe(1);
    const release = await connections.reserveWatcherSlot(joy.email);
    expect(connections.connectionCount(joy.email)).toBe(2);
    // One LOGIN for the sign-in and its requests; the watcher's own is not part of the fake pool.
    expect(FakeClient.logins).toBe(1);
    release();
    await connections.closeAll();
  });

  it('with slots to spare, the warm-up after sign-in takes only idle connections, each once, and a request meanwhile never waits for it', async () => {
    const connections = pool(3);
    await connections.verify(joy);
    const warmed: PooledConnection[] = [];
    let warming = true;
    const warmUp = connections.warmIdle(joy, async (connection) => {
      warmed.push(connection);
      while (warming) await busy();
    });
    // The only connection is warming: a request opens the second instead of waiting for it.
    const started = Date.now();
    await connections.run(joy, async (connection) => expect(warmed).not.toContain(connection));
    expect(Date.now() - started).toBeLessThan(1000);
    warming = false;
    await warmUp;
    // The second was idle by the time the first was done: warmed too; nothing more opened for it.
    expect(warmed).toHaveLength(2);
    expect(FakeClient.maxOpen).toBe(2);
    expect(connections.warmConnectionCount(joy.email)).toBe(2);
    // Once each: a second warm-up finds nothing to do.
    await connections.warmIdle(joy, async (connection) => void warmed.push(connection));
    expect(warmed).toHaveLength(2);
    await connections.closeAll();
  });

  it('the warm-up waits until the requests after sign-in are over: they neither wait for it nor open a second connection', async () => {
    const connections = pool();
    await connections.verify(joy);
    let warmedAt = 0;
    const warmUp = connections.warmIdle(joy, async () => void (warmedAt = Date.now()), { quietMs: 100 });
    // The app's first requests, one after the other with short gaps.
    for (let request = 0; request < 4; request++) {
      await connections.run(joy, busy);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const requestsDone = Date.now();
    expect(warmedAt).toBe(0);
    await warmUp;
    expect(warmedAt).toBeGreaterThanOrEqual(requestsDone);
    expect(FakeClient.maxOpen).toBe(1);
    await connections.closeAll();
  });

  it('warms nothing for a user without a connection, and opens none', async () => {
    const connections = pool();
    let ran = false;
    await connections.warmIdle(joy, async () => void (ran = true));
    expect(ran).toBe(false);
    expect(FakeClient.maxOpen).toBe(0);
  });

  it('never gives the watcher the last slot: requests always keep one', async () => {
    const connections = pool();
    const first = await connections.reserveWatcherSlot(joy.email);
    let second = false;
    void connections.reserveWatcherSlot(joy.email).then(() => (second = true));
    await connections.run(joy, busy);
    expect(second).toBe(false);
    first();
    await busy();
    expect(second).toBe(true);
  });
});

describe('bounded caches', () => {
  it('the /dav/ password cache keeps at most 10,000 entries, forgetting the least recently used', () => {
    const cache = new DavPasswordCache();
    for (let i = 0; i <= 10_000; i++) cache.remember(`user${i}@example.com`, 'pw');
    expect(cache.size).toBe(10_000);
    expect(cache.has('user0@example.com', 'pw')).toBe(false);
    expect(cache.has('user10000@example.com', 'pw')).toBe(true);
  });

  it('a connection keeps at most 8 sort orders', () => {
    const cache = new SortOrderCache();
    for (let i = 0; i < 20; i++) cache.set(`folder${i}`, 'date', SortOrder.parse('1:5'));
    expect(cache.has('folder0')).toBe(false);
    expect(cache.has('folder19')).toBe(true);
    expect(Array.from({ length: 20 }, (_, i) => cache.has(`folder${i}`)).filter(Boolean)).toHaveLength(8);
  });

  it('the address book copies are bounded by the number of cards they hold', () => {
    const cache = new AddressBookCache({} as DavClients);
    const card = { id: 'c', url: 'u', etag: 'e', text: '', contact: null, group: null };
    // 30 books of 5,000 cards: more than the 100,000 cards kept.
    for (let i = 0; i < 30; i++) cache.remember('joy', `book${i}`, { syncToken: '1', cards: Array(5_000).fill(card) as never[], checkedAt: 0, revalidating: null });
    const kept = Array.from({ length: 30 }, (_, i) => cache.snapshot('joy', `book${i}`)).filter(Boolean);
    expect(kept.length).toBeLessThan(20);
    expect(cache.snapshot('joy', 'book29')).toBeDefined();
    expect(cache.snapshot('joy', 'book0')).toBeUndefined();
  });
});
