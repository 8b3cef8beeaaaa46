import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXTS } from '../../shared/errors';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser } from '../support/stack';

describe('sign-in against the real IMAP server', () => {
  let bff: RunningBff;
  let user: { email: string; password: string };

  beforeAll(async () => {
    bff = await startBff();
    user = await createTestUser('signin');
  });
  afterAll(async () => bff?.close());

  it('refuses a wrong password with one message that does not say which half was wrong', async () => {
    const api = new ApiClient(bff.url);
    const wrongPassword = await api.signIn(user.email, 'not-the-password');
    const unknownUser = await new ApiClient(bff.url).signIn(`nobody-${Date.now()}@tern-test.example`, user.password);
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    const [a, b] = [await wrongPassword.json(), await unknownUser.json()];
    expect(a).toEqual({ code: 'bad_credentials', message: ERROR_TEXTS.badCredentials });
    expect(b).toEqual(a);
    expect(api.cookie).toBeNull();
  });

  it('signs in with the right password, sets a strict HttpOnly cookie and answers who is signed in', async () => {
    const api = new ApiClient(bff.url);
    const response = await api.signIn(user.email.toUpperCase(), user.password);
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const me = await api.json<{ email: string; csrfToken: string }>('GET', '/api/session');
    expect(me.email).toBe(user.email);
    expect(me.csrfToken).toBe(api.csrfToken);
  });

  it('rotates the session id at sign-in: the cookie from before no longer works', async () => {
    const api = new ApiClient(bff.url);
    await api.signIn(user.email, user.password);
    const before = api.cookie;
    await api.signIn(user.email, user.password);
    expect(api.cookie).not.toBe(before);
    const stale = new ApiClient(bff.url);
    stale.cookie = before;
    expect((await stale.request('GET', '/api/session')).status).toBe(401);
  });

  it('rejects bad input with a message a person can act on, never a 500', async () => {
    const api = new ApiClient(bff.url);
    const response = await api.request('POST', '/api/session', { email: 'not an address', password: '' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('bad_request');
    expect(body.message).toMatch(/full email address/);
    const notJson = await api.request('POST', '/api/session', undefined, { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
  });

  it('needs the CSRF token for state changes and refuses sign-in from another origin', async () => {
    const api = new ApiClient(bff.url);
    await api.signIn(user.email, user.password);
    const token = api.csrfToken;
    api.csrfToken = null;
    expect((await api.request('DELETE', '/api/session')).status).toBe(403);
    api.csrfToken = token;
    const foreign = await new ApiClient(bff.url).request('POST', '/api/session', user, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const form = await new ApiClient(bff.url).request('POST', '/api/session', undefined, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
  });

  it('signs out on the server: the cookie is dead afterwards', async () => {
    const api = new ApiClient(bff.url);
    await api.signIn(user.email, user.password);
    const cookie = api.cookie;
    expect((await api.request('DELETE', '/api/session')).status).toBe(204);
    const replay = new ApiClient(bff.url);
    replay.cookie = cookie;
    expect((await replay.request('GET', '/api/folders')).status).toBe(401);
  });

  it('throttles an account after five failures, even for the right password, and says so', async () => {
    const victim = await createTestUser('throttle');
    const api = new ApiClient(bff.url);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await api.signIn(victim.email, `guess-${attempt}`)).status).toBe(401);
    }
    const blocked = await api.signIn(victim.email, victim.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.json()).toMatchObject({ code: 'throttled', message: ERROR_TEXTS.throttled });
    // Another account from the same address is not locked out by it.
    expect((await new ApiClient(bff.url).signIn(user.email, user.password)).status).toBe(200);
  });

  it('sends the security headers of SPEC §11 on API responses', async () => {
    const response = await new ApiClient(bff.url).request('GET', '/api/session');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('sign-in throttling under concurrency, on every door', () => {
  const running: RunningBff[] = [];
  // A fresh store per test: the counters of one do not spill into the next (all come from 127.0.0.1).
  const freshBff = async () => {
    const bff = await startBff();
    running.push(bff);
    return bff;
  };
  afterAll(async () => Promise.all(running.map((bff) => bff.close())));

  const statuses = (responses: Response[]) => responses.map((response) => response.status).sort();
  const davBasic = (login: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`, depth: '0' });

  it('lets only five of twenty parallel wrong passwords for one account reach the mail server', async () => {
    const bff = await freshBff();
    const victim = await createTestUser('parallel');
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => new ApiClient(bff.url).signIn(victim.email, `guess-${i}`)));
    expect(statuses(guesses)).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
    expect((await new ApiClient(bff.url).signIn(victim.email, victim.password)).status).toBe(429);
  });

  it('lets only twenty of fifty parallel /dav/ guesses from one address reach the mail server', async () => {
    const bff = await freshBff();
    const guesses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => fetch(`${bff.url}/dav/`, { method: 'PROPFIND', headers: davBasic(`nobody-${i}@tern-test.example`, 'guess') })),
    );
    expect(statuses(guesses)).toEqual([...Array(20).fill(401), ...Array(30).fill(429)]);
  });

  it('counts every spelling of an account as one, on /dav/ and on the sign-in page alike', async () => {
    const bff = await freshBff();
    const victim = await createTestUser('spelling');
    const [local, domain] = victim.email.split('@') as [string, string];
    const spellings = [`${local[0]!.toUpperCase()}${local.slice(1)}@${domain}`, victim.email.toUpperCase(), ` ${local}@${domain.toUpperCase()}`];
    const guesses: Response[] = [];
    for (const spelling of spellings) {
      for (let attempt = 0; attempt < 5; attempt++) {
        guesses.push(await fetch(`${bff.url}/dav/`, { method: 'PROPFIND', headers: davBasic(spelling, `guess-${attempt}`) }));
      }
    }
    expect(statuses(guesses)).toEqual([...Array(5).fill(401), ...Array(10).fill(429)]);
    expect((await new ApiClient(bff.url).signIn(victim.email.toUpperCase(), victim.password)).status).toBe(429);
  });

  it('gives a right password its attempt back, so signing in often never locks anyone out', async () => {
    const bff = await freshBff();
    const user = await createTestUser('often');
    for (let i = 0; i < 8; i++) expect((await new ApiClient(bff.url).signIn(user.email, user.password)).status).toBe(200);
  });
});
