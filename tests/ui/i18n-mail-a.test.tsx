import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, type Preferences } from '../../shared/api/preferences';
import { countMessages } from '../../web/features/mail/commands/message-commands';
import { folderLabel } from '../../web/features/mail/components/folder-label';
import { applyLanguage, type LanguageCode } from '../../web/lib/i18n/i18n';
import { makeFolder, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { findRow } from './helpers';
import { renderApp } from './render';

function preferencesIn(language: LanguageCode): Preferences {
  return { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, language } };
}

function mailboxIn(language: LanguageCode) {
  return createFakeApi({
    preferences: preferencesIn(language),
    folders: [
      ...makeSpecialFolders({ inbox: { total: 2, unread: 1 }, trash: { total: 0 } }),
      makeFolder({ path: 'Snoozed', name: 'Snoozed' }),
      makeFolder({ path: 'Projects', name: 'Projects', total: 5000 }),
    ],
    messages: {
      INBOX: [makeSummary({ uid: 12, subject: 'Invoice', flags: { seen: false } }), makeSummary({ uid: 11, subject: 'Welcome' })],
      Trash: [],
    },
  });
}

afterEach(async () => {
  await applyLanguage('en');
});

describe('Mail in German', () => {
  it('names the special folders, the commands and the columns in German; the user’s own folders keep their names', async () => {
    await applyLanguage('de');
    const { user } = renderApp({ api: mailboxIn('de') });

    const tree = await screen.findByRole('tree', { name: 'Ordner' });
    const names = (await within(tree).findAllByRole('treeitem')).map((item) => item.textContent);
    expect(names).toEqual(['Posteingang (1)', 'Entwürfe', 'Gesendet', 'Spam', 'Papierkorb', 'Zurückgestellt', 'Projects']);
    expect(screen.getByRole('button', { name: 'Ordner erstellen' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Antworten' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Allen antworten' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Verschieben nach…' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Betreff' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Alle auswählen' })).toBeTruthy();

    // A command's outcome: the count and the destination's German name in one sentence, and "Undo".
    await user.click(await findRow('Invoice'));
    await user.click(screen.getByRole('button', { name: 'Löschen' }));
    const toast = (await screen.findByText('1 Nachricht nach „Papierkorb“ verschoben')).closest('.toast') as HTMLElement;
    expect(within(toast).getByRole('button', { name: 'Rückgängig' })).toBeTruthy();
  });

  it('asks in German before deleting a folder, with the message count written the German way', async () => {
    await applyLanguage('de');
    const { user } = renderApp({ api: mailboxIn('de') });
    await user.click(await screen.findByRole('button', { name: 'Aktionen für Projects' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Ordner löschen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ordner „Projects“ und die 5.000 darin enthaltenen Nachrichten löschen?' });
    expect(within(dialog).getByText('Die Nachrichten kommen nicht in den Papierkorb: Sie werden endgültig gelöscht.')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Abbrechen' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Ordner löschen' })).toBeTruthy();
  });
});

describe('Mail in Arabic', () => {
  it('counts messages with the Arabic plural forms and names the special folders in Arabic', async () => {
    await applyLanguage('ar');
    const number = (n: number) => new Intl.NumberFormat('ar').format(n);
    expect(countMessages(1)).toBe('رسالة واحدة');
    expect(countMessages(2)).toBe('رسالتان');
    expect(countMessages(3)).toBe(`${number(3)} رسائل`);
    expect(countMessages(5000)).toBe(`${number(5000)} رسالة`);
    const [inbox, , , junk] = makeSpecialFolders();
    expect(inbox && folderLabel(inbox)).toBe('البريد الوارد');
    expect(junk && folderLabel(junk)).toBe('البريد العشوائي');
    expect(folderLabel(makeFolder({ path: 'Projects', name: 'Projects' }))).toBe('Projects');
  });
});
