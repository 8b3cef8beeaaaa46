import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../shared/api/preferences';
import { applyLanguage, type LanguageCode } from '../../web/lib/i18n/i18n';
import { makeDetail, makeFlags, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { renderApp } from './render';

vi.setConfig({ testTimeout: 30_000 });

// A banner and three 1×1 tracking pixels.
const NEWSLETTER_HTML = `<p>Spring sale</p><img src="https://cdn.shop.example/spring.png" alt="banner">${[1, 2, 3]
  .map((id) => `<img src="https://cdn.shop.example/open.gif?id=${id}" width="1" height="1" alt="">`)
  .join('')}`;

/** The Inbox in `language` (as the user's saved preference, so the app keeps it), with one unread newsletter of three trackers. */
async function inboxIn(language: LanguageCode) {
  await applyLanguage(language);
  const detail = makeDetail({ uid: 31, subject: 'Spring sale', from: { name: 'Shop', address: 'news@shop.example' }, html: NEWSLETTER_HTML });
  const api = createFakeApi({
    messages: { INBOX: [makeSummary({ uid: 31, subject: 'Spring sale', flags: makeFlags({ seen: false, flagged: true }) })] },
    details: [detail],
    preferences: { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, language } },
  });
  return renderApp({ api });
}

afterEach(async () => {
  await applyLanguage('en');
});

describe('Mail in German and Arabic', () => {
  it('shows a German user the list, the search and the open message in German', async () => {
    const { user } = await inboxIn('de');
    const row = await screen.findByRole('option', { name: /Spring sale/ });
    // The row's spoken flags, and the search bar.
    expect(row.getAttribute('aria-label')).toMatch(/Ungelesen, Markiert$/);
    expect(screen.getByRole('searchbox', { name: 'E-Mails durchsuchen' })).toBeTruthy();
    const where = screen.getByRole('combobox', { name: 'Suchbereich' });
    expect(within(where).getAllByRole('option').map((option) => option.textContent)).toEqual(['Dieser Ordner', 'Alle Ordner']);
    const pane = screen.getByRole('region', { name: 'Lesebereich' });
    expect(within(pane).getByText('Wählen Sie eine Nachricht aus, um sie zu lesen.')).toBeTruthy();

    await user.click(row);
    await within(pane).findByRole('heading', { name: 'Spring sale' });
    expect(within(pane).getAllByRole('term').map((term) => term.textContent)).toEqual(['Von', 'An', 'Datum']);
    expect(within(pane).getByRole('button', { name: 'Weitere Nachrichtenwerkzeuge' }).textContent).toBe('Mehr');
    expect(await within(pane).findByRole('button', { name: 'Externe Inhalte anzeigen' })).toBeTruthy();
    expect(within(pane).getByText('3 Tracker blockiert')).toBeTruthy();
  });

  it('shows an Arabic user the reading pane right to left, with the count in its Arabic plural form', async () => {
    const { user } = await inboxIn('ar');
    expect(document.documentElement.dir).toBe('rtl');
    await user.click(await screen.findByRole('option', { name: /Spring sale/ }));
    const pane = screen.getByRole('region', { name: 'جزء القراءة' });
    await within(pane).findByRole('heading', { name: 'Spring sale' });
    expect(await within(pane).findByRole('button', { name: 'عرض المحتوى البعيد' })).toBeTruthy();
    // 3 takes the "few" form: "حُظرت 3 متتبعات", not the singular or the "many" form.
    expect(within(pane).getByText('حُظرت 3 متتبعات')).toBeTruthy();
  });
});

describe('swipes in a right-to-left language', () => {
  /** A finger on the row moving `dx` px sideways and lifting. */
  function swipe(row: HTMLElement, dx: number) {
    const at = { pointerType: 'touch', isPrimary: true, pointerId: 1, clientY: 20 };
    fireEvent.pointerDown(row, { ...at, clientX: 200 });
    fireEvent.pointerMove(row, { ...at, clientX: 200 + dx / 2 });
    fireEvent.pointerMove(row, { ...at, clientX: 200 + dx });
    fireEvent.pointerUp(row, { ...at, clientX: 200 + dx });
  }

  function arabicInbox() {
    // jsdom has no pointer capture (this file's own jsdom); the swipe takes it on the list.
    HTMLElement.prototype.setPointerCapture ??= () => undefined;
    return inboxIn('ar');
  }

  it('marks a row read when swiped left, toward the end of an Arabic line (a right swipe in English)', async () => {
    const { api } = await arabicInbox();
    swipe(await screen.findByRole('option', { name: /Spring sale/ }), -200);
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/flags')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/flags')[0]?.body).toMatchObject({ selection: { folder: 'INBOX', uids: [31] }, flag: 'seen', value: true });
    expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(0);
  });

  it('deletes a row swiped right, toward the start of an Arabic line (a left swipe in English)', async () => {
    const { api } = await arabicInbox();
    swipe(await screen.findByRole('option', { name: /Spring sale/ }), 200);
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/delete').length + api.callsTo('POST', '/api/messages/move').length).toBe(1));
    expect(api.callsTo('POST', '/api/messages/flags')).toHaveLength(0);
  });
});
