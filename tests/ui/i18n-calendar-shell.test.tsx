import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, type Preferences } from '../../shared/api/preferences';
import { resetCalendarUiStore } from '../../web/features/calendar/stores/calendar-ui-store';
import { applyLanguage } from '../../web/lib/i18n/i18n';
import { createCalendarFakeApi, makeCalendar } from './calendar-fake-api';
import { createFakeApi } from './fake-api';
import { renderApp } from './render';

/** What a German (and an Arabic) user sees of the sign-in page, the shell and the calendar (issue 18). */

/** The user's choice in Settings → Display: the app applies it once signed in. */
function choosing(language: Preferences['display']['language']): Preferences {
  return { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, language } };
}

beforeEach(() => resetCalendarUiStore());

afterEach(async () => {
  await applyLanguage('en');
});

async function renderCalendar(language: 'de' | 'ar') {
  const api = createCalendarFakeApi({ calendars: [makeCalendar({ id: 'personal', name: 'Personal' })], preferences: choosing(language) });
  renderApp({ path: '/calendar', api });
  const schedule = await screen.findByRole('region', { name: /^(Terminplan|الجدول الزمني)$/ }, { timeout: 10_000 });
  return within(schedule);
}

describe('in German', () => {
  beforeEach(async () => {
    await applyLanguage('de');
  });

  it('the sign-in page asks for the address and password in German', async () => {
    renderApp({ path: '/sign-in', api: createFakeApi({ session: null }) });
    expect(screen.getByRole('heading', { name: 'Tern' })).toBeTruthy();
    expect(screen.getByText('Bei Ihrem Postfach anmelden')).toBeTruthy();
    expect(screen.getByLabelText('E-Mail-Adresse')).toBeTruthy();
    expect(screen.getByLabelText('Passwort')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Anmelden' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('de');
    expect(document.documentElement.dir).toBe('ltr');
  });

  it('the application bar names the sections and signing out in German', async () => {
    renderApp({ path: '/mail', api: createFakeApi({ preferences: choosing('de') }) });
    const bar = within(await screen.findByRole('banner'));
    const sections = within(bar.getByRole('navigation', { name: 'Bereiche' }));
    for (const [name, href] of [
      ['E-Mail', '/mail'],
      ['Kontakte', '/contacts'],
      ['Kalender', '/calendar'],
      ['Einstellungen', '/settings'],
    ]) {
      expect(sections.getByRole('link', { name }).getAttribute('href')).toBe(href);
    }
    expect(bar.getByRole('button', { name: 'Abmelden' })).toBeTruthy();
    expect(bar.queryByText('Sign Out')).toBeNull();
  });

  it('the calendar, FullCalendar’s toolbar and all-day row included, is German', async () => {
    const schedule = await renderCalendar('de');
    expect(await screen.findByRole('checkbox', { name: 'Personal anzeigen' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Neuer Termin' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Kalender' })).toBeTruthy();
    expect(await schedule.findByRole('button', { name: 'Heute' })).toBeTruthy();
    // The views are tabs named "… view": German words on them, German names for them.
    for (const [name, text] of [
      ['Monatsansicht', 'Monat'],
      ['Wochenansicht', 'Woche'],
      ['Tagesansicht', 'Tag'],
      ['Listenansicht', 'Liste'],
    ]) {
      expect(schedule.getByRole('tab', { name }).textContent).toBe(text);
    }
    expect(schedule.getByRole('button', { name: 'Nächste Woche' })).toBeTruthy();
    expect(schedule.queryByRole('button', { name: 'Today' })).toBeNull();
    // FullCalendar's own German: the week view's all-day row.
    expect(schedule.getByText('Ganztägig')).toBeTruthy();
  });
});

describe('in Arabic', () => {
  it('lays the calendar out right to left, its toolbar in Arabic', async () => {
    await applyLanguage('ar');
    const schedule = await renderCalendar('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(await schedule.findByRole('button', { name: 'اليوم' })).toBeTruthy();
    expect(schedule.getByRole('button', { name: 'الأسبوع التالي' })).toBeTruthy();
    expect(schedule.getByRole('tab', { name: 'عرض الشهر' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'حدث جديد' })).toBeTruthy();
    expect(document.querySelector('.schedule [dir="rtl"]')).not.toBeNull();
  });
});
