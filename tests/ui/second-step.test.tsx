import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ERROR_TEXTS } from '../../shared/errors';
import { makeSession } from './builders';
import { apiError, createFakeApi, json } from './fake-api';
import { renderApp } from './render';

vi.setConfig({ testTimeout: 30_000 });

// The browser's passkey dialog is not in jsdom: Chromium's own runs in tests/e2e/passkeys.test.ts.
const webauthn = vi.hoisted(() => ({ startAuthentication: vi.fn(), startRegistration: vi.fn() }));
vi.mock('@simplewebauthn/browser', () => ({ startAuthentication: webauthn.startAuthentication, startRegistration: webauthn.startRegistration }));
const ASSERTION = {
  id: 'a2V5',
  rawId: 'a2V5',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'MEU' },
  clientExtensionResults: {},
};

const HALF = { email: 'joy@mt-example.com', csrfToken: 'half-token' };
const CODES = ['abcde-fghjk', 'mnpqr-stuvw', 'xyz23-45678', 'a2b3c-d4e5f', 'ghjkm-npqrs', 'tuvwx-yz234', '56789-abcde', 'fghjk-mnpqr', 'stuvw-xyz23', '45678-a2b3c'];

/** Signed out; the password answers with a half signed-in session at `pending`. */
function halfSignedInApi(pending: 'second-step' | 'setup', secondSteps?: Array<'code' | 'passkey'>) {
  const api = createFakeApi({ session: null });
  api.on('POST /api/session', () => json(200, { ...HALF, pending, ...(secondSteps && { secondSteps }) }));
  return api;
}

