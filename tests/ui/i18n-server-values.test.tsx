import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { contactFieldsSchema } from '../../shared/api/contacts';
import { changePasswordSchema } from '../../shared/api/password';
import { DEFAULT_PREFERENCES } from '../../shared/api/preferences';
import { ERROR_TEXTS } from '../../shared/errors';
import { applyLanguage } from '../../web/lib/i18n/i18n';
import { translateServerDetails, translateServerText } from '../../web/lib/i18n/server-texts';
import { parseInput } from '../../server/http/validate';
import { DomainError } from '../../server/domain-error';
import { createCalendarFakeApi, makeCalendar } from './calendar-fake-api';
import { createFakeApi, json } from './fake-api';
import { renderApp } from './render';

/**
 * A server text built with Tern's own phrases ("create the contact", "50
 * messages per minute", the password rules, a duration) reads wholly in the
 * user's language: the phrases are translated too, while a value the user
 * chose (a folder's name) stays as it is.
 */

function passwordRefusal(newPassword: string): string {
  const result = changePasswordSchema.safeParse({ currentPassword: 'old secret', newPassword, confirmPassword: newPassword });
  const message = result.error?.issues[0]?.message;
  if (!message) throw new Error('the password was not refused');
  return message;
}

describe('phrases inside server texts', () => {
  afterEach(async () => {
    await applyLanguage('en');
  });

  it('translates the sending limit, the DAV server refusals and the password rules for a German user', async () => {
    await applyLanguage('de');
    expect(translateServerText('Sending limit reached: 50 messages per minute for example.com. Sending opens again at 12:00:30 UTC (in 30 s).')).toBe(
      'Sendelimit erreicht: 50 Nachrichten pro Minute für example.com. Senden ist wieder ab 12:00:30 UTC möglich (in 30 s).',
    );
    expect(translateServerText('The contacts server did not let Tern create the address book (409).')).toBe(
      'Der Kontakte-Server hat Tern diesen Schritt nicht erlaubt: Adressbuch anlegen (409).',
    );
    expect(translateServerText('The calendar server did not accept this (save the event: 403).')).toBe('Der Kalender-Server hat dies nicht angenommen (Termin speichern: 403).');
    expect(translateServerText(passwordRefusal('abcdefgh'))).toBe('Das neue Passwort braucht: mindestens einen Großbuchstaben, mindestens eine Ziffer und mindestens ein Sonderzeichen.');
    expect(translateServerText(passwordRefusal('Ab1!'))).toBe('Das neue Passwort braucht: 8 bis 20 Zeichen.');
  });

  it('translates the outbox failures, the calendar import reasons and why a site could not be reached, durations with the language’s numbers', async () => {
    await applyLanguage('de');
    expect(translateServerText(`Tern gave up after trying for 3.6 seconds: ${ERROR_TEXTS.mailServerUnavailable}`)).toBe(
      'Tern hat es 3,6 Sekunden lang versucht und aufgegeben: Der Mailserver ist gerade nicht erreichbar. Versuchen Sie es gleich noch einmal.',
    );
    expect(translateServerText('Tern did not send the unsubscribe request to lists.example.com: The site could not be reached.')).toBe(
      'Tern hat die Abmeldeanfrage nicht an lists.example.com gesendet: Die Website ist nicht erreichbar.',
    );
    expect(translateServerText('No event in this file can be imported: It has no valid start (DTSTART).')).toBe(
      'Kein Termin aus dieser Datei kann importiert werden: Er hat keinen gültigen Beginn (DTSTART).',
    );
    await applyLanguage('ar');
    expect(translateServerText('Tern gave up after trying for 1 hour: The message could not be sent: the server secret changed. Write it again.')).toBe(
      `توقّف Tern عن المحاولة بعد ${new Intl.NumberFormat('ar').format(1)} ساعة: تعذّر إرسال الرسالة: تغيّر سرّ الخادم. اكتبها مرة أخرى.`,
    );
    expect(translateServerText('The contacts server did not let Tern delete the contact (409).')).toBe('لم يسمح خادم جهات الاتصال لـ Tern بما يلي: حذف جهة الاتصال (409).');
  });

  it('says what is wrong with a field the schema gives no message for in the user language, not in zod’s English', async () => {
    const refusal = (() => {
      try {
        parseInput(contactFieldsSchema, { firstName: 'x'.repeat(101), emails: [{ type: 'home', value: 'ann@example.com' }, { type: 'telex', value: 'ann@example.com' }] });
      } catch (error) {
        if (error instanceof DomainError) return error;
      }
      throw new Error('the contact was not refused');
    })();
    expect(refusal.details?.fields).toEqual({ firstName: 'Enter at most 100 characters.', 'emails.1.type': 'Choose one of the offered values.' });
    await applyLanguage('de');
    expect(translateServerDetails(refusal.details)?.fields).toEqual({ firstName: 'Geben Sie höchstens 100 Zeichen ein.', 'emails.1.type': 'Wählen Sie einen der angebotenen Werte.' });
    await applyLanguage('ar');
    expect(translateServerText(refusal.message)).toBe('أدخل 100 حرفًا على الأكثر.');
  });

  it('leaves a name the user chose as it is, even when it looks like a phrase', async () => {
    await applyLanguage('de');
    expect(translateServerText('Rule 2: the folder "Happy hour" does not exist.')).toBe('Regel 2: Der Ordner „Happy hour“ existiert nicht.');
    expect(translateServerText('The folder "Happy hour" does not exist.')).toBe('Der Ordner „Happy hour“ existiert nicht.');
  });

  it('shows a German user why an earlier message was not sent, in German', { timeout: 20_000 }, async () => {
    await applyLanguage('de');
    const api = createFakeApi({ preferences: { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, language: 'de' } } });
    const failed = {
      id: crypto.randomUUID(),
      status: 'failed',
      dueAt: new Date().toISOString(),
      error: 'The message could not be sent: the server secret changed. Write it again.',
      messageId: '<a@y>',
      subject: 'Quarterly report',
    };
    api.on('GET /api/compose/outbox', () => json(200, { entries: [failed] }));
    renderApp({ api });
    const notices = await screen.findByRole('region', { name: 'Postausgang' }, { timeout: 5000 });
    expect(within(notices).getByText(/Quarterly report/).textContent).toBe(
      'Nicht gesendet: „Quarterly report“. Die Nachricht konnte nicht gesendet werden: Das Servergeheimnis hat sich geändert. Schreiben Sie sie bitte noch einmal.',
    );
  });

  it('says in German why an event of an imported file was left out, and that it has no title', { timeout: 20_000 }, async () => {
    await applyLanguage('de');
    const preferences = { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, language: 'de' as const } };
    const api = createCalendarFakeApi({ preferences, calendars: [makeCalendar()] });
    api.on('POST /api/calendars/personal/import', (call) => {
      const { preview } = call.body as { preview: boolean };
      const items = [{ uid: 'a@x', title: 'Imported one', start: '2026-12-01T09:00:00.000Z', allDay: false, repeating: false, exists: false }];
      return json(200, { items, created: preview ? 0 : 1, updated: 0, refused: [{ title: '', reason: 'It has no valid start (DTSTART).' }] });
    });
    const { user } = renderApp({ path: '/calendar', api });
    await screen.findByRole('button', { name: 'Neuer Termin' }, { timeout: 10_000 });
    const file = new File(['BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'], 'holidays.ics', { type: 'text/calendar' });
    await user.upload(screen.getByLabelText('Zu importierende iCalendar-Datei'), file);
    const dialog = within(await screen.findByRole('dialog', { name: 'holidays.ics importieren' }));
    expect(await dialog.findByText('1 Termin kann nicht importiert werden: (ohne Titel): Er hat keinen gültigen Beginn (DTSTART).')).toBeTruthy();
    await user.click(dialog.getByRole('button', { name: 'Importieren' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Importiert: 1 neu, 0 aktualisiert, 1 nicht importiert ((ohne Titel): Er hat keinen gültigen Beginn (DTSTART).).');
  });
});
