import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ANTISPAM_CHANGED_TEXT, DEFAULT_ANTISPAM, type AntispamResponse } from '../../shared/api/antispam';
import { DEFAULT_PREFERENCES, PREFERENCES_CHANGED_TEXT } from '../../shared/api/preferences';
import { resetSettingsDrafts } from '../../web/features/settings/stores/drafts-store';
import { apiError, createFakeApi, json } from './fake-api';
import { renderApp } from './render';

const isChecked = (element: HTMLElement) => (element as HTMLInputElement).checked;
const isDisabled = (element: HTMLElement) => (element as HTMLButtonElement).disabled;
const valueOf = (element: HTMLElement) => (element as HTMLInputElement).value;

// The tests type whole lists and passwords key by key, which takes a while on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const GLOBAL_DEFAULTS = { sensitivity: 5, handling: 'move' as const };

/** The settings page loads on demand: the first import can take a moment under load. */
async function openSettings(path: string, api = settingsApi()) {
  resetSettingsDrafts();
  const view = renderApp({ path, api });
  await screen.findByRole('navigation', { name: 'Settings sections' }, { timeout: 10_000 });
  return view;
}

/** The fake BFF with the settings routes: anti-spam echoes what is saved, password answers 204. */
function settingsApi() {
  const api = createFakeApi();
  let saves = 0;
  let antispam: AntispamResponse = { settings: DEFAULT_ANTISPAM, globalDefaults: GLOBAL_DEFAULTS, inForce: false, version: 'v0' };
  api.on('GET /api/settings/antispam', () => json(200, antispam));
  api.on('PUT /api/settings/antispam', ({ body, headers }) => {
    if (headers.get('if-match') !== `"${antispam.version}"`) return apiError(409, 'conflict', ANTISPAM_CHANGED_TEXT, { version: antispam.version });
    const sent = body as AntispamResponse['settings'];
    const fold = (lines: string[]) => [...new Set(lines.map((line) => line.trim().toLowerCase()).filter(Boolean))];
    antispam = { settings: { ...sent, whitelist: fold(sent.whitelist), blacklist: fold(sent.blacklist) }, globalDefaults: GLOBAL_DEFAULTS, inForce: true, version: `v${++saves}` };
    return json(200, antispam);
  });
  api.on('POST /api/settings/password', () => new Response(null, { status: 204 }));
  /** Another tab or device saves anti-spam settings. */
  const saveElsewhere = (whitelist: string[]) => {
    antispam = { ...antispam, settings: { ...antispam.settings, mode: 'custom', whitelist }, inForce: true, version: `v${++saves}` };
  };
  return Object.assign(api, { saveElsewhere });
}

