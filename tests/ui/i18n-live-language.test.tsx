import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactListResponse, ContactSummary } from '../../shared/api/contacts';
import { DEFAULT_PREFERENCES } from '../../shared/api/preferences';
import type { ThreadSummary } from '../../shared/api/threads';
import { MessageRow } from '../../web/features/mail/components/message-row';
import { MessageMeta } from '../../web/features/mail/components/message-view';
import { ThreadRow } from '../../web/features/mail/components/thread-row';
import { openCompose, useComposeIntent } from '../../web/lib/compose-intent';
import { applyLanguage } from '../../web/lib/i18n/i18n';
import { makeDetail, makeSummary } from './builders';
import { createFakeApi, json } from './fake-api';
import { renderApp } from './render';

/** Labels and lists of names follow the user's language, also when it changes on an open screen (issue 18). */

const position = { id: 'row-0', index: 0, total: 1, start: 0, height: 40 };
const noop = () => undefined;
const thread: ThreadSummary = {
  uid: 3,
  uids: [1, 2, 3],
  subject: 'Planning',
  date: '2026-03-02T10:00:00Z',
  participants: ['Ada', 'Bob', 'Cy'],
  count: 3,
  unread: 0,
  unreadUids: [],
  flagged: false,
};
const recipients = [
  { name: 'Joy', address: 'joy@example.com' },
  { name: 'Bob', address: 'bob@example.com' },
  { name: 'Cy', address: 'cy@example.com' },
];

describe('a language change on an open screen', () => {
  afterEach(async () => {
    await applyLanguage('en');
  });

  it('renames the rich editor of an open compose window', { timeout: 20_000 }, async () => {
    renderApp({ api: createFakeApi({ messages: { INBOX: [makeSummary({ uid: 1, subject: 'Lunch' })] } }) });
    await screen.findByRole('option', { name: /Lunch/ }, { timeout: 5000 });
    act(() => openCompose({}));
    // The window's code loads on demand: a placeholder first, then the form.
    await screen.findByLabelText('Subject', undefined, { timeout: 5000 });
    const dialog = screen.getByRole('dialog', { name: 'New Email' });
    expect(await within(dialog).findByRole('textbox', { name: 'Message' })).toBeTruthy();
    await act(() => applyLanguage('de'));
    expect(within(dialog).getByRole('textbox', { name: 'Nachricht' })).toBeTruthy();
    await act(() => applyLanguage('ar'));
    expect(within(dialog).getByRole('textbox', { name: 'الرسالة' })).toBeTruthy();
    act(() => useComposeIntent.getState().close());
  });
});

describe('lists of names', () => {
  afterEach(async () => {
    await applyLanguage('en');
  });

  function renderRows() {
    const now = new Date('2026-03-02T12:00:00Z');
    render(
      <>
        <ThreadRow {...position} thread={thread} selected={false} now={now} onClick={noop} onDragStart={noop} />
        <MessageRow {...position} id="row-1" message={makeSummary({ uid: 9, to: recipients })} selected={false} now={now} showRecipients onClick={noop} />
        <MessageMeta detail={makeDetail({ uid: 9, from: { name: 'Ann', address: 'ann@example.com' }, to: recipients, cc: [] })} />
      </>,
    );
    const participants = document.querySelector('.thread-row .col-sender') as HTMLElement;
    const to = screen.getByText(/Joy/, { selector: '.message-row:not(.thread-row) *' });
    const header = document.querySelectorAll('.message-meta dd')[1] as HTMLElement;
    return { participants, to, header };
  }

  it('keeps English lists as they were', () => {
    const { participants, to, header } = renderRows();
    expect(participants.textContent).toBe('Ada, Bob, Cy 3');
    expect(participants.title).toBe('Ada, Bob, Cy');
    expect(to.textContent).toBe('To: Joy, Bob, Cy');
    expect(header.textContent).toBe('Joy <joy@example.com>, Bob <bob@example.com>, Cy <cy@example.com>');
  });

  it('joins names the German and the Arabic way', async () => {
    await applyLanguage('de');
    let shown = renderRows();
    expect(shown.participants.title).toBe('Ada, Bob und Cy');
    expect(shown.to.textContent).toBe('An: Joy, Bob und Cy');
    expect(shown.header.textContent).toBe('Joy <joy@example.com>, Bob <bob@example.com> und Cy <cy@example.com>');
    cleanup();
    await applyLanguage('ar');
    shown = renderRows();
    expect(shown.participants.title).toBe('Ada، وBob، وCy');
    expect(shown.header.textContent).toBe('Joy <joy@example.com>، وBob <bob@example.com>، وCy <cy@example.com>');
  });
});

describe('the contacts jump bar', () => {
  afterEach(async () => {
    await applyLanguage('en');
  });

  const contact = (id: string, name: string, sortKey: string): ContactSummary => ({ id, name, sortKey, emails: [], phones: [], company: '', uid: `uid-${id}` });

  /** The bar of a book with Latin and Arabic names, in the language the user chose. */
  async function jumpBar(language: 'en' | 'ar') {
    await applyLanguage(language);
    const list: ContactListResponse = {
      contacts: [
        contact('ada', 'Ada Lovelace', 'lovelace ada'),
        contact('emile', 'Émile Zola', 'zola émile'),
        contact('bashir', 'بشير', 'بشير'),
        contact('ahmad', 'أحمد خالد', 'خالد أحمد'),
        contact('amal', 'أمل', 'أمل'),
      ],
      groups: [],
    };
    const api = createFakeApi({ preferences: { ...DEFAULT_PREFERENCES, display: { ...DEFAULT_PREFERENCES.display, language } } });
    api.on('GET /api/contacts/books', () => json(200, { books: [{ id: 'personal', name: 'Personal Addresses' }] }));
    api.on('GET /api/contacts/books/personal/contacts', () => json(200, list));
    renderApp({ path: '/contacts', api });
    const name = language === 'ar' ? 'الانتقال إلى حرف' : 'Jump to letter';
    const bar = await screen.findByRole('navigation', { name }, { timeout: 5000 });
    return [...bar.querySelectorAll('button')].map((button) => button.textContent);
  }

  const LATIN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

  it('offers the Arabic letters the contacts start with, first and in Arabic order, for an Arabic user', async () => {
    expect(await jumpBar('ar')).toEqual(['ا', 'ب', 'خ', ...LATIN]);
  });

  it('keeps A–Z first for an English user, with the other letters after it', async () => {
    expect(await jumpBar('en')).toEqual([...LATIN, 'ا', 'ب', 'خ']);
  });
});
