import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE } from '../../shared/limits';
import { makeDetail, makeFolder, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { ctrlClick, findRow, row, scrollListTo, selectedSubjects, shiftClick } from './helpers';
import { renderApp } from './render';

const TOTAL = 5_000;

function bigFolderApi() {
  return createFakeApi({
    folders: makeSpecialFolders({ inbox: { total: TOTAL } }),
    messages: {
      // Position p holds UID TOTAL - p, built only when asked for.
      INBOX: { total: TOTAL, at: (p) => makeSummary({ uid: TOTAL - p, subject: `Message number ${p}` }) },
    },
  });
}

function smallApi() {
  return createFakeApi({
    folders: [...makeSpecialFolders({ inbox: { total: 5 } }), makeFolder({ path: 'Projects', name: 'Projects' })],
    messages: {
      INBOX: [1, 2, 3, 4, 5].map((n) => makeSummary({ uid: 10 + n, subject: `Note ${n}` })),
      Projects: [makeSummary({ uid: 1, subject: 'Project plan' })],
    },
    details: [1, 2, 3, 4, 5].map((n) => makeDetail({ uid: 10 + n, subject: `Note ${n}` })),
  });
}

describe('selecting messages', () => {
  it('selects one on click and opens it; Ctrl-click adds and removes without opening', async () => {
    const { user } = renderApp({ api: smallApi() });
    await user.click(await findRow('Note 2'));
    expect(selectedSubjects()).toEqual(['Note 2']);
    expect(await screen.findByRole('heading', { name: 'Note 2' })).toBeTruthy();

    await ctrlClick(user, row('Note 4'));
    expect(selectedSubjects()).toEqual(['Note 2', 'Note 4']);
    expect(screen.getByText('2 selected')).toBeTruthy();
    // The reading pane keeps the message opened by the plain click.
    expect(screen.getByRole('heading', { name: 'Note 2' })).toBeTruthy();

    await ctrlClick(user, row('Note 2'));
    expect(selectedSubjects()).toEqual(['Note 4']);

    // A plain click starts over.
    await user.click(row('Note 5'));
    expect(selectedSubjects()).toEqual(['Note 5']);
  });

  it('selects a range with Shift-click, from the anchor, in either direction', async () => {
    const { user } = renderApp({ api: smallApi() });
    await user.click(await findRow('Note 2'));
    await shiftClick(user, row('Note 4'));
    expect(selectedSubjects()).toEqual(['Note 2', 'Note 3', 'Note 4']);
    // The anchor stays where the range started.
    await shiftClick(user, row('Note 1'));
    expect(selectedSubjects()).toEqual(['Note 1', 'Note 2']);
    expect(screen.getByText('2 selected')).toBeTruthy();
  });

  it('extends the selection with Shift and the arrow keys', async () => {
    const { user } = renderApp({ api: smallApi() });
    await user.click(await findRow('Note 1'));
    await user.keyboard('{Shift>}{ArrowDown}{ArrowDown}{/Shift}');
    expect(selectedSubjects()).toEqual(['Note 1', 'Note 2', 'Note 3']);
    await user.keyboard('{Shift>}j{/Shift}');
    expect(selectedSubjects()).toEqual(['Note 1', 'Note 2', 'Note 3', 'Note 4']);
  });

  it('selects a Shift range across two windows and acts on exactly those messages', async () => {
    const api = bigFolderApi();
    const { user } = renderApp({ api });
    await user.click(await findRow('Message number 10'));

    scrollListTo(60);
    await shiftClick(user, await findRow('Message number 62'));
    await waitFor(() => expect(screen.getByText('53 selected')).toBeTruthy());
    expect(selectedSubjects()).toContain('Message number 62');

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(1));
    const body = api.callsTo('POST', '/api/messages/delete')[0]?.body as { selection: { uids: number[] } };
    const expected = Array.from({ length: 53 }, (_, i) => TOTAL - (10 + i));
    expect([...body.selection.uids].sort((a, b) => b - a)).toEqual(expected);
  });

  it('loads the windows a range reaches into before acting on it', async () => {
    const api = bigFolderApi();
    const { user } = renderApp({ api });
    await user.click(await findRow('Message number 2'));

    // Jump far down: the windows in between were never loaded.
    scrollListTo(400);
    const far = await findRow('Message number 410');
    const pagesLoaded = new Set(api.callsTo('GET', '/api/messages').map((c) => Number(c.query.get('offset'))));
    expect(pagesLoaded.has(200)).toBe(false);

    await shiftClick(user, far);
    await waitFor(() => expect(screen.getByText('409 selected')).toBeTruthy());
    // The gap was fetched in large windows, not row by row.
    const fills = api.callsTo('GET', '/api/messages').filter((c) => Number(c.query.get('limit')) > DEFAULT_WINDOW_SIZE);
    expect(fills.length).toBeGreaterThan(0);

    await user.click(screen.getByRole('button', { name: 'Spam' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/spam')).toHaveLength(1));
    const body = api.callsTo('POST', '/api/messages/spam')[0]?.body as { selection: { folder: string; uids: number[] } };
    expect(body.selection.folder).toBe('INBOX');
    expect(new Set(body.selection.uids)).toEqual(new Set(Array.from({ length: 409 }, (_, i) => TOTAL - (2 + i))));
  });

  it('"Select all" selects the whole folder on the server, shows the count and acts with {all: true}', async () => {
    const api = bigFolderApi();
    const { user } = renderApp({ api });
    await findRow('Message number 0');

    await user.click(screen.getByRole('checkbox', { name: 'Select all' }));
    expect(await screen.findByText('All 5,000 selected')).toBeTruthy();
    expect(selectedSubjects().length).toBeGreaterThan(0);
    expect(selectedSubjects().every(Boolean)).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Mark' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Mark as read' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/flags')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/flags')[0]?.body).toEqual({
      selection: { folder: 'INBOX', all: true, searchIn: 'subject' },
      flag: 'seen',
      value: true,
    });
  });

  it('selects all with Ctrl-A when the list has focus', async () => {
    const { user } = renderApp({ api: smallApi() });
    await user.click(await findRow('Note 1'));
    await user.keyboard('{Control>}a{/Control}');
    expect(await screen.findByText('All 5 selected')).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Select all' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.queryByText('All 5 selected')).toBeNull();
  });

  it('clears the selection when the folder, the sort or the search changes', async () => {
    const { user } = renderApp({ api: smallApi() });
    await user.click(await findRow('Note 1'));
    await shiftClick(user, row('Note 3'));
    expect(selectedSubjects()).toHaveLength(3);

    await user.click(screen.getByRole('button', { name: 'Subject' }));
    await findRow('Note 1');
    expect(selectedSubjects()).toEqual([]);

    await user.click(screen.getByRole('checkbox', { name: 'Select all' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search mail' }), 'Note{Enter}');
    await findRow('Note 1');
    expect(screen.queryByText(/selected$/)).toBeNull();
    expect(selectedSubjects()).toEqual([]);

    await user.click(row('Note 2'));
    await user.click(screen.getByRole('treeitem', { name: 'Projects' }));
    await findRow('Project plan');
    expect(selectedSubjects()).toEqual([]);
  });

  it('disables the actions while nothing is selected', async () => {
    const { user } = renderApp({ api: smallApi() });
    await findRow('Note 1');
    for (const name of ['Spam', 'Delete', 'Move to…', 'Mark']) {
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true);
    }
    await user.click(row('Note 1'));
    for (const name of ['Spam', 'Delete', 'Move to…', 'Mark']) {
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(false);
    }
  });
});
