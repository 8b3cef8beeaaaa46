import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import type { PasskeyAdded, Passkeys, RecoveryCodesAnswer, TwoFactorStatus } from '../../shared/api/security';
import type { SessionInfo } from '../../shared/api/session';
import { ERROR_TEXTS } from '../../shared/errors';
import { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import { freshPostgresUrl } from '../support/postgres';
import { createTestUser, type TestUser } from '../support/stack';
import { bffsClosedAfterEach, codeAt, halfSignedIn, signedIn, turnOnTotp } from '../support/two-factor';
import { SoftwareAuthenticator, strangerKey } from '../support/webauthn';

/** WebAuthn refuses IP addresses: the relying party is the configured public URL, on a host name. */
const PUBLIC_URL = 'http://localhost:8080';

const stores: Array<[string, () => Promise<Record<string, string>>]> = [
  ['SQLite', async () => ({})],
  ['PostgreSQL', async () => ({ DATABASE_URL: await freshPostgresUrl() })],
];

describe('passkeys as the second step', () => {
  const start = bffsClosedAfterEach({ TERN_PUBLIC_URL: PUBLIC_URL });

  async function addPasskey(api: ApiClient, authenticator: SoftwareAuthenticator, name: string): Promise<PasskeyAdded> {
    const options = await api.json<PublicKeyCredentialCreationOptionsJSON>('POST', '/api/two-factor/passkeys/options');
    const added = await api.request('POST', '/api/two-factor/passkeys', { name, response: authenticator.register(options) });
    expect(added.status).toBe(201);
    return (await added.json()) as PasskeyAdded;
  }

  const signInOptions = (api: ApiClient) => api.json<PublicKeyCredentialRequestOptionsJSON>('POST', '/api/session/passkey/options');

  /** The half signed-in session, finished with the passkey: the answer's CSRF token is kept, as the SPA does. */
  async function finishWithPasskey(api: ApiClient, authenticator: SoftwareAuthenticator): Promise<Response> {
    const response = await api.request('POST', '/api/session/passkey', { response: authenticator.assert(await signInOptions(api)) });
    if (response.ok) api.csrfToken = ((await response.clone().json()) as SessionInfo).csrfToken;
    return response;
  }

  const propfind = (bff: RunningBff, user: TestUser) =>
    fetch(`${bff.url}/dav/`, { method: 'PROPFIND', headers: { depth: '0', authorization: `Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}` } });

  describe.each(stores)('on %s', (_name, database) => {
    it('registers named passkeys, lists them, and asks for one after the password; with passkeys only, /dav/ refuses the mail password', async () => {
      const bff = await start(await database());
      const user = await createTestUser('passkey');
      const api = await signedIn(bff, user);
      expect(await api.json<Passkeys>('GET', '/api/two-factor/passkeys')).toEqual({ passkeys: [] });
      expect((await propfind(bff, user)).status).toBe(207);

      const laptop = new SoftwareAuthenticator(PUBLIC_URL);
      const phone = new SoftwareAuthenticator(PUBLIC_URL);
      const first = await addPasskey(api, laptop, 'Laptop');
      // The first second step comes with its ten recovery codes; the next passkey does not replace them.
      expect(first.recoveryCodes).toHaveLength(10);
      expect(first.passkey).toMatchObject({ id: laptop.credentialId, name: 'Laptop', lastUsedAt: null });
      const options = await api.json<PublicKeyCredentialCreationOptionsJSON>('POST', '/api/two-factor/passkeys/options');
      // The relying party is the configured public URL; the user handle is random and the same for each registration.
      expect(options.rp).toEqual({ name: 'Tern', id: 'localhost' });
      expect(options.excludeCredentials?.map((credential) => credential.id)).toEqual([laptop.credentialId]);
      const handle = await bff.store.db.selectFrom('webauthn_users').selectAll().executeTakeFirstOrThrow();
      expect(options.user.id).toBe(handle.user_handle);
      expect(Buffer.from(handle.user_handle, 'base64url').toString('latin1')).not.toContain(user.email.split('@')[0]);
      const second = await api.request('POST', '/api/two-factor/passkeys', { name: 'Phone', response: phone.register(options) });
      expect(second.status).toBe(201);
      expect(((await second.json()) as PasskeyAdded).recoveryCodes).toBeUndefined();
      expect((await api.json<Passkeys>('GET', '/api/two-factor/passkeys')).passkeys.map((passkey) => passkey.name)).toEqual(['Laptop', 'Phone']);
      expect(await api.json<TwoFactorStatus>('GET', '/api/two-factor')).toMatchObject({ enabled: false, recoveryCodesLeft: 10 });

      // Two-step sign-in is on: the mail password no longer opens /dav/.
      const refused = await propfind(bff, user);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ message: ERROR_TEXTS.davNeedsAppPassword });

      const half = await halfSignedIn(bff, user);
      expect(await half.json<SessionInfo>('GET', '/api/session')).toMatchObject({ pending: 'second-step', secondSteps: ['passkey'] });
      expect((await half.request('GET', '/api/folders')).status).toBe(401);
      expect((await signInOptions(half)).allowCredentials?.map((credential) => credential.id)).toEqual([laptop.credentialId, phone.credentialId]);
      const done = await finishWithPasskey(half, phone);
      expect(done.status).toBe(200);
      expect(((await done.json()) as SessionInfo).pending).toBeUndefined();
      expect((await half.request('GET', '/api/folders')).status).toBe(200);
      const listed = (await half.json<Passkeys>('GET', '/api/two-factor/passkeys')).passkeys;
      expect(listed.find((passkey) => passkey.name === 'Phone')!.lastUsedAt).toBeGreaterThan(0);
      expect(listed.find((passkey) => passkey.name === 'Laptop')!.lastUsedAt).toBeNull();

      // A recovery code stands in for a lost passkey, once.
      const lost = await halfSignedIn(bff, user);
      expect((await lost.request('POST', '/api/session/second-step', { code: first.recoveryCodes![0] })).status).toBe(200);
    });
  });

  // Four refusals and the replay: within the throttle's five, so each is refused for what it is.
  it('refuses forged, foreign, replayed and expired answers with a clear error, and changes nothing', async () => {
    let clock = Date.now();
    const bff = await start({}, { now: () => clock });
    const user = await createTestUser('forged');
    const api = await signedIn(bff, user);
    const key = new SoftwareAuthenticator(PUBLIC_URL);

    // A registration made on another site (a phishing page) does not check out: nothing is added.
    const options = await api.json<PublicKeyCredentialCreationOptionsJSON>('POST', '/api/two-factor/passkeys/options');
    const phished = await api.request('POST', '/api/two-factor/passkeys', { name: 'Evil', response: key.register(options, 'http://evil.example') });
    expect(phished.status).toBe(400);
    expect(await phished.json()).toMatchObject({ code: 'bad_request', message: ERROR_TEXTS.passkeyNotAdded });
    // Its challenge is spent, even by a failure: the right answer to it comes too late.
    expect((await api.request('POST', '/api/two-factor/passkeys', { name: 'Late', response: key.register(options) })).status).toBe(400);
    expect(await api.json<Passkeys>('GET', '/api/two-factor/passkeys')).toEqual({ passkeys: [] });
    const garbage = await api.request('POST', '/api/two-factor/passkeys', { name: 'Junk', response: { id: 'x', rawId: 'x', type: 'public-key' } });
    expect(garbage.status).toBe(400);
    await addPasskey(api, key, 'Key');
    const counterBefore = (await bff.store.db.selectFrom('passkeys').select('counter').executeTakeFirstOrThrow()).counter;

    const half = await halfSignedIn(bff, user);
    const stillHalf = async () => {
      expect((await half.request('GET', '/api/folders')).status).toBe(401);
      expect(await half.json<SessionInfo>('GET', '/api/session')).toMatchObject({ pending: 'second-step' });
    };
    const refusedWith = async (response: Response) => {
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'bad_credentials', message: ERROR_TEXTS.passkeyRefused });
    };
    // Signed with a key that is not the passkey's.
    await refusedWith(await half.request('POST', '/api/session/passkey', { response: key.assert(await signInOptions(half), { signingKey: strangerKey() }) }));
    // Made for another site.
    await refusedWith(await half.request('POST', '/api/session/passkey', { response: key.assert(await signInOptions(half), { origin: 'http://evil.example' }) }));
    // Answering another session's challenge (one asked by someone else half signed in as this user).
    const other = await halfSignedIn(bff, user);
    const othersAnswer = key.assert(await signInOptions(other));
    await signInOptions(half);
    await refusedWith(await half.request('POST', '/api/session/passkey', { response: othersAnswer }));
    // A challenge older than five minutes.
    const stale = key.assert(await signInOptions(half));
    clock += 5 * 60_000 + 1_000;
    await refusedWith(await half.request('POST', '/api/session/passkey', { response: stale }));
    await stillHalf();
    expect((await bff.store.db.selectFrom('passkeys').select(['counter', 'last_used_at']).executeTakeFirstOrThrow())).toEqual({ counter: counterBefore, last_used_at: null });

    // The right answer passes, once: replayed on a new sign-in it is refused.
    const signIn = await half.request('POST', '/api/session/passkey', { response: key.assert(await signInOptions(half)) });
    expect(signIn.status).toBe(200);
    const replay = await halfSignedIn(bff, user);
    await signInOptions(replay);
    await refusedWith(await replay.request('POST', '/api/session/passkey', { response: othersAnswer }));
  });

  it('counts refused passkeys against the sign-in throttle: after 5, even a good one waits', async () => {
    const bff = await start();
    const user = await createTestUser('passkeythrottle');
    const key = new SoftwareAuthenticator(PUBLIC_URL);
    await addPasskey(await signedIn(bff, user), key, 'Key');
    const half = await halfSignedIn(bff, user);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await half.request('POST', '/api/session/passkey', { response: key.assert(await signInOptions(half), { signingKey: strangerKey() }) })).status).toBe(401);
    }
    const throttled = await half.request('POST', '/api/session/passkey', { response: key.assert(await signInOptions(half)) });
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toMatchObject({ code: 'throttled', message: ERROR_TEXTS.throttled });
    expect((await new ApiClient(bff.url).signIn(user.email, user.password)).status).toBe(429);
  });

  it('renames and removes passkeys; the last one gone turns two-step sign-in off with its recovery codes, unless it is required', async () => {
    const bff = await start();
    const user = await createTestUser('passkeyremove');
    const api = await signedIn(bff, user);
    const laptop = new SoftwareAuthenticator(PUBLIC_URL);
    const phone = new SoftwareAuthenticator(PUBLIC_URL);
    await addPasskey(api, laptop, 'Laptop');
    await addPasskey(api, phone, 'Phone');

    expect((await api.request('PATCH', `/api/two-factor/passkeys/${laptop.credentialId}`, { name: '  Work laptop ' })).status).toBe(204);
    const emptyName = await api.request('PATCH', `/api/two-factor/passkeys/${laptop.credentialId}`, { name: ' ' });
    expect(emptyName.status).toBe(400);
    expect((await api.json<Passkeys>('GET', '/api/two-factor/passkeys')).passkeys.map((passkey) => passkey.name)).toEqual(['Work laptop', 'Phone']);
    // Another user's passkey is nobody's business here.
    const strangerUser = await createTestUser('passkeystranger');
    const stranger = await signedIn(bff, strangerUser);
    expect((await stranger.request('DELETE', `/api/two-factor/passkeys/${laptop.credentialId}`, { password: strangerUser.password })).status).toBe(404);

    // Removing one weakens the sign-in: the session alone is not enough, the password must come with it.
    expect((await api.request('DELETE', `/api/two-factor/passkeys/${laptop.credentialId}`)).status).toBe(400);
    const wrong = await api.request('DELETE', `/api/two-factor/passkeys/${laptop.credentialId}`, { password: 'not-it' });
    expect(await wrong.json()).toMatchObject({ message: ERROR_TEXTS.wrongCurrentPassword });
    expect((await api.json<Passkeys>('GET', '/api/two-factor/passkeys')).passkeys).toHaveLength(2);
    const confirmed = { password: user.password };
    expect((await api.request('DELETE', `/api/two-factor/passkeys/${laptop.credentialId}`, confirmed)).status).toBe(204);
    expect((await api.request('DELETE', `/api/two-factor/passkeys/${laptop.credentialId}`, confirmed)).status).toBe(404);
    // The removed passkey signs nobody in.
    const half = await halfSignedIn(bff, user);
    expect((await finishWithPasskey(half, laptop)).status).toBe(401);
    expect((await finishWithPasskey(half, phone)).status).toBe(200);

    expect((await api.request('DELETE', `/api/two-factor/passkeys/${phone.credentialId}`, confirmed)).status).toBe(204);
    expect(await api.json<TwoFactorStatus>('GET', '/api/two-factor')).toMatchObject({ recoveryCodesLeft: 0 });
    expect(await (await new ApiClient(bff.url).signIn(user.email, user.password)).json()).not.toHaveProperty('pending');
    expect((await propfind(bff, user)).status).toBe(207);
  });

  it('meets TERN_REQUIRE_2FA: a passkey set up right after the password finishes the sign-in, and the last one cannot be removed', async () => {
    const bff = await start({ TERN_REQUIRE_2FA: 'true' });
    const user = await createTestUser('passkeyrequired');
    const setup = new ApiClient(bff.url);
    expect(await (await setup.signIn(user.email, user.password)).json()).toMatchObject({ pending: 'setup' });
    const key = new SoftwareAuthenticator(PUBLIC_URL);
    const added = await addPasskey(setup, key, 'Key');
    expect(added.recoveryCodes).toHaveLength(10);
    expect(added.session).toMatchObject({ email: user.email });
    setup.csrfToken = added.session!.csrfToken;
    expect((await setup.request('GET', '/api/folders')).status).toBe(200);

    // From now on the password leads to the passkey, not to the setup.
    const half = await halfSignedIn(bff, user);
    expect((await finishWithPasskey(half, key)).status).toBe(200);
    const last = await half.request('DELETE', `/api/two-factor/passkeys/${key.credentialId}`, { password: user.password });
    expect(last.status).toBe(403);
    expect(await last.json()).toMatchObject({ message: ERROR_TEXTS.twoFactorRequired });
    expect((await half.json<Passkeys>('GET', '/api/two-factor/passkeys')).passkeys).toHaveLength(1);
  });

  it('with the app and a passkey, offers both after the password; turning the app off keeps the recovery codes while a passkey is left', async () => {
    const bff = await start();
    const user = await createTestUser('passkeyandapp');
    const api = await signedIn(bff, user);
    const { secret, recoveryCodes } = await turnOnTotp(api);
    const key = new SoftwareAuthenticator(PUBLIC_URL);
    // Two-step sign-in was on already: the passkey brings no new codes, the old ones stay good.
    expect((await addPasskey(api, key, 'Key')).recoveryCodes).toBeUndefined();

    const half = await halfSignedIn(bff, user);
    expect(await half.json<SessionInfo>('GET', '/api/session')).toMatchObject({ secondSteps: ['code', 'passkey'] });
    expect((await half.request('POST', '/api/session/second-step', { code: codeAt(secret, 1) })).status).toBe(200);

    expect((await api.request('POST', '/api/two-factor/disable', { code: recoveryCodes[0] })).status).toBe(204);
    expect(await api.json<TwoFactorStatus>('GET', '/api/two-factor')).toMatchObject({ enabled: false, recoveryCodesLeft: 9 });
    const passkeyOnly = await halfSignedIn(bff, user);
    expect(await passkeyOnly.json<SessionInfo>('GET', '/api/session')).toMatchObject({ secondSteps: ['passkey'] });
    expect((await passkeyOnly.request('POST', '/api/session/second-step', { code: recoveryCodes[1] })).status).toBe(200);
  });

  it('regenerates the recovery codes with the current password: the old ones stop working, each new one works once', async () => {
    const bff = await start();
    const user = await createTestUser('regenerate');
    const api = await signedIn(bff, user);
    const off = await api.request('POST', '/api/two-factor/recovery-codes', { password: user.password });
    expect(off.status).toBe(409);
    const { secret, recoveryCodes: old } = await turnOnTotp(api);

    const wrongPassword = await api.request('POST', '/api/two-factor/recovery-codes', { password: `${user.password}x` });
    expect(wrongPassword.status).toBe(400);
    expect(await wrongPassword.json()).toMatchObject({ message: ERROR_TEXTS.wrongCurrentPassword });
    const { recoveryCodes: fresh } = await api.json<RecoveryCodesAnswer>('POST', '/api/two-factor/recovery-codes', { password: user.password });
    expect(new Set(fresh).size).toBe(10);
    expect(fresh.filter((code) => old.includes(code))).toEqual([]);
    expect(await api.json<TwoFactorStatus>('GET', '/api/two-factor')).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });

    const half = await halfSignedIn(bff, user);
    expect(await half.json<SessionInfo>('GET', '/api/session')).toMatchObject({ secondSteps: ['code'] });
    expect((await half.request('POST', '/api/session/second-step', { code: old[0] })).status).toBe(401);
    expect((await half.request('POST', '/api/session/second-step', { code: fresh[0] })).status).toBe(200);
    const again = await halfSignedIn(bff, user);
    expect((await again.request('POST', '/api/session/second-step', { code: fresh[0] })).status).toBe(401);
    expect((await again.request('POST', '/api/session/second-step', { code: codeAt(secret, 1) })).status).toBe(200);
  });
});
