import { execFile } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { SavedDraft } from '../../shared/api/compose';
import type { MessageWindow } from '../../shared/api/messages';
import type { RecipientSuggestionsResponse } from '../../shared/api/recipients';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { ImapProxy } from '../support/imap-proxy';
import { createTestUser, deliver, imapClient, restartImapServer, runStack, testStackEnv, type TestUser } from '../support/stack';

const execFileAsync = promisify(execFile);
const LIMIT = 2;

let cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A BFF whose IMAP goes through a counting proxy in front of the real Dovecot. */
async function bffBehindProxy(env: Record<string, string> = {}): Promise<{ bff: RunningBff; proxy: ImapProxy }> {
  const stack = testStackEnv();
  const proxy = await ImapProxy.start({ host: stack.imapHost, port: stack.imapPort });
  const bff = await startBff({ TERN_IMAP_PORT: String(proxy.port), TERN_IMAP_MAX_CONNECTIONS_PER_USER: String(LIMIT), ...env });
  cleanups.push(() => proxy.close(), () => bff.close());
  return { bff, proxy };
}

async function signIn(bff: RunningBff, user: TestUser): Promise<ApiClient> {
  const api = new ApiClient(bff.url);
  expect((await api.signIn(user.email, user.password)).status).toBe(200);
  return api;
}

/** The live stream a tab holds open, drained in the background. */
async function openLiveStream(api: ApiClient): Promise<void> {
  const abort = new AbortController();
  const response = await fetch(`${api.baseUrl}/api/events`, { headers: { accept: 'text/event-stream', cookie: api.cookie ?? '' }, signal: abort.signal });
  expect(response.status).toBe(200);
  void response.body!.pipeTo(new WritableStream()).catch(() => undefined);
  cleanups.push(async () => abort.abort());
}

/** What Dovecot itself counts: the user's logged-in IMAP sessions (`doveadm who`). */
async function dovecotSessions(email: string): Promise<number> {
  const conf = path.join(testStackEnv().stackDir, 'etc/dovecot/dovecot.conf');
  const { stdout } = await execFileAsync('doveadm', ['-c', conf, 'who', '-1', email]);
  return stdout.split('\n').filter((line) => line.startsWith(`${email} `)).length;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('IMAP connections per user', () => {
  it('sign-in, list, open and a live stream: one LOGIN for the sign-in, never more connections than the limit', async () => {
    const { bff, proxy } = await bffBehindProxy();
    const user = await createTestUser('conn-limit');
    const { uid } = await deliver(user, { from: 'sender@example.net', subject: 'Hello', text: 'x' });
    // A user's very first sign-in also installs the default spam filter (once per mailbox), beside the first requests.
    const first = await signIn(bff, user);
    await bff.deps.spamFilterAtSignIn.settled(user.email);
    expect((await first.request('DELETE', '/api/session')).status).toBe(204);
    proxy.logins = 0;
    proxy.maxInUse = proxy.inUse;

    const api = await signIn(bff, user);
    expect(proxy.logins).toBe(1);
    // The connection that proved the password serves the first requests: no second LOGIN.
    await api.json<MessageWindow>('GET', '/api/messages?folder=INBOX');
    await api.json('GET', '/api/folders');
    await api.json('GET', `/api/messages/${uid}?folder=INBOX`);
    expect(proxy.logins).toBe(1);

    await openLiveStream(api);
    await until(() => bff.deps.live.isWatching(user.email), 10_000, 'the watcher selected INBOX');
    const burst = await Promise.all([
      ...Array.from({ length: 6 }, () => api.request('GET', '/api/messages?folder=INBOX')),
      api.request('GET', `/api/messages/${uid}?folder=INBOX`),
      api.request('GET', '/api/folders'),
    ]);
    expect(burst.map((response) => response.status)).toEqual(Array(8).fill(200));

    expect(proxy.maxInUse).toBeLessThanOrEqual(LIMIT);
    expect(await dovecotSessions(user.email)).toBeLessThanOrEqual(LIMIT);
    expect(bff.deps.imap.connectionCount(user.email)).toBeLessThanOrEqual(LIMIT);
    // The sign-in's and the watcher's.
    expect(proxy.logins).toBe(2);
  });

  it('wrong passwords do not pile up connections, and leave none behind', async () => {
    const { bff, proxy } = await bffBehindProxy();
    const user = await createTestUser('conn-wrong');
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        new ApiClient(bff.url).request('POST', '/api/session', { email: user.email, password: `wrong-${i}` }),
      ),
    );
    for (const response of attempts) expect([401, 429]).toContain(response.status);
    expect(attempts.filter((response) => response.status === 401).length).toBeGreaterThanOrEqual(LIMIT + 1);
    expect(proxy.maxInUse).toBeLessThanOrEqual(LIMIT);
    expect(proxy.inUse).toBe(0);
    expect(bff.deps.imap.connectionCount(user.email)).toBe(0);
  });

  it('a connection dropped right after APPEND stores the draft once, not twice', async () => {
    const { bff, proxy } = await bffBehindProxy();
    const user = await createTestUser('conn-append');
    const api = await signIn(bff, user);
    const subject = `Draft ${Date.now()}`;
    // Dovecot stores the message, then the connection dies before its OK reaches the BFF.
    proxy.dropOnceServerSays(/APPENDUID/);
    const saved = await api.json<SavedDraft>('POST', '/api/compose/drafts', {
      message: { to: [], cc: [], bcc: [], subject, text: 'once', html: null, attachments: [], source: null, forwardParts: [] },
    });

    const imap = await imapClient(user);
    try {
      await imap.mailboxOpen(saved.folder, { readOnly: true });
      const copies = await imap.search({ subject }, { uid: true });
      expect(copies).toEqual([saved.uid]);
    } finally {
      await imap.logout();
    }
  });
});

