import type { ImapFlow } from 'imapflow';
import { describe, it } from 'vitest';
import { sessionIdOf } from '../../server/auth/session-crypto';
import { createWatcherClient, LiveUpdates } from '../../server/live/live-updates';
import { ApiClient } from '../support/api-client';
import { EventStream, type Frame } from '../support/event-stream';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, deliver, imapClient, type TestUser } from '../support/stack';

const foldersChanged = (folder: string) => (frame: Frame) =>
  frame.event === 'folders-changed' && (JSON.parse(frame.data) as { folders: string[] }).folders.includes(folder);

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What one test opened, closed when it finishes (tests run side by side, so no shared afterEach). */
function scope(onTestFinished: (fn: () => Promise<void>) => void) {
  const running: RunningBff[] = [];
  const streams: EventStream[] = [];
  const clients: ImapFlow[] = [];
  const standalone: LiveUpdates[] = [];
  onTestFinished(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(clients.map((client) => client.logout().catch(() => undefined)));
    await Promise.all(standalone.map((live) => live.closeAll()));
    await Promise.all(running.map((bff) => bff.close()));
  });
  return {
    async bff(): Promise<RunningBff> {
      const bff = await startBff();
      running.push(bff);
      return bff;
    },
    async signedIn(prefix: string): Promise<{ user: TestUser; bff: RunningBff; api: ApiClient }> {
      const user = await createTestUser(prefix);
      const bff = await this.bff();
      const api = new ApiClient(bff.url);
      const signIn = await api.signIn(user.email, user.password);
      if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status}`);
      return { user, bff, api };
    },
    async stream(api: ApiClient): Promise<EventStream> {
      const stream = await EventStream.open(api);
      streams.push(stream);
      return stream;
    },
    async imap(user: TestUser): Promise<ImapFlow> {
      const client = await imapClient(user);
      clients.push(client);
      return client;
    },
    live(live: LiveUpdates): LiveUpdates {
      standalone.push(live);
      return live;
    },
  };
}

// Every test has its own user and BFF, so they run side by side: some wait out real timers.
describe.concurrent('live updates (GET /api/events)', () => {
  it('refuses a request without a session', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const bff = await t.bff();
    const response = await fetch(`${bff.url}/api/events`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('unauthenticated');
  });

  it('pushes folders-changed for INBOX within 5 seconds of a delivery', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const { user, bff, api } = await t.signedIn('live-new-mail');
    const stream = await t.stream(api);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await until(() => bff.deps.live.isWatching(user.email), 10_000, 'the watcher selected INBOX');
    // Watching by itself reports nothing.
    await expect(stream.next((frame) => frame.event === 'folders-changed', 1_000)).rejects.toThrow(/no matching frame/);

    await deliver(user, { from: 'sender@example.net', subject: 'Live one', text: 'Hello' }, { noWait: true });

    const frame = await stream.next(foldersChanged('INBOX'), 5_000);
    expect(JSON.parse(frame.data)).toEqual({ folders: ['INBOX'] });
  });

  it('reports a flag change made by another IMAP client', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const { user, bff, api } = await t.signedIn('live-flags');
    const { uid } = await deliver(user, { from: 'sender@example.net', subject: 'To flag', text: 'x' });
    const stream = await t.stream(api);
    await until(() => bff.deps.live.isWatching(user.email), 10_000, 'the watcher selected INBOX');

    const other = await t.imap(user);
    await other.mailboxOpen('INBOX');
    await other.messageFlagsAdd(String(uid), ['\\Flagged'], { uid: true });

    const frame = await stream.next(foldersChanged('INBOX'), 5_000);
    expect(JSON.parse(frame.data)).toEqual({ folders: ['INBOX'] });
  });

  it('holds one watcher connection for ten tabs, and closes it after the grace period once all are gone', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const { user, bff, api } = await t.signedIn('live-ten-tabs');
    const tabs = await Promise.all(Array.from({ length: 10 }, () => t.stream(api)));
    expect(tabs.map((tab) => tab.response.status)).toEqual(Array(10).fill(200));
    await until(() => bff.deps.live.isWatching(user.email), 10_000, 'the watcher selected INBOX');
    expect(bff.deps.live.watcherConnectionCount(user.email)).toBe(1);
    expect(bff.deps.imap.connectionCount(user.email)).toBeLessThanOrEqual(bff.deps.config.imap.maxConnectionsPerUser);

    await deliver(user, { from: 'sender@example.net', subject: 'For every tab', text: 'x' }, { noWait: true });
    await Promise.all(tabs.map((tab) => tab.next(foldersChanged('INBOX'), 5_000)));
    expect(bff.deps.live.watcherConnectionCount(user.email)).toBe(1);

    for (const tab of tabs) tab.close();
    // A reload opens the stream again within moments: the watcher must still be there, not reconnect.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(bff.deps.live.watcherConnectionCount(user.email)).toBe(1);
    const reloaded = await t.stream(api);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bff.deps.live.isWatching(user.email)).toBe(true);
    reloaded.close();

    await until(() => bff.deps.live.watcherConnectionCount(user.email) === 0, 15_000, 'the watcher closed');
  });

  it('tells every tab of the user about a change the BFF made itself (notifyChanged), and nobody else', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const { user, bff, api } = await t.signedIn('live-notify');
    const other = await createTestUser('live-notify-other');
    const otherApi = new ApiClient(bff.url);
    await otherApi.signIn(other.email, other.password);
    const [tabA, tabB, stranger] = [await t.stream(api), await t.stream(api), await t.stream(otherApi)];

    bff.deps.live.notifyChanged(user.email, ['Sent', 'INBOX']);

    for (const tab of [tabA, tabB]) {
      const frame = await tab.next((f) => f.event === 'folders-changed', 2_000);
      expect(new Set((JSON.parse(frame.data) as { folders: string[] }).folders)).toEqual(new Set(['Sent', 'INBOX']));
    }
    await expect(stranger.next((f) => f.event === 'folders-changed', 1_000)).rejects.toThrow(/no matching frame/);
  });

  it('merges a burst of changes into few events', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const { user, bff, api } = await t.signedIn('live-burst');
    const tab = await t.stream(api);
    for (let i = 0; i < 50; i++) bff.deps.live.notifyChanged(user.email, [i % 2 ? 'INBOX' : 'Trash']);
    const first = await tab.next((f) => f.event === 'folders-changed', 2_000);
    const second = await tab.next((f) => f.event === 'folders-changed', 2_000).catch(() => null);
    const seen = new Set([first, second].flatMap((f) => (f ? (JSON.parse(f.data) as { folders: string[] }).folders : [])));
    expect(seen).toEqual(new Set(['INBOX', 'Trash']));
    await expect(tab.next((f) => f.event === 'folders-changed', 1_000)).rejects.toThrow(/no matching frame/);
  });

  it('ends the stream of a signed-out session at the next heartbeat', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const { user, bff, api } = await t.signedIn('live-signout');
    const stream = await t.stream(api);
    await until(() => bff.deps.live.isWatching(user.email), 10_000, 'the watcher selected INBOX');

    // Another tab signs out (through a client of its own, so our cookie stays as it was).
    const otherTab = new ApiClient(bff.url);
    otherTab.cookie = api.cookie;
    otherTab.csrfToken = api.csrfToken;
    expect((await otherTab.request('DELETE', '/api/session')).status).toBe(204);

    await stream.next((frame) => frame.event === 'session-ended', 30_000);
    await stream.untilEnded(2_000);
    await until(() => bff.deps.live.watcherConnectionCount(user.email) === 0, 15_000, 'the watcher closed');
  });

  it('ends the streams of a session at once when told so (endSession at sign-out)', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const { api, bff } = await t.signedIn('live-endsession');
    const stream = await t.stream(api);
    const token = api.cookie!.split('=')[1]!;

    bff.deps.live.endSession(sessionIdOf(token));

    const frame = await stream.next((f) => f.event === 'session-ended', 2_000);
    expect(JSON.parse(frame.data)).toEqual({ reason: 'ended' });
    await stream.untilEnded(2_000);
  });

  it('reconnects when the server drops the watcher, reports what may have been missed, and keeps watching', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const user = await createTestUser('live-reconnect');
    const bff = await t.bff();
    const opened: ImapFlow[] = [];
    const live = new LiveUpdates(bff.deps.config.imap, bff.deps.imap, {
      reconnectMinMs: 200,
      createClient: (credentials) => {
        const client = createWatcherClient(bff.deps.config.imap, credentials);
        opened.push(client);
        return client;
      },
    });
    t.live(live);
    const changes: string[][] = [];
    live.subscribe(user, { sessionId: 's', foldersChanged: (folders) => changes.push(folders), end: () => undefined });
    await until(() => live.isWatching(user.email), 10_000, 'the watcher selected INBOX');

    // What a Dovecot restart looks like from here: the socket just goes away.
    opened[0]!.close();
    await until(() => opened.length === 2 && live.isWatching(user.email), 10_000, 'the watcher reconnected');
    await until(() => changes.length > 0, 2_000, 'a catch-up event');
    expect(changes.flat()).toContain('INBOX');
    expect(live.watcherConnectionCount(user.email)).toBe(1);

    changes.length = 0;
    await deliver(user, { from: 'sender@example.net', subject: 'After the drop', text: 'x' }, { noWait: true });
    await until(() => changes.flat().includes('INBOX'), 5_000, 'INBOX reported after reconnecting');
  });

  it('notices changes in the other special folders by polling STATUS', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const user = await createTestUser('live-specials');
    const bff = await t.bff();
    const live = new LiveUpdates(bff.deps.config.imap, bff.deps.imap, { pollMs: 500 });
    t.live(live);
    const changes: string[][] = [];
    live.subscribe(user, { sessionId: 's', foldersChanged: (folders) => changes.push(folders), end: () => undefined });
    await until(() => live.isWatching(user.email), 10_000, 'the watcher selected INBOX');

    const other = await t.imap(user);
    const sent = (await other.list()).find((entry) => entry.specialUse === '\\Sent');
    expect(sent).toBeDefined();
    await other.append(sent!.path, 'From: a@example.net\r\nTo: b@example.net\r\nSubject: sent copy\r\n\r\nx\r\n', ['\\Seen']);

    await until(() => changes.flat().includes(sent!.path), 5_000, `${sent!.path} reported`);
    expect(changes.flat()).not.toContain('INBOX');
  });
});
