import { describe, it } from 'vitest';
import { BACKGROUND_HEADER } from '../../shared/api/session';
import { ERROR_TEXTS } from '../../shared/errors';
import { createPasswordDriver } from '../../server/password/create-password-driver';
import { ApiClient } from '../support/api-client';
import { startBff, type BffOptions, type RunningBff } from '../support/bff';
import { EventStream } from '../support/event-stream';
import { createTestUser, type TestUser } from '../support/stack';

// Issue 13: a session ends when it is unused (an open tab's event stream is
// not use), at its absolute lifetime, for every address of the mailbox at a
// password change, and when the mail server no longer takes its password;
// every tab of it is told why.

const passwordChanged = { code: 'unauthenticated', message: ERROR_TEXTS.passwordChanged, details: { reason: 'password-changed' } };

/** What one test opened, closed when it finishes (the tests run side by side and wait out real timers). */
function scope(onTestFinished: (fn: () => Promise<void>) => void) {
  const running: RunningBff[] = [];
  const streams: EventStream[] = [];
  onTestFinished(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(running.map((bff) => bff.close()));
  });
  return {
    async bff(options: BffOptions = {}): Promise<RunningBff> {
      const bff = await startBff({}, options);
      running.push(bff);
      return bff;
    },
    async signIn(bff: RunningBff, email: string, password: string): Promise<ApiClient> {
      const api = new ApiClient(bff.url);
      const response = await api.signIn(email, password);
      if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
      return api;
    },
    async stream(api: ApiClient): Promise<EventStream> {
      const stream = await EventStream.open(api);
      streams.push(stream);
      return stream;
    },
  };
}

const sessionEnded = (frame: { event: string }) => frame.event === 'session-ended';

describe.concurrent('how sessions end', () => {
  it('ends a session that only an open tab watches at its idle time, and the stream tells the tab', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const bff = await t.bff({ sessionLifetimes: { idleMs: 3_000 } });
    const user = await createTestUser('idle-tab');
    const beforeSignIn = Date.now();
    const api = await t.signIn(bff, user.email, user.password);
    const stream = await t.stream(api);
    expect(stream.response.status).toBe(200);

    // Meanwhile the page refetches by itself (new mail, say): such reads say so and keep nothing alive.
    const backgroundStatuses: number[] = [];
    const background = setInterval(() => {
      void api.request('GET', '/api/folders', undefined, { [BACKGROUND_HEADER]: '1' }).then((response) => backgroundStatuses.push(response.status));
    }, 500);
    onTestFinished(async () => clearInterval(background));
    const frame = await stream.next(sessionEnded, 10_000);
    clearInterval(background);
    expect(JSON.parse(frame.data)).toEqual({ reason: 'ended' });
    expect(backgroundStatuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(Date.now() - beforeSignIn).toBeGreaterThanOrEqual(3_000);
    await stream.untilEnded(2_000);
    const after = await api.request('GET', '/api/session');
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ message: ERROR_TEXTS.sessionExpired, details: { reason: 'ended' } });
  });

  it('keeps a session the user works in alive past its idle time, but not past its absolute lifetime', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const bff = await t.bff({ sessionLifetimes: { idleMs: 2_000, maxMs: 5_000 } });
    const user = await createTestUser('lifetime');
    const signedInAt = Date.now();
    const api = await t.signIn(bff, user.email, user.password);
    let status = 200;
    while (status === 200 && Date.now() - signedInAt < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      status = (await api.request('GET', '/api/folders')).status;
    }
    expect(status).toBe(401);
    const lived = Date.now() - signedInAt;
    expect(lived).toBeGreaterThanOrEqual(5_000);
    expect(lived).toBeLessThan(8_000);
  });

  it('ends the sessions of every address of the mailbox when the password changes, and tells their tabs why', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const bff = await t.bff();
    const user: TestUser = await createTestUser('alias-change', { aliases: 1 });
    const changer = await t.signIn(bff, user.email, user.password);
    const viaAlias = await t.signIn(bff, user.aliases[0]!, user.password);
    const aliasTab = await t.stream(viaAlias);
    expect(aliasTab.response.status).toBe(200);

    const newPassword = 'Fresh-pass-1!';
    const changed = await changer.request('POST', '/api/settings/password', { currentPassword: user.password, newPassword, confirmPassword: newPassword });
    expect(changed.status).toBe(204);

    expect(JSON.parse((await aliasTab.next(sessionEnded, 5_000)).data)).toEqual({ reason: 'password-changed' });
    const refused = await viaAlias.request('GET', '/api/folders');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(passwordChanged);
    expect((await changer.request('GET', '/api/folders')).status).toBe(200);
  });

  it('signs out a session whose password the mail server no longer takes, with the reason, instead of failing every request', async ({ expect, onTestFinished }) => {
    const t = scope(onTestFinished);
    const bff = await t.bff();
    const user = await createTestUser('changed-elsewhere');
    const api = await t.signIn(bff, user.email, user.password);
    const tab = await t.stream(api);
    expect((await api.request('GET', '/api/folders')).status).toBe(200);

    // Changed behind Tern's back (another client, the admin); the pooled connections have since closed.
    await createPasswordDriver(bff.deps.config.password).change(user.email, 'Elsewhere-1!');
    await bff.deps.imap.closeUser(user.email);

    const cookie = api.cookie;
    const refused = await api.request('GET', '/api/folders');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(passwordChanged);
    expect(api.cookie).toBeNull();
    expect(JSON.parse((await tab.next(sessionEnded, 5_000)).data)).toEqual({ reason: 'password-changed' });
    // Another tab of the same session asks who is signed in: nobody, and why.
    const otherTab = new ApiClient(bff.url);
    otherTab.cookie = cookie;
    const session = await otherTab.request('GET', '/api/session');
    expect(session.status).toBe(401);
    expect(await session.json()).toEqual(passwordChanged);
  });
});
