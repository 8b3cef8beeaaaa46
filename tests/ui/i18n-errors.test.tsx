import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request } from '../../web/lib/api-client';
import { applyLanguage } from '../../web/lib/i18n/i18n';
import { apiError } from './fake-api';

/**
 * The BFF writes its errors in English; what the user reads (an ApiError's
 * message, shown as it comes by toasts, forms and notices) is in their language
 * from the "errors" catalog, and a text built with a value stays as the server wrote it.
 */

async function refusal(message: string): Promise<ApiError> {
  vi.stubGlobal('fetch', () => Promise.resolve(apiError(409, 'conflict', message)));
  const error = await request('/api/compose/outbox/1/cancel', { method: 'POST' }).catch((caught: unknown) => caught);
  if (!(error instanceof ApiError)) throw new Error('the request did not fail with an ApiError');
  return error;
}

describe('server error texts in the user language', () => {
  afterEach(async () => {
    await applyLanguage('en');
  });

  it('shows a German user the German text of a server refusal', async () => {
    await applyLanguage('de');
    expect((await refusal('Too late to undo: the message has been sent.')).message).toBe('Zu spät zum Rückgängigmachen: Die Nachricht wurde gesendet.');
    expect((await refusal('The email address or password is not right.')).message).toBe('E-Mail-Adresse oder Passwort ist nicht richtig.');
  });

  it('shows an Arabic user the Arabic text, and an English user the server text itself', async () => {
    await applyLanguage('ar');
    expect((await refusal('This file holds no events.')).message).toBe('لا يحتوي هذا الملف على أي أحداث.');
    await applyLanguage('en');
    expect((await refusal('This file holds no events.')).message).toBe('This file holds no events.');
  });

  it('translates a text built with values, keeping the values, and leaves a text the catalog lacks as the server wrote it', async () => {
    await applyLanguage('de');
    expect((await refusal('The folder "Receipts" does not exist.')).message).toBe('Der Ordner „Receipts“ existiert nicht.');
    expect((await refusal('The mail server refused the message: 554 5.7.1 Relay access denied')).message).toBe(
      'Der Mailserver hat die Nachricht abgelehnt: 554 5.7.1 Relay access denied',
    );
    expect((await refusal('Line 3: "bob@" is not an address (user@domain.com) or a domain (@domain.com).')).message).toBe(
      'Zeile 3: „bob@“ ist weder eine Adresse (user@domain.com) noch eine Domain (@domain.com).',
    );
    await applyLanguage('ar');
    expect((await refusal('There is already a folder "Projects 2026" there.')).message).toBe('يوجد هناك مجلد باسم «Projects 2026» بالفعل.');
    await applyLanguage('de');
    expect((await refusal('Something the catalog has never seen.')).message).toBe('Something the catalog has never seen.');
  });
});
