import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeDetail, makeFolder, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { findRow, shownSubjects } from './helpers';
import { renderApp } from './render';

function mailbox() {
  return createFakeApi({
    folders: makeSpecialFolders({ inbox: { total: 3 } }),
    messages: {
      INBOX: [
        makeSummary({ uid: 3, subject: 'Banana', size: 300, from: { name: 'Carol', address: 'carol@example.com' } }),
        makeSummary({ uid: 2, subject: 'Apple', size: 100, from: { name: 'Bob', address: 'bob@example.com' } }),
        makeSummary({ uid: 1, subject: 'Cherry', size: 200, from: { name: 'Alice', address: 'alice@example.com' } }),
      ],
    },
  });
}

const lastListCall = (api: ReturnType<typeof mailbox>) => api.callsTo('GET', '/api/messages').at(-1)?.query;

describe('sorting', () => {
  it('is newest first by default, and a column header sorts by it, then the other way', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await findRow('Banana');
    expect(screen.getByRole('columnheader', { name: 'Date' }).getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('columnheader', { name: 'Subject' }).getAttribute('aria-sort')).toBe('none');

    await user.click(screen.getByRole('button', { name: 'Subject' }));
    await waitFor(() => expect(shownSubjects()).toEqual(['Apple', 'Banana', 'Cherry']));
    expect(lastListCall(api)?.get('sort')).toBe('subject');
    expect(lastListCall(api)?.get('order')).toBe('asc');
    expect(screen.getByRole('columnheader', { name: 'Subject' }).getAttribute('aria-sort')).toBe('ascending');
    expect(screen.getByRole('columnheader', { name: 'Date' }).getAttribute('aria-sort')).toBe('none');

    await user.click(screen.getByRole('button', { name: 'Subject' }));
    await waitFor(() => expect(shownSubjects()).toEqual(['Cherry', 'Banana', 'Apple']));
    expect(lastListCall(api)?.get('order')).toBe('desc');

    await user.click(screen.getByRole('button', { name: 'Size' }));
    await waitFor(() => expect(shownSubjects()).toEqual(['Banana', 'Cherry', 'Apple']));
    expect(lastListCall(api)?.get('sort')).toBe('size');
    expect(lastListCall(api)?.get('order')).toBe('desc');

    await user.click(screen.getByRole('button', { name: 'From' }));
    await waitFor(() => expect(shownSubjects()).toEqual(['Cherry', 'Apple', 'Banana']));
    expect(lastListCall(api)?.get('sort')).toBe('from');
  });
});

describe('search', () => {
  it('runs in the current folder on Enter, in the field chosen, and "Clear search" returns to the folder', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await findRow('Banana');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Search in' }), 'From');
    await user.type(screen.getByRole('searchbox', { name: 'Search mail' }), 'bob{Enter}');
    await waitFor(() => expect(shownSubjects()).toEqual(['Apple']));
    const query = lastListCall(api);
    expect(query?.get('folder')).toBe('INBOX');
    expect(query?.get('search')).toBe('bob');
    expect(query?.get('searchIn')).toBe('from');
    expect(screen.getByRole('listbox', { name: 'Search results in Inbox' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    // The folder's own rows come back (from the cache: they were fetched moments ago).
    await waitFor(() => expect(shownSubjects()).toEqual(['Banana', 'Apple', 'Cherry']));
    expect((screen.getByRole('searchbox', { name: 'Search mail' }) as HTMLInputElement).value).toBe('');
  });

  it('says so when nothing matches, and "Select all" then acts on the search only', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await findRow('Banana');
    await user.type(screen.getByRole('searchbox', { name: 'Search mail' }), 'durian{Enter}');
    expect(await screen.findByText('No messages match your search.')).toBeTruthy();

    await user.clear(screen.getByRole('searchbox', { name: 'Search mail' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search mail' }), 'an{Enter}');
    await waitFor(() => expect(shownSubjects()).toEqual(['Banana']));
    await user.click(screen.getByRole('checkbox', { name: 'Select all' }));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/delete')[0]?.body).toEqual({
      selection: { folder: 'INBOX', all: true, search: 'an', searchIn: 'subject' },
      permanently: false,
    });
  });
});

describe('search in all folders', () => {
  it('merges every folder\'s hits newest first, names each hit\'s folder, and opens a hit from its folder', async () => {
    const api = createFakeApi({
      folders: [...makeSpecialFolders({ inbox: { total: 2 } }), makeFolder({ path: 'Projects', name: 'Projects', total: 2 })],
      messages: {
        INBOX: [
          makeSummary({ uid: 2, subject: 'Budget draft', date: '2026-10-03T12:00:00.000Z' }),
          makeSummary({ uid: 1, subject: 'Lunch', date: '2026-10-09T12:00:00.000Z' }),
        ],
        Projects: [
          makeSummary({ uid: 7, subject: 'Budget review', date: '2026-10-07T12:00:00.000Z', flags: { seen: false } }),
          makeSummary({ uid: 6, subject: 'Field trip', date: '2026-10-02T12:00:00.000Z' }),
        ],
      },
      details: [makeDetail({ folder: 'Projects', uid: 7, subject: 'Budget review', text: 'The numbers for Q4.' })],
    });
    const { user } = renderApp({ api });
    await findRow('Budget draft');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Search where' }), 'All folders');
    expect((screen.getByRole('searchbox', { name: 'Search mail' }) as HTMLInputElement).placeholder).toBe('Search all folders');
    await user.type(screen.getByRole('searchbox', { name: 'Search mail' }), 'budget{Enter}');

    const results = await screen.findByRole('listbox', { name: 'Search results in all folders' });
    await waitFor(() => expect(shownSubjects()).toEqual(['Projects Budget review', 'Inbox Budget draft']));
    expect(screen.getByText('2 messages in all folders')).toBeTruthy();
    expect(api.callsTo('GET', '/api/messages/search').at(-1)?.query.get('search')).toBe('budget');

    await user.click(within(results).getByRole('option', { name: /Projects, Budget review/ }));
    expect(await screen.findByText('The numbers for Q4.')).toBeTruthy();
    // Opening an unread hit marks it read in its own folder.
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/seen').at(-1)?.body).toEqual({ folder: 'Projects', uids: [7], seen: true }));

    // "This folder" goes back to searching the current folder only.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Search where' }), 'This folder');
    await waitFor(() => expect(shownSubjects()).toEqual(['Budget draft']));
  });
});

describe('search text', () => {
  it('asks for at least two characters and searches nothing until then', async () => {
    const api = createFakeApi({ messages: { INBOX: [makeSummary({ uid: 1, subject: 'Q4 numbers' })] } });
    const { user } = renderApp({ api });
    await findRow('Q4 numbers');
    const listCalls = api.callsTo('GET', '/api/messages').length;

    await user.type(screen.getByRole('searchbox', { name: 'Search mail' }), 'q{Enter}');
    expect(await screen.findByText('Type at least 2 characters to search.')).toBeTruthy();
    expect(api.callsTo('GET', '/api/messages')).toHaveLength(listCalls);

    await user.type(screen.getByRole('searchbox', { name: 'Search mail' }), '4{Enter}');
    await waitFor(() => expect(api.callsTo('GET', '/api/messages').at(-1)?.query.get('search')).toBe('q4'));
    expect(screen.queryByText('Type at least 2 characters to search.')).toBeNull();
  });
});
