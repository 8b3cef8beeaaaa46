import { act, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactDetail, ContactListResponse } from '../../shared/api/contacts';
import { DEFAULT_PREFERENCES } from '../../shared/api/preferences';
import { OfflineBanner } from '../../web/features/offline/offline-banner';
import { openCompose, useComposeIntent } from '../../web/lib/compose-intent';
import { applyLanguage } from '../../web/lib/i18n/i18n';
import { markServedFromServer, markServedOffline } from '../../web/lib/offline/network-status';
import { makeDetail, makeSummary } from './builders';
import { createFakeApi, json } from './fake-api';
import { renderApp } from './render';

/** Compose, contacts and the offline banner as a German (or Arabic) user sees them (issue 18). */

/** A German (or Arabic) user's mailbox: the app follows the language preference once it has loaded. */
function mailbox(language: 'de' | 'ar' = 'de') {
  return createFakeApi({
    preferences: { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, language } },
    messages: { INBOX: [makeSummary({ uid: 1, subject: 'Re: Lunch on Friday' })] },
    details: [
      makeDetail({
        uid: 1,
        subject: 'Re: Lunch on Friday',
        from: { name: 'Alice Example', address: 'alice@example.com' },
        to: [{ name: 'Joy', address: 'joy@mt-example.com' }],
        text: 'Shall we meet at noon?',
      }),
    ],
  });
}

/** The window's code loads on demand: a placeholder first, then the form. */
async function composeWindow(title: string) {
  await screen.findByLabelText('Betreff', undefined, { timeout: 5000 });
  return screen.getByRole('dialog', { name: title });
}

