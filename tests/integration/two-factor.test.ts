import { describe, expect, it } from 'vitest';
import type { TotpEnabled, TotpSetup, TwoFactorStatus } from '../../shared/api/security';
import type { SessionInfo } from '../../shared/api/session';
import { ERROR_TEXTS } from '../../shared/errors';
import { ApiClient } from '../support/api-client';
import { createTestUser } from '../support/stack';
import { bffsClosedAfterEach, codeAt, halfSignedIn, signedIn, turnOnTotp } from '../support/two-factor';

/** A different six digits than the right one. */
function wrong(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

describe('two-step sign-in with an authenticator app', () => {
  const start = bffsClosedAfterEach();

  it('is turned on with a code from the key shown, then asks for a code after the password; the half-way session reaches nothing', async () => {
    const bff = await start();
    const user = await createTestUser('totp');
    const api = await signedIn(bff, user);
    expect(await api.json<TwoFactorStatus>('GET', '/api/two-factor')).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });

    const setup = await api.json<TotpSetup>('POST', '/api/two-factor/setup');
    expect(setup.uri).toBe(`otpauth://totp/Tern:${encodeURIComponent(user.email)}?issuer=Tern&secret=${setup.secret}&algorithm=SHA1&digits=6&period=30`);
    expect(setup.qrCode).toMatch(/^data:image\/png;base64,/);
    const refused = await api.request('POST', '/api/two-factor/enable', { code: wrong(codeAt(setup.secret)) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ message: ERROR_TEXTS.wrongCode });
    expect((await api.json<TwoFactorStatus>('GET', '/api/two-factor')).enabled).toBe(false);

    const { recoveryCodes } = await api.json<TotpEnabled>('POST', '/api/two-factor/enable', { code: codeAt(setup.secret) });
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await api.json<TwoFactorStatus>('GET', '/api/two-factor')).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
    // The key is sealed in the store, under the server secret: the database alone does not show it.
    const row = await bff.store.db.selectFrom('account_security').selectAll().executeTakeFirstOrThrow();
    expect(row.totp_sealed).not.toContain(setup.secret);
    expect(Buffer.from(row.totp_sealed!, 'base64').toString('latin1')).not.toContain(setup.secret);

    const half = await halfSignedIn(bff, user);
    const halfCookie = half.cookie;
    for (const [method, path] of [['GET', '/api/folders'], ['GET', '/api/preferences'], ['GET', '/api/security/devices'], ['GET', '/api/events'], ['POST', '/api/two-factor/setup']] as const) {
      expect((await half.request(method, path)).status, `${method} ${path}`).toBe(401);
    }
    expect(await half.json<SessionInfo>('GET', '/api/session')).toMatchObject({ pending: 'second-step' });

    // The code of the step enabling used is spent: the next step's is what the app shows half a minute later.
    const signIn = await half.request('POST', '/api/session/second-step', { code: codeAt(setup.secret, 1) });
    expect(signIn.status).toBe(200);
    const session = (await signIn.json()) as SessionInfo;
    expect(session.pending).toBeUndefined();
    half.csrfToken = session.csrfToken;
    expect(half.cookie).not.toBe(halfCookie);
    expect((await half.request('GET', '/api/folders')).status).toBe(200);
    // The half-way cookie is worth nothing now.
    const stale = new ApiClient(bff.url);
    stale.cookie = halfCookie;
    expect((await stale.request('GET', '/api/session')).status).toBe(401);
  });

  it('refuses a code used before (in its window) and a recovery code used once', async () => {
    const bff = await start();
    const user = await createTestUser('replay');
    const { secret, recoveryCodes } = await turnOnTotp(await signedIn(bff, user));

    const code = codeAt(secret, 1);
    expect((await (await halfSignedIn(bff, user)).request('POST', '/api/session/second-step', { code })).status).toBe(200);
    const again = await halfSignedIn(bff, user);
    const replayed = await again.request('POST', '/api/session/second-step', { code });
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ code: 'bad_credentials', message: ERROR_TEXTS.wrongCode });
    // An earlier step's code is no better.
    expect((await again.request('POST', '/api/session/second-step', { code: codeAt(secret) })).status).toBe(401);

    // A recovery code, typed in capitals: once.
    const recovery = recoveryCodes[3]!;
    expect((await again.request('POST', '/api/session/second-step', { code: recovery.toUpperCase() })).status).toBe(200);
    const third = await halfSignedIn(bff, user);
    expect((await third.request('POST', '/api/session/second-step', { code: recovery })).status).toBe(401);
    expect((await third.request('POST', '/api/session/second-step', { code: recoveryCodes[4] })).status).toBe(200);
    expect((await third.json<TwoFactorStatus>('GET', '/api/two-factor')).recoveryCodesLeft).toBe(8);
  });

  it('counts wrong codes against the sign-in throttle: after 5, even the right code waits', async () => {
    const bff = await start();
    const user = await createTestUser('codethrottle');
    const { secret } = await turnOnTotp(await signedIn(bff, user));
    const half = await halfSignedIn(bff, user);
    const right = codeAt(secret, 1);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await half.request('POST', '/api/session/second-step', { code: wrong(right) })).status).toBe(401);
    }
    const throttled = await half.request('POST', '/api/session/second-step', { code: right });
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toMatchObject({ code: 'throttled', message: ERROR_TEXTS.throttled });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same account's password is throttled too: one allowance for both.
    expect((await new ApiClient(bff.url).signIn(user.email, user.password)).status).toBe(429);
  });

  it('ends a half signed-in session after its short lifetime', async () => {
    const bff = await start({}, { sessionLifetimes: { halfSignedInMs: 1_000 } });
    const user = await createTestUser('halfexpiry');
    const { secret } = await turnOnTotp(await signedIn(bff, user));
    const half = await halfSignedIn(bff, user);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const late = await half.request('POST', '/api/session/second-step', { code: codeAt(secret, 1) });
    expect(late.status).toBe(401);
    expect(await late.json()).toMatchObject({ code: 'unauthenticated', message: ERROR_TEXTS.sessionExpired });
  });

  it('turns off with a code, and then the password alone signs in', async () => {
    const bff = await start();
    const user = await createTestUser('totpoff');
    const api = await signedIn(bff, user);
    const { secret } = await turnOnTotp(api);
    expect((await api.request('POST', '/api/two-factor/disable', { code: wrong(codeAt(secret, 1)) })).status).toBe(400);
    expect((await api.request('POST', '/api/two-factor/disable', { code: codeAt(secret, 1) })).status).toBe(204);
    expect(await (await new ApiClient(bff.url).signIn(user.email, user.password)).json()).toEqual({ email: user.email, csrfToken: expect.any(String) });
  });

  it('with TERN_REQUIRE_2FA, makes a user without it set it up right after the password, before any mail', async () => {
    const bff = await start({ TERN_REQUIRE_2FA: 'true' });
    const user = await createTestUser('required');
    const api = new ApiClient(bff.url);
    expect(await (await api.signIn(user.email, user.password)).json()).toMatchObject({ pending: 'setup' });
    expect((await api.request('GET', '/api/folders')).status).toBe(401);
    expect(await api.json<TwoFactorStatus>('GET', '/api/two-factor')).toEqual({ enabled: false, required: true, recoveryCodesLeft: 0 });

    const setup = await api.json<TotpSetup>('POST', '/api/two-factor/setup');
    const enabled = await api.json<TotpEnabled>('POST', '/api/two-factor/enable', { code: codeAt(setup.secret) });
    expect(enabled.recoveryCodes).toHaveLength(10);
    expect(enabled.session).toEqual({ email: user.email, csrfToken: expect.any(String) });
    api.csrfToken = enabled.session!.csrfToken;
    expect((await api.request('GET', '/api/folders')).status).toBe(200);
    const off = await api.request('POST', '/api/two-factor/disable', { code: codeAt(setup.secret, 1) });
    expect(off.status).toBe(403);
    expect(await off.json()).toMatchObject({ message: ERROR_TEXTS.twoFactorRequired });

    // Next time: the code, like everyone with two-step sign-in.
    expect(await (await new ApiClient(bff.url).signIn(user.email, user.password)).json()).toMatchObject({ pending: 'second-step' });
  });
});
