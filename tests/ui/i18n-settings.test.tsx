import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ANTISPAM } from '../../shared/api/antispam';
import { DEFAULT_PREFERENCES, type Display } from '../../shared/api/preferences';
import { resetSettingsDrafts } from '../../web/features/settings/stores/drafts-store';
import { applyLanguage } from '../../web/lib/i18n/i18n';
import { createFakeApi, json } from './fake-api';
import { renderApp } from './render';

vi.setConfig({ testTimeout: 30_000 });

const isChecked = (element: HTMLElement) => (element as HTMLInputElement).checked;

/** The settings page at `path` for a user whose saved language is `language` (the app applies it, as after sign-in). */
async function openSettings(path: string, language: Display['language'], navigation: string) {
  resetSettingsDrafts();
  const api = createFakeApi({ preferences: { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, language } } });
  api.on('GET /api/settings/antispam', () => json(200, { settings: DEFAULT_ANTISPAM, globalDefaults: { sensitivity: 5, handling: 'move' }, inForce: true, version: 'v1' }));
  const view = renderApp({ path, api });
  await screen.findByRole('navigation', { name: navigation }, { timeout: 10_000 });
  return view;
}

afterEach(async () => {
  await applyLanguage('en');
});

describe('Settings in German and Arabic (issue 18)', () => {
  it('shows a German user the sections, the anti-spam choices and the buttons in German', async () => {
    await applyLanguage('de');
    await openSettings('/settings', 'de', 'Bereiche der Einstellungen');

    const sections = within(screen.getByRole('navigation', { name: 'Bereiche der Einstellungen' }));
    expect(sections.getByRole('heading', { name: 'Einstellungen' })).toBeTruthy();
    for (const name of ['Filter', 'Automatische Antwort', 'Passwort ändern', 'Sicherheit', 'Anzeige', 'Externe Inhalte']) expect(sections.getByRole('link', { name })).toBeTruthy();
    // Anti-Spam opens first: its choices, the domain's defaults in words, and "Save Settings".
    expect(isChecked(await screen.findByRole('radio', { name: 'Globale Einstellungen der Domain' }))).toBe(true);
    expect(screen.getByRole('radio', { name: 'Eigene Einstellungen' })).toBeTruthy();
    expect(screen.getByText(/Empfindlichkeit 5, „In den Spam-Ordner verschieben“/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Einstellungen speichern' })).toBeTruthy();
    expect(screen.queryByText('Save Settings')).toBeNull();
  });

  it('switches the whole page to the language saved under Display, at once: German, then Arabic right to left', async () => {
    const { user, api } = await openSettings('/settings/display', 'browser', 'Settings sections');
    const language = await screen.findByLabelText('Language');
    // Each language is named in its own words, whatever the page's language.
    expect(within(language).getAllByRole('option').map((option) => option.textContent)).toEqual(['Same as my browser', 'English', 'Deutsch', 'العربية']);

    await user.selectOptions(language, 'Deutsch');
    await user.click(screen.getByRole('button', { name: 'Save Settings' }));
    expect(await screen.findByRole('heading', { name: 'Anzeige' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('de');
    expect(api.callsTo('PUT', '/api/preferences/display')[0]?.body).toEqual({ ...DEFAULT_PREFERENCES.display, language: 'de' });
    expect(screen.getByRole('radio', { name: /Dreispaltige Ansicht/ })).toBeTruthy();
    expect(screen.getByText('Anzeigeeinstellungen gespeichert.')).toBeTruthy();
    const sprache = screen.getByLabelText('Sprache');
    expect(within(sprache).getAllByRole('option').map((option) => option.textContent)).toEqual(['Wie mein Browser', 'English', 'Deutsch', 'العربية']);

    await user.selectOptions(sprache, 'العربية');
    await user.click(screen.getByRole('button', { name: 'Einstellungen speichern' }));
    expect(await screen.findByRole('heading', { name: 'العرض' })).toBeTruthy();
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
    expect(screen.getByRole('button', { name: 'حفظ الإعدادات' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'أقسام الإعدادات' })).toBeTruthy();
  });
});