describe('faults', () => {
  it('Dovecot restarted mid-session: the next request succeeds or says the mail server is unavailable, and the session recovers by itself', async () => {
    const { bff } = await bffBehindProxy();
    const user = await createTestUser('conn-restart');
    const api = await signIn(bff, user);
    await openLiveStream(api);
    await until(() => bff.deps.live.isWatching(user.email), 10_000, 'the watcher selected INBOX');

    await restartImapServer();

    const next = await api.request('GET', '/api/messages?folder=INBOX');
    if (next.status !== 200) expect(await next.json()).toMatchObject({ code: 'mail_server_unavailable' });
    await until(async () => (await api.request('GET', '/api/messages?folder=INBOX')).status === 200, 10_000, 'the list worked again');
    await until(() => bff.deps.live.isWatching(user.email), 15_000, 'the watcher was back on INBOX');
    expect(bff.deps.imap.connectionCount(user.email)).toBeLessThanOrEqual(LIMIT);
    expect(await dovecotSessions(user.email)).toBeLessThanOrEqual(LIMIT);
  });

  it('Radicale down: mail works, autocomplete answers from recent recipients, contacts and calendar say the server is unavailable', async () => {
    const { bff } = await bffBehindProxy();
    const user = await createTestUser('conn-nodav');
    const api = await signIn(bff, user);
    await bff.deps.compose.recent.record(await bff.deps.accounts.of(user), [{ name: 'Robin Recent', address: 'robin@example.net' }]);

    await runStack('stop', 'radicale');
    cleanups.push(() => runStack('start', 'radicale'));

    expect((await api.request('GET', '/api/messages?folder=INBOX')).status).toBe(200);
    const suggestions = await api.json<RecipientSuggestionsResponse>('GET', '/api/compose/recipients?q=rob');
    expect(suggestions.suggestions).toEqual([{ name: 'Robin Recent', email: 'robin@example.net', source: 'recent' }]);
    for (const url of ['/api/contacts/books', '/api/calendars']) {
      const response = await api.request('GET', url);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'dav_unavailable', message: expect.stringContaining('cannot be reached') as string });
    }
  });
});

describe('a contacts and calendar server that accepts and never answers', () => {
  it('autocomplete answers from recent recipients at once, and contacts say "cannot be reached" after TERN_DAV_TIMEOUT_SECONDS', async () => {
    const sockets = new Set<net.Socket>();
    const hung = net.createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => hung.close(resolve));
    });
    const { bff } = await bffBehindProxy({ TERN_DAV_URL: `http://127.0.0.1:${(hung.address() as AddressInfo).port}`, TERN_DAV_TIMEOUT_SECONDS: '2' });
    const user = await createTestUser('conn-hungdav');
    const api = await signIn(bff, user);
    await bff.deps.compose.recent.record(await bff.deps.accounts.of(user), [{ name: 'Robin Recent', address: 'robin@example.net' }]);

    let started = Date.now();
    const suggestions = await api.json<RecipientSuggestionsResponse>('GET', '/api/compose/recipients?q=rob');
    expect(suggestions.suggestions).toEqual([{ name: 'Robin Recent', email: 'robin@example.net', source: 'recent' }]);
    expect(Date.now() - started).toBeLessThan(2_000);

    started = Date.now();
    const books = await api.request('GET', '/api/contacts/books');
    expect(books.status).toBe(503);
    expect(await books.json()).toMatchObject({ code: 'dav_unavailable' });
    // Discovery's three requests each get the limit: the page hears back in seconds, not never.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(sockets.size).toBeGreaterThan(0);
  });
});

describe('the default spam filter at sign-in', () => {
  /** A ManageSieve port that accepts and then says nothing (hung) or hangs up at once (refused). */
  async function fakeSieve(behaviour: 'silent' | 'hang-up'): Promise<{ port: number; connections: () => number }> {
    let connections = 0;
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      connections++;
      sockets.add(socket);
      if (behaviour === 'hang-up') socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });
    return { port: (server.address() as AddressInfo).port, connections: () => connections };
  }

  it('is not awaited: a filter service that never answers does not slow the sign-in', async () => {
    const sieve = await fakeSieve('silent');
    const { bff } = await bffBehindProxy({ TERN_SIEVE_PORT: String(sieve.port) });
    const user = await createTestUser('conn-sieve-hung');
    const started = Date.now();
    await signIn(bff, user);
    expect(Date.now() - started).toBeLessThan(2_000);
    await until(() => sieve.connections() === 1, 5_000, 'the install was tried');
  });

  it('a failed install is not tried again at every sign-in', async () => {
    const sieve = await fakeSieve('hang-up');
    const { bff } = await bffBehindProxy({ TERN_SIEVE_PORT: String(sieve.port) });
    const user = await createTestUser('conn-sieve-refused');
    for (let i = 0; i < 3; i++) {
      const api = await signIn(bff, user);
      await bff.deps.spamFilterAtSignIn.settled(user.email);
      expect((await api.request('DELETE', '/api/session')).status).toBe(204);
    }
    expect(sieve.connections()).toBe(1);
  });
});