describe('Settings → "Anti-Spam"', () => {
  it('shows the domain defaults for "Global Site Settings" and the custom fields only for "Custom Settings"', async () => {
    const { user } = await openSettings('/settings');
    expect(isChecked(await screen.findByRole('radio', { name: 'Global Site Settings' }))).toBe(true);
    expect(screen.getByText(/sensitivity 5, “Move to Spam folder”/)).toBeTruthy();
    // Nothing is installed yet: saying so, and letting the defaults be saved as they are.
    expect(screen.getByRole('note').textContent).toContain('not set up on the mail server yet');
    expect(isDisabled(screen.getByRole('button', { name: 'Save Settings' }))).toBe(false);
    expect(screen.queryByLabelText('Spam Filter Sensitivity')).toBeNull();

    await user.click(screen.getByRole('radio', { name: 'Custom Settings' }));
    expect(valueOf(screen.getByLabelText('Spam Filter Sensitivity'))).toBe('5');
    expect(isChecked(screen.getByRole('radio', { name: 'Mark as Spam' }))).toBe(true);
    for (const name of ['Move to Spam folder', 'Purge Message']) expect(screen.getByRole('radio', { name })).toBeTruthy();
    expect(screen.getByLabelText('Whitelist Senders')).toBeTruthy();
    expect(screen.getByLabelText('Blacklist Senders')).toBeTruthy();
  });

  it('names each invalid line by its number and saves nothing until they are fixed', async () => {
    const api = settingsApi();
    const { user } = await openSettings('/settings/anti-spam', api);
    await user.click(await screen.findByRole('radio', { name: 'Custom Settings' }));
    const whitelist = screen.getByLabelText('Whitelist Senders');
    await user.type(whitelist, 'friend@example.org{Enter}{Enter}not an address{Enter}@good.example{Enter}bad"@x.com');
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));

    const problems = within(screen.getByRole('alert'));
    expect(problems.getByText('Line 3: "not an address" is not an address (user@domain.com) or a domain (@domain.com).')).toBeTruthy();
    expect(problems.getByText('Line 5: "bad"@x.com" is not an address (user@domain.com) or a domain (@domain.com).')).toBeTruthy();
    expect(whitelist.getAttribute('aria-invalid')).toBe('true');
    expect(api.callsTo('PUT', '/api/settings/antispam')).toHaveLength(0);

    await user.clear(whitelist);
    await user.type(whitelist, 'Friend@Example.org{Enter}friend@example.org{Enter}@good.example');
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    expect(await screen.findByText(/Anti-spam settings saved/)).toBeTruthy();
    expect(api.callsTo('PUT', '/api/settings/antispam')[0]?.body).toMatchObject({ mode: 'custom', whitelist: ['Friend@Example.org', 'friend@example.org', '@good.example'] });
    // Duplicates folded, as saved.
    expect(valueOf(screen.getByLabelText('Whitelist Senders'))).toBe('friend@example.org\n@good.example');
  });

  it('refuses to overwrite a save made elsewhere since the form was opened, keeps the edits, and saves them when asked again', async () => {
    const api = settingsApi();
    const { user } = await openSettings('/settings/anti-spam', api);
    await user.click(await screen.findByRole('radio', { name: 'Custom Settings' }));
    await user.type(screen.getByLabelText('Whitelist Senders'), 'mine@example.org');
    api.saveElsewhere(['theirs@example.org']);
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    expect((await screen.findByRole('alert')).textContent).toBe(ANTISPAM_CHANGED_TEXT);
    expect(valueOf(screen.getByLabelText('Whitelist Senders'))).toBe('mine@example.org');
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    expect(await screen.findByText(/Anti-spam settings saved/)).toBeTruthy();
    expect(api.callsTo('PUT', '/api/settings/antispam').map((call) => call.headers.get('if-match'))).toEqual(['"v0"', '"v1"']);
  });

  it('shows the mail server\'s refusal and keeps the edits', async () => {
    const api = settingsApi();
    api.on('PUT /api/settings/antispam', () => apiError(502, 'mail_server_refused', 'The mail server refused the filter, so your previous settings stay in force: line 3: error'));
    const { user } = await openSettings('/settings/anti-spam', api);
    await user.click(await screen.findByRole('radio', { name: 'Disable' }));
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    expect((await screen.findByRole('alert')).textContent).toContain('your previous settings stay in force');
    expect(isChecked(screen.getByRole('radio', { name: 'Disable' }))).toBe(true);
  });
});

