import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppPassword, Passkey, SignedInDevice } from '../../shared/api/security';
import { ERROR_TEXTS } from '../../shared/errors';
import { resetSettingsDrafts } from '../../web/features/settings/stores/drafts-store';
import { apiError, createFakeApi, json } from './fake-api';
import { renderApp } from './render';

vi.setConfig({ testTimeout: 30_000 });

// The browser's passkey dialog (navigator.credentials) is not in jsdom: Chromium's own runs in tests/e2e/passkeys.test.ts.
const webauthn = vi.hoisted(() => ({ startRegistration: vi.fn() }));
vi.mock('@simplewebauthn/browser', () => ({ startRegistration: webauthn.startRegistration }));
const REGISTRATION = {
  id: 'bmV3LWtleQ',
  rawId: 'bmV3LWtleQ',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'oA', transports: ['usb'] },
  clientExtensionResults: {},
};
afterEach(() => webauthn.startRegistration.mockReset());

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-03T10:00:00Z');

function device(patch: Partial<SignedInDevice>): SignedInDevice {
  return { id: 'x', browser: 'Firefox 121', os: 'Windows 10', address: '192.0.2.10', signedInAt: NOW - 5 * HOUR, lastActiveAt: NOW - HOUR, current: false, ...patch };
}

/** The fake BFF's Security routes: a device list that sign-outs shrink, and the notice setting. */
function securityApi() {
  const api = createFakeApi();
  let devices = [
    device({ id: 'mine', browser: 'Chrome 120', os: 'Linux', address: '127.0.0.1', current: true }),
    device({ id: 'phone', browser: 'Safari 17', os: 'iOS 17.2' }),
    device({ id: 'office', browser: 'Firefox 121', os: 'Windows 10' }),
  ];
  let settings = { signInNotice: true };
  api.on('GET /api/security/devices', () => json(200, { devices }));
  for (const { id } of devices) {
    api.on(`DELETE /api/security/devices/${id}`, () => {
      devices = devices.filter((entry) => entry.id !== id);
      return new Response(null, { status: 204 });
    });
  }
  api.on('POST /api/security/devices/sign-out-others', () => {
    const before = devices.length;
    devices = devices.filter((entry) => entry.current);
    return json(200, { signedOut: before - devices.length });
  });
  api.on('GET /api/security/settings', () => json(200, settings));
  let appPasswords: AppPassword[] = [{ id: 'tablet', name: 'Tablet calendar', createdAt: NOW - 48 * HOUR, lastUsedAt: NOW - 2 * HOUR }];
  api.on('GET /api/security/app-passwords', () => json(200, { appPasswords, available: true }));
  api.on('POST /api/security/app-passwords', ({ body }) => {
    if ((body as { password: string }).password !== 'secret') return apiError(400, 'bad_request', ERROR_TEXTS.wrongCurrentPassword);
    const created = { id: 'phone', name: (body as { name: string }).name, createdAt: NOW, lastUsedAt: null };
    appPasswords = [...appPasswords, created];
    api.on('DELETE /api/security/app-passwords/phone', () => {
      appPasswords = appPasswords.filter((entry) => entry.id !== 'phone');
      return new Response(null, { status: 204 });
    });
    return json(201, { ...created, password: 'abcd-efgh-ijkl-mnop', login: 'joy@mt-example.com' });
  });
  let twoFactor = { enabled: false, required: false, recoveryCodesLeft: 0 };
  api.on('GET /api/two-factor', () => json(200, twoFactor));
  api.on('POST /api/two-factor/setup', () => json(200, { secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Tern:joy?secret=JBSWY3DPEHPK3PXP', qrCode: 'data:image/png;base64,iVBORw0KGgo=' }));
  api.on('POST /api/two-factor/enable', () => {
    twoFactor = { ...twoFactor, enabled: true, recoveryCodesLeft: 10 };
    return json(200, { recoveryCodes: Array.from({ length: 10 }, (_, index) => `code${index}-abcde`) });
  });
  api.on('POST /api/two-factor/disable', ({ body }) => {
    if ((body as { code: string }).code !== '135790') return apiError(400, 'bad_request', ERROR_TEXTS.wrongCode);
    twoFactor = { ...twoFactor, enabled: false, recoveryCodesLeft: 0 };
    return new Response(null, { status: 204 });
  });
  let passkeys: Passkey[] = [];
  api.on('GET /api/two-factor/passkeys', () => json(200, { passkeys }));
  api.on('POST /api/two-factor/passkeys/options', () => json(200, { challenge: 'Y2hhbGxlbmdl', rp: { name: 'Tern', id: 'localhost' }, user: { id: 'aGFuZGxl', name: 'joy', displayName: '' }, pubKeyCredParams: [] }));
  api.on('POST /api/two-factor/passkeys', ({ body }) => {
    const passkey = { id: 'bmV3LWtleQ', name: (body as { name: string }).name, createdAt: NOW, lastUsedAt: null };
    const first = passkeys.length === 0 && !twoFactor.enabled;
    passkeys = [...passkeys, passkey];
    if (first) twoFactor = { ...twoFactor, recoveryCodesLeft: 10 };
    return json(201, { passkey, ...(first && { recoveryCodes: Array.from({ length: 10 }, (_, index) => `pass${index}-abcde`) }) });
  });
  api.on('DELETE /api/two-factor/passkeys/bmV3LWtleQ', ({ body }) => {
    if ((body as { password: string }).password !== 'secret') return apiError(400, 'bad_request', ERROR_TEXTS.wrongCurrentPassword);
    passkeys = passkeys.filter((entry) => entry.id !== 'bmV3LWtleQ');
    return new Response(null, { status: 204 });
  });
  api.on('POST /api/two-factor/recovery-codes', ({ body }) => {
    if ((body as { password: string }).password !== 'secret') return apiError(400, 'bad_request', ERROR_TEXTS.wrongCurrentPassword);
    return json(200, { recoveryCodes: Array.from({ length: 10 }, (_, index) => `new${index}-fghjk`) });
  });
  api.on('PUT /api/security/settings', ({ body }) => {
    settings = body as typeof settings;
    return json(200, settings);
  });
  return api;
}

async function openSecurity(api = securityApi()) {
  resetSettingsDrafts();
  const view = renderApp({ path: '/settings/security', api });
  await screen.findByRole('heading', { name: 'Security' }, { timeout: 10_000 });
  return view;
}

describe('Settings → "Security": signed-in devices', () => {
  it('lists the sessions with browser, system, address and times, this device first and marked, and signs one out', async () => {
    const { user, api } = await openSecurity();
    const list = await screen.findByRole('list', { name: 'Signed-in devices' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((row) => row.getAttribute('aria-label'))).toEqual(['Chrome 120 on Linux (this device)', 'Safari 17 on iOS 17.2', 'Firefox 121 on Windows 10']);
    expect(within(rows[0]!).getByText('This device')).toBeTruthy();
    // This device is left with the app's own Sign Out.
    expect(within(rows[0]!).queryByRole('button', { name: /Sign out/ })).toBeNull();
    expect(rows[1]!.textContent).toContain('192.0.2.10');
    expect(rows[1]!.textContent).toMatch(/signed in .+ · last active .+/);

    await user.click(screen.getByRole('button', { name: 'Sign out Safari 17 on iOS 17.2' }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Signed-in devices' })).getAllByRole('listitem')).toHaveLength(2));
    expect(api.callsTo('DELETE', '/api/security/devices/phone')).toHaveLength(1);
  });

  it('signs out every other device at once, and then has nothing more to sign out', async () => {
    const { user, api } = await openSecurity();
    const everywhere = await screen.findByRole('button', { name: 'Sign out everywhere else' });
    await waitFor(() => expect((everywhere as HTMLButtonElement).disabled).toBe(false));
    await user.click(everywhere);
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Signed-in devices' })).getAllByRole('listitem')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/security/devices/sign-out-others')).toHaveLength(1);
    expect((everywhere as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows why a sign-out failed', async () => {
    const api = securityApi();
    api.on('DELETE /api/security/devices/office', () => apiError(404, 'not_found', 'That device is no longer signed in.'));
    const { user } = await openSecurity(api);
    await user.click(await screen.findByRole('button', { name: 'Sign out Firefox 121 on Windows 10' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That device is no longer signed in.');
  });

  it('turns the new-browser notice off and on, saved at once', async () => {
    const { user, api } = await openSecurity();
    const notice = await screen.findByRole('checkbox', { name: 'Send me an email when someone signs in from a new browser' });
    await waitFor(() => expect((notice as HTMLInputElement).disabled).toBe(false));
    expect((notice as HTMLInputElement).checked).toBe(true);
    await user.click(notice);
    await waitFor(() => expect(api.callsTo('PUT', '/api/security/settings').map((call) => call.body)).toEqual([{ signInNotice: false }]));
    await waitFor(() => expect((notice as HTMLInputElement).checked).toBe(false));
  });
});

describe('Settings → "Security": two-step sign-in', () => {
  it('turns on with the QR code and a code, shows the recovery codes once, and turns off with a code', async () => {
    const { user, api } = await openSecurity();
    await user.click(await screen.findByRole('button', { name: 'Turn on two-step sign-in' }));
    expect((await screen.findByRole('img', { name: 'QR code for your authenticator app' })).getAttribute('src')).toMatch(/^data:image\/png/);
    expect(screen.getByText('JBSWY3DPEHPK3PXP')).toBeTruthy();
    await user.type(screen.getByLabelText('Code from the app'), '424242');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(api.callsTo('POST', '/api/two-factor/enable')[0]?.body).toEqual({ code: '424242' });

    const codes = await screen.findByRole('region', { name: 'Recovery codes' });
    expect(within(codes).getAllByRole('listitem')).toHaveLength(10);
    expect(screen.getByRole('link', { name: 'Download codes' }).getAttribute('href')).toMatch(/^data:text\/plain;charset=utf-8,Tern%20recovery%20codes/);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect((await screen.findByText(/Two-step sign-in is on/)).textContent).toContain('10 recovery codes left');
    expect(screen.queryByRole('region', { name: 'Recovery codes' })).toBeNull();

    const code = screen.getByLabelText('Code from the app, or a recovery code');
    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Turn off two-step sign-in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(ERROR_TEXTS.wrongCode);
    await user.clear(code);
    await user.type(code, '135790');
    await user.click(screen.getByRole('button', { name: 'Turn off two-step sign-in' }));
    expect(await screen.findByRole('button', { name: 'Turn on two-step sign-in' })).toBeTruthy();
  });

  it('offers no way to turn it off when the operator requires it', async () => {
    const api = securityApi();
    api.on('GET /api/two-factor', () => json(200, { enabled: true, required: true, recoveryCodesLeft: 7 }));
    await openSecurity(api);
    expect((await screen.findByText(/Two-step sign-in is on/)).textContent).toContain('7 recovery codes left');
    expect(screen.queryByRole('button', { name: 'Turn off two-step sign-in' })).toBeNull();
  });
});

describe('Settings → "Security": app passwords', () => {
  it('makes a named app password shown once with where to use it, lists its last use, and revokes it', async () => {
    const { user, api } = await openSecurity();
    const list = await screen.findByRole('list', { name: 'App passwords' });
    expect(within(list).getByRole('listitem', { name: 'Tablet calendar' }).textContent).toMatch(/last used/);

    const form = screen.getByRole('form', { name: 'New app password' });
    await user.type(within(form).getByLabelText('Name of the app or device'), 'Phone contacts');
    // It opens /dav/ without the second step: only with the password.
    expect((within(form).getByRole('button', { name: 'Create app password' }) as HTMLButtonElement).disabled).toBe(true);
    await user.type(within(form).getByLabelText('Your password'), 'wrong');
    await user.click(within(form).getByRole('button', { name: 'Create app password' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('The current password is not right.');
    await user.clear(within(form).getByLabelText('Your password'));
    await user.type(within(form).getByLabelText('Your password'), 'secret');
    await user.click(within(form).getByRole('button', { name: 'Create app password' }));
    expect(api.callsTo('POST', '/api/security/app-passwords')[1]?.body).toEqual({ name: 'Phone contacts', password: 'secret' });
    const shown = await screen.findByText('abcd-efgh-ijkl-mnop');
    const notice = shown.closest('[role="status"]')!;
    expect(notice.textContent).toContain(`${window.location.origin}/dav/`);
    expect(notice.textContent).toContain('joy@mt-example.com');
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'App passwords' })).getByRole('listitem', { name: 'Phone contacts' }).textContent).toContain('never used'));

    await user.click(screen.getByRole('button', { name: 'Revoke Phone contacts' }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'App passwords' })).queryByRole('listitem', { name: 'Phone contacts' })).toBeNull());
    expect(api.callsTo('DELETE', '/api/security/app-passwords/phone')).toHaveLength(1);
  });

  it('says so when the server cannot offer them', async () => {
    const api = securityApi();
    api.on('GET /api/security/app-passwords', () => json(200, { appPasswords: [], available: false }));
    await openSecurity(api);
    expect(await screen.findByText(/App passwords are not available on this server/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create app password' })).toBeNull();
  });
});

describe('Settings → "Security": passkeys', () => {
  it('adds a named passkey through the browser, shows the recovery codes of the first once, lists it, and removes it after asking', async () => {
    webauthn.startRegistration.mockResolvedValue(REGISTRATION);
    const { user, api } = await openSecurity();
    await user.type(await screen.findByLabelText('Name of the passkey'), 'Laptop');
    await user.click(screen.getByRole('button', { name: 'Add a passkey' }));
    // The BFF's options went to the browser as they were; the browser's answer goes back with the name.
    const codes = await screen.findByRole('region', { name: 'Recovery codes' });
    expect(webauthn.startRegistration.mock.calls[0]?.[0]).toMatchObject({ optionsJSON: { challenge: 'Y2hhbGxlbmdl' } });
    expect(api.callsTo('POST', '/api/two-factor/passkeys')[0]?.body).toEqual({ name: 'Laptop', response: REGISTRATION });
    expect(within(codes).getAllByRole('listitem')).toHaveLength(10);
    await user.click(within(codes).getByRole('button', { name: 'Done' }));
    const item = within(await screen.findByRole('list', { name: 'Passkeys' })).getByRole('listitem', { name: 'Laptop' });
    expect(item.textContent).toContain('never used');
    // With a passkey, two-step sign-in is on; the app can still be added.
    expect((await screen.findByText(/Tern asks for one of your passkeys/)).textContent).toContain('10 recovery codes left');
    expect(screen.getByRole('button', { name: 'Add an authenticator app' })).toBeTruthy();

    // Removing asks, with the password; "Cancel" keeps it.
    await user.click(screen.getByRole('button', { name: 'Remove Laptop' }));
    let confirm = screen.getByRole('form', { name: 'Remove Laptop' });
    expect(confirm.textContent).toContain('Remove the passkey “Laptop”? It will no longer sign you in.');
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Remove Laptop' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Remove Laptop' }));
    confirm = screen.getByRole('form', { name: 'Remove Laptop' });
    await user.type(within(confirm).getByLabelText('Your password'), 'wrong');
    await user.click(within(confirm).getByRole('button', { name: 'Remove' }));
    expect((await within(confirm).findByRole('alert')).textContent).toBe('The current password is not right.');
    expect(screen.getByRole('list', { name: 'Passkeys' })).toBeTruthy();
    await user.clear(within(confirm).getByLabelText('Your password'));
    await user.type(within(confirm).getByLabelText('Your password'), 'secret');
    await user.click(within(confirm).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Passkeys' })).toBeNull());
    expect(api.callsTo('DELETE', '/api/two-factor/passkeys/bmV3LWtleQ').map((call) => call.body)).toEqual([{ password: 'wrong' }, { password: 'secret' }]);
  });

  it('says what the browser refused, and adds nothing', async () => {
    webauthn.startRegistration.mockRejectedValue(Object.assign(new Error('The operation either timed out or was not allowed.'), { name: 'NotAllowedError' }));
    const { user, api } = await openSecurity();
    await user.type(await screen.findByLabelText('Name of the passkey'), 'Laptop');
    await user.click(screen.getByRole('button', { name: 'Add a passkey' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The passkey request was cancelled or took too long. Try again.');
    expect(api.callsTo('POST', '/api/two-factor/passkeys')).toHaveLength(0);
  });
});

describe('Settings → "Security": new recovery codes', () => {
  it('asks for the password, says when it is wrong, and shows the new codes once', async () => {
    const api = securityApi();
    api.on('GET /api/two-factor', () => json(200, { enabled: true, required: false, recoveryCodesLeft: 2 }));
    const { user } = await openSecurity(api);
    const password = await screen.findByLabelText('Your password');
    await user.type(password, 'wrong');
    await user.click(screen.getByRole('button', { name: 'Regenerate recovery codes' }));
    expect((await screen.findByRole('alert')).textContent).toBe(ERROR_TEXTS.wrongCurrentPassword);
    await user.clear(password);
    await user.type(password, 'secret');
    await user.click(screen.getByRole('button', { name: 'Regenerate recovery codes' }));
    const codes = await screen.findByRole('region', { name: 'Recovery codes' });
    expect(within(codes).getAllByRole('listitem').map((item) => item.textContent)).toEqual(Array.from({ length: 10 }, (_, index) => `new${index}-fghjk`));
    expect(screen.getByRole('link', { name: 'Download codes' }).getAttribute('href')).toContain('new9-fghjk');
    await user.click(within(codes).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('region', { name: 'Recovery codes' })).toBeNull();
  });
});