async function enterPassword(user: ReturnType<typeof renderApp>['user']) {
  await user.type(screen.getByLabelText('Email address'), 'joy@mt-example.com');
  await user.type(screen.getByLabelText('Password'), 'secret');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('the second step of signing in', () => {
  it('asks for a code after the password, says when it is wrong, and opens Mail with the right one', async () => {
    const api = halfSignedInApi('second-step');
    api.on('POST /api/session/second-step', ({ body }) => {
      if ((body as { code: string }).code !== '123456') return apiError(401, 'bad_credentials', ERROR_TEXTS.wrongCode);
      api.state.session = makeSession();
      return json(200, makeSession());
    });
    const { user, currentPath } = renderApp({ path: '/sign-in', api });
    await enterPassword(user);

    const code = await screen.findByLabelText('Code');
    expect(screen.getByText('Enter the six-digit code from your authenticator app, or one of your recovery codes.')).toBeTruthy();
    expect(currentPath()).toBe('/sign-in');
    await user.type(code, '654321');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toBe(ERROR_TEXTS.wrongCode);
    // The half signed-in session's token goes with the code.
    expect(api.callsTo('POST', '/api/session/second-step')[0]?.headers.get('x-csrf-token')).toBe('half-token');

    await user.clear(code);
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(currentPath()).toBe('/mail'));
  });

  it('offers "Use a passkey" to an account with one: the browser answers the challenge of the BFF, a refusal is said, the right one opens Mail', async () => {
    const api = halfSignedInApi('second-step', ['passkey']);
    api.on('POST /api/session/passkey/options', () => json(200, { challenge: 'Y2hhbGxlbmdl', allowCredentials: [{ id: 'a2V5', type: 'public-key' }] }));
    let tries = 0;
    api.on('POST /api/session/passkey', () => {
      tries += 1;
      if (tries === 1) return apiError(401, 'bad_credentials', ERROR_TEXTS.passkeyRefused);
      api.state.session = makeSession();
      return json(200, makeSession());
    });
    webauthn.startAuthentication.mockResolvedValue(ASSERTION);
    const { user, currentPath } = renderApp({ path: '/sign-in', api });
    await enterPassword(user);

    // No authenticator app on this account: the code field takes recovery codes only.
    expect(await screen.findByText('No passkey at hand? Enter one of your recovery codes.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Use a passkey' }));
    expect((await screen.findByRole('alert')).textContent).toBe(ERROR_TEXTS.passkeyRefused);
    expect(webauthn.startAuthentication.mock.calls[0]?.[0]).toMatchObject({ optionsJSON: { challenge: 'Y2hhbGxlbmdl' } });
    expect(api.callsTo('POST', '/api/session/passkey')[0]?.body).toEqual({ response: ASSERTION });
    expect(currentPath()).toBe('/sign-in');
    await user.click(screen.getByRole('button', { name: 'Use a passkey' }));
    await waitFor(() => expect(currentPath()).toBe('/mail'));
  });

  it('offers no passkey to an account with only the app', async () => {
    const api = halfSignedInApi('second-step', ['code']);
    const { user } = renderApp({ path: '/sign-in', api });
    await enterPassword(user);
    expect(await screen.findByText('Enter the six-digit code from your authenticator app, or one of your recovery codes.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Use a passkey' })).toBeNull();
  });

  it('goes back to the password form on Cancel, ending the half signed-in session', async () => {
    const api = halfSignedInApi('second-step');
    const { user } = renderApp({ path: '/sign-in', api });
    await enterPassword(user);
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect(api.callsTo('DELETE', '/api/session')).toHaveLength(1);
  });

  it('goes back to the password form when the half signed-in session has run out', async () => {
    const api = halfSignedInApi('second-step');
    api.on('POST /api/session/second-step', () => apiError(401, 'unauthenticated', ERROR_TEXTS.sessionExpired, { reason: 'ended' }));
    const { user } = renderApp({ path: '/sign-in', api });
    await enterPassword(user);
    await user.type(await screen.findByLabelText('Code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByLabelText('Password')).toBeTruthy();
  });

  it('when two-step sign-in is required, sets it up first: QR code and key, a code, the recovery codes, then Mail', async () => {
    const api = halfSignedInApi('setup');
    api.on('POST /api/two-factor/setup', () => json(200, { secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Tern:joy?secret=JBSWY3DPEHPK3PXP', qrCode: 'data:image/png;base64,iVBORw0KGgo=' }));
    api.on('POST /api/two-factor/enable', ({ body }) => {
      if ((body as { code: string }).code !== '246810') return apiError(400, 'bad_request', ERROR_TEXTS.wrongCode);
      api.state.session = makeSession();
      return json(200, { recoveryCodes: CODES, session: { email: 'joy@mt-example.com', csrfToken: 'full-token' } });
    });
    const { user, currentPath } = renderApp({ path: '/sign-in', api });
    await enterPassword(user);

    expect(await screen.findByText('Two-step sign-in is required for your account. Set it up now to continue.', {}, { timeout: 10_000 })).toBeTruthy();
    const qr = await screen.findByRole('img', { name: 'QR code for your authenticator app' });
    expect(qr.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(screen.getByText('JBSWY3DPEHPK3PXP')).toBeTruthy();
    await user.type(screen.getByLabelText('Code from the app'), '111111');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect((await screen.findByRole('alert')).textContent).toBe(ERROR_TEXTS.wrongCode);
    await user.clear(screen.getByLabelText('Code from the app'));
    await user.type(screen.getByLabelText('Code from the app'), '246810');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));

    // The codes are shown before any mail, and can be kept as a file.
    const region = await screen.findByRole('region', { name: 'Recovery codes' });
    for (const code of CODES) expect(region.textContent).toContain(code);
    expect(screen.getByRole('link', { name: 'Download codes' }).getAttribute('download')).toBe('tern-recovery-codes.txt');
    expect(currentPath()).toBe('/sign-in');
    await user.click(screen.getByRole('button', { name: 'Continue to mail' }));
    await waitFor(() => expect(currentPath()).toBe('/mail'));
  });

  it('when two-step sign-in is required, may set up a passkey instead: its recovery codes, then Mail', async () => {
    const api = halfSignedInApi('setup');
    api.on('POST /api/two-factor/setup', () => json(200, { secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Tern:joy?secret=JBSWY3DPEHPK3PXP', qrCode: 'data:image/png;base64,iVBORw0KGgo=' }));
    api.on('POST /api/two-factor/passkeys/options', () => json(200, { challenge: 'Y2hhbGxlbmdl', rp: { name: 'Tern', id: 'localhost' }, user: { id: 'aGFuZGxl', name: 'joy', displayName: '' }, pubKeyCredParams: [] }));
    api.on('POST /api/two-factor/passkeys', () => {
      api.state.session = makeSession();
      return json(201, { passkey: { id: 'a2V5', name: 'Laptop', createdAt: 0, lastUsedAt: null }, recoveryCodes: CODES, session: { email: 'joy@mt-example.com', csrfToken: 'full-token' } });
    });
    webauthn.startRegistration.mockResolvedValue({
      id: 'a2V5',
      rawId: 'a2V5',
      type: 'public-key',
      response: { clientDataJSON: 'e30', attestationObject: 'oA' },
      clientExtensionResults: {},
    });
    const { user, currentPath } = renderApp({ path: '/sign-in', api });
    await enterPassword(user);

    await user.type(await screen.findByLabelText('Name of the passkey', {}, { timeout: 10_000 }), 'Laptop');
    await user.click(screen.getByRole('button', { name: 'Add a passkey' }));
    const region = await screen.findByRole('region', { name: 'Recovery codes' });
    for (const code of CODES) expect(region.textContent).toContain(code);
    expect(currentPath()).toBe('/sign-in');
    await user.click(screen.getByRole('button', { name: 'Continue to mail' }));
    await waitFor(() => expect(currentPath()).toBe('/mail'));
  });
});