describe('Settings → "Change Password"', () => {
  it('ticks each rule off as it is met and enables saving only when all hold', async () => {
    const api = settingsApi();
    const { user } = await openSettings('/settings/password', api);
    const save = await screen.findByRole('button', { name: 'Save Settings' });
    const rules = within(screen.getByRole('list', { name: 'Password rules' }));
    const met = () => rules.getAllByRole('listitem').filter((item) => item.classList.contains('is-met')).map((item) => item.textContent?.replace(/^[✓○] /, '').replace(/ \(done\)$/, ''));

    await user.type(screen.getByLabelText('Current password'), 'Old-pass-1');
    await user.type(screen.getByLabelText('New password'), 'abc');
    expect(met()).toEqual(['At least one lower-case letter']);
    await user.type(screen.getByLabelText('New password'), 'D1');
    expect(met()).toEqual(['At least one lower-case letter', 'At least one upper-case letter', 'At least one numeral']);
    await user.type(screen.getByLabelText('New password'), '!xyz');
    expect(met()).toHaveLength(5);
    expect(isDisabled(save)).toBe(true);
    await user.type(screen.getByLabelText('Re-enter password'), 'abcD1!xyz');
    expect(met()).toHaveLength(6);
    expect(isDisabled(save)).toBe(false);

    // 21 characters breaks the length rule again.
    await user.type(screen.getByLabelText('New password'), '123456789012');
    expect(isDisabled(save)).toBe(true);
    expect(rules.getByText('8 to 20 characters').closest('li')?.classList.contains('is-met')).toBe(false);
    await user.type(screen.getByLabelText('New password'), '{Backspace}');
    await user.clear(screen.getByLabelText('Re-enter password'));
    await user.type(screen.getByLabelText('Re-enter password'), 'abcD1!xyz12345678901');
    await user.click(save);
    expect(await screen.findByText(/Your password has been changed/)).toBeTruthy();
    expect(api.callsTo('POST', '/api/settings/password')[0]?.body).toEqual({
      currentPassword: 'Old-pass-1',
      newPassword: 'abcD1!xyz12345678901',
      confirmPassword: 'abcD1!xyz12345678901',
    });
    expect(valueOf(screen.getByLabelText('New password'))).toBe('');
  });
});

describe('Settings sections', () => {
  it('keeps unsaved edits when switching sections, and marks the section', async () => {
    const { user } = await openSettings('/settings/identity');
    await user.type(await screen.findByLabelText('Display name'), 'Joy Example');
    await user.click(screen.getByRole('link', { name: 'Display' }));
    expect(isChecked(await screen.findByRole('radio', { name: /^Three-pane view/ }))).toBe(true);
    expect(screen.getByRole('link', { name: /^Identity\s*\(not saved yet\)$/ })).toBeTruthy();
    await user.click(screen.getByRole('link', { name: /^Identity\s*\(not saved yet\)$/ }));
    expect(valueOf(screen.getByLabelText('Display name'))).toBe('Joy Example');

    // To Mail and back: still there.
    await user.click(screen.getByRole('link', { name: 'Mail' }));
    await screen.findByRole('tree', {}, { timeout: 5000 });
    await user.click(screen.getByRole('link', { name: 'Settings' }));
    await user.click(await screen.findByRole('link', { name: /^Identity/ }, { timeout: 5000 }));
    expect(valueOf(await screen.findByLabelText('Display name'))).toBe('Joy Example');
  });

  it('refuses to overwrite a section saved elsewhere since the edits began, keeps them, and saves them when asked again', async () => {
    const api = settingsApi();
    const { user } = await openSettings('/settings/identity', api);
    await user.type(await screen.findByLabelText('Display name'), 'Joy from this tab');
    api.state.preferences = { ...api.state.preferences, identity: { displayName: 'Joy from the phone', replyTo: '' } };
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    expect((await screen.findByRole('alert')).textContent).toContain(PREFERENCES_CHANGED_TEXT);
    expect(valueOf(screen.getByLabelText('Display name'))).toBe('Joy from this tab');
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    await waitFor(() => expect(api.state.preferences.identity.displayName).toBe('Joy from this tab'));
  });

  it('applies a saved theme to the whole app', async () => {
    const api = settingsApi();
    const { user } = await openSettings('/settings/display', api);
    await user.click(await screen.findByRole('radio', { name: 'Dark' }));
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(api.callsTo('PUT', '/api/preferences/display')[0]?.body).toEqual({ ...DEFAULT_PREFERENCES.display, theme: 'dark' });
  });
});