describe('compose in German', { timeout: 20_000 }, () => {
  beforeEach(async () => {
    useComposeIntent.getState().close();
    await applyLanguage('de');
  });
  afterEach(async () => {
    useComposeIntent.getState().close();
    await applyLanguage('en');
  });

  it('labels the window, its fields, its toolbar and its buttons in German, and says what is wrong in German', async () => {
    const { user } = renderApp({ api: mailbox() });
    await screen.findByRole('option', { name: /Lunch on Friday/ }, { timeout: 5000 });
    act(() => openCompose({}));
    const dialog = await composeWindow('Neue E-Mail');
    expect(within(dialog).getByRole('combobox', { name: 'An' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Cc / Bcc' })).toBeTruthy();
    const toolbar = within(dialog).getByRole('toolbar', { name: 'Formatierung' });
    expect(within(toolbar).getAllByRole('button').map((button) => button.textContent)).toEqual(['Fett', 'Kursiv', 'Aufzählung', 'Nummerierung', 'Zitat']);
    for (const name of ['Später senden', 'Anhängen', 'Entwurf speichern', 'Verwerfen']) expect(within(dialog).getByRole('button', { name })).toBeTruthy();
    expect(within(dialog).getByText(/^Nachrichtengröße: 0,0 MB von 10,0 MB$/)).toBeTruthy();

    await user.type(within(dialog).getByRole('combobox', { name: 'An' }), 'not-an-address{Enter}');
    expect(within(dialog).getByText('„not-an-address“ ist keine gültige E-Mail-Adresse.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'E-Mail senden' }));
    expect(within(dialog).getByText('Korrigieren Sie die rot markierten Adressen: not-an-address.')).toBeTruthy();
  });

  it('writes the reply line and the forwarded header in German with a German date, and keeps the "Re:" and "Fwd:" prefixes', async () => {
    const { user } = renderApp({ api: mailbox() });
    await screen.findByRole('option', { name: /Lunch on Friday/ }, { timeout: 5000 });
    act(() => openCompose({ replyTo: { folder: 'INBOX', uid: 1, mode: 'reply' } }));
    let dialog = await composeWindow('Antworten');
    await waitFor(() => expect((within(dialog).getByLabelText('Betreff') as HTMLInputElement).value).toBe('Re: Lunch on Friday'));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Nur Text' }));
    const reply = (within(dialog).getByRole('textbox', { name: 'Nachricht' }) as HTMLTextAreaElement).value;
    expect(reply).toMatch(/\nAm \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} schrieb Alice Example <alice@example\.com>:\n> Shall we meet at noon\?$/);

    act(() => useComposeIntent.getState().close());
    act(() => openCompose({ replyTo: { folder: 'INBOX', uid: 1, mode: 'forward' } }));
    dialog = await composeWindow('Weiterleiten');
    await waitFor(() => expect((within(dialog).getByLabelText('Betreff') as HTMLInputElement).value).toBe('Fwd: Re: Lunch on Friday'));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Nur Text' }));
    const forward = (within(dialog).getByRole('textbox', { name: 'Nachricht' }) as HTMLTextAreaElement).value;
    expect(forward).toContain('---------- Weitergeleitete Nachricht ----------\nVon: Alice Example <alice@example.com>\nDatum: ');
    expect(forward).toContain('\nBetreff: Re: Lunch on Friday\nAn: Joy <joy@mt-example.com>\n');
  });
});

describe('contacts and the offline banner in German and Arabic', () => {
  afterEach(async () => {
    markServedFromServer();
    await applyLanguage('en');
  });

  /** The contacts page of a user with one address book, one contact and one group of two. */
  async function renderContacts(language: 'de' | 'ar') {
    await applyLanguage(language);
    const list: ContactListResponse = {
      contacts: [{ id: 'ada.vcf', name: 'Ada Lovelace', sortKey: 'lovelace ada', emails: ['ada@example.com'], phones: [], company: '', uid: 'uid-ada' }],
      groups: [{ id: 'friends.vcf', name: 'Friends', etag: '"g1"', memberUids: ['uid-ada', 'uid-bob'] }],
    };
    const detail: ContactDetail = {
      id: 'ada.vcf', etag: '"c1"', uid: 'uid-ada',
      fields: { firstName: 'Ada', lastName: 'Lovelace', company: '', emails: [{ type: 'home', value: 'ada@example.com' }], phones: [{ type: 'cell', value: '+49 30 1234' }], address: null, birthday: '', website: '', nickname: '', jobTitle: '', notes: '', photo: null },
    };
    const api = mailbox(language);
    api.on('GET /api/contacts/books', () => json(200, { books: [{ id: 'personal', name: 'Personal Addresses' }] }));
    api.on('GET /api/contacts/books/personal/contacts', () => json(200, list));
    api.on('GET /api/contacts/books/personal/contacts/ada.vcf', () => json(200, detail));
    return renderApp({ path: '/contacts', api }).user;
  }

  it('shows the contacts page, a contact card, the confirmations and the form\'s errors in German', async () => {
    const user = await renderContacts('de');
    expect(await screen.findByRole('link', { name: 'Adressbuch exportieren' }, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Adressbücher' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Neuer Kontakt' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Kontakte durchsuchen' })).toBeTruthy();
    expect(screen.getByText('Wählen Sie einen Kontakt aus oder legen Sie einen neuen an.')).toBeTruthy();

    await user.click(await screen.findByRole('option', { name: /Ada Lovelace/ }));
    expect(await screen.findByText('E-Mail (privat)')).toBeTruthy();
    expect(screen.getByText('Telefon (mobil)')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'E-Mail an diesen Kontakt' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: /^Friends/ }));
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    await user.click(screen.getByRole('button', { name: 'Gruppe löschen' }));
    expect(confirm).toHaveBeenCalledWith('Die Gruppe „Friends“ löschen? Ihre 2 Mitglieder bleiben im Adressbuch.');

    await user.click(screen.getByRole('button', { name: 'Neuer Kontakt' }));
    await user.type(screen.getByLabelText('E-Mail'), 'ada-at-example');
    await user.click(screen.getByRole('button', { name: 'Kontakt speichern' }));
    expect(await screen.findByText('Geben Sie eine E-Mail-Adresse wie name@example.com ein.')).toBeTruthy();
  });

  it('uses the Arabic dual form, on a right-to-left page', async () => {
    const user = await renderContacts('ar');
    await user.click(await screen.findByRole('button', { name: /^Friends/ }, { timeout: 5000 }));
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    await user.click(screen.getByRole('button', { name: 'حذف المجموعة' }));
    expect(confirm).toHaveBeenCalledWith('هل تريد حذف المجموعة «Friends»؟ سيبقى عضواها في دفتر العناوين.');
    expect(document.documentElement.dir).toBe('rtl');
  });

  it('says "Offline" and why in German', async () => {
    await applyLanguage('de');
    markServedOffline();
    render(<OfflineBanner />);
    expect(screen.getByRole('status').textContent).toBe(
      'Offline: Angezeigt wird die auf diesem Gerät gespeicherte E-Mail; sie ist möglicherweise nicht aktuell. Nachrichten, die Sie senden, warten, bis das Netzwerk wieder da ist.',
    );
  });
});
