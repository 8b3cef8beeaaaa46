import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeDetail, makeFolder, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { findRow, selectedSubjects } from './helpers';
import { renderApp } from './render';

function mailbox() {
  return createFakeApi({
    folders: [...makeSpecialFolders({ inbox: { total: 3 } }), makeFolder({ path: 'Receipts', name: 'Receipts' })],
    messages: {
      INBOX: [makeSummary({ uid: 3, subject: 'First' }), makeSummary({ uid: 2, subject: 'Second' }), makeSummary({ uid: 1, subject: 'Third' })],
      Receipts: [],
    },
    details: [makeDetail({ uid: 2, subject: 'Second' })],
  });
}

describe('keyboard shortcuts', () => {
  it('"?" lists the shortcuts; Escape closes the list', async () => {
    const { user } = renderApp({ api: mailbox() });
    await findRow('First');
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const label of ['Next message', 'Previous message', 'Open the message', 'Delete', 'Search', 'Show these shortcuts', 'Move to…']) {
      expect(within(dialog).getByText(label, { selector: 'dd' })).toBeTruthy();
    }
    const writing = within(dialog).getByRole('region', { name: 'Writing' });
    for (const label of ['Reply', 'Reply All', 'Forward', 'Compose a new email']) expect(within(writing).getByText(label, { selector: 'dd' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('j/k move from anywhere on the page, Enter opens', async () => {
    const { user } = renderApp({ api: mailbox() });
    await findRow('First');
    await user.keyboard('j');
    expect(selectedSubjects()).toEqual(['First']);
    await user.keyboard('jjk');
    expect(selectedSubjects()).toEqual(['Second']);
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Second' })).toBeTruthy();
  });

  it('Delete and # delete the selection', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await findRow('First'));
    await user.keyboard('{Delete}');
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(1));
    await user.keyboard('#');
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(2));
    expect(api.callsTo('POST', '/api/messages/delete').map((c) => (c.body as { selection: { uids: number[] } }).selection.uids)).toEqual([
      [3],
      [2],
    ]);
  });

  it('"/" focuses the search box, and no shortcut fires while typing in it', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await findRow('First'));
    await user.keyboard('/');
    const search = screen.getByRole('searchbox', { name: 'Search mail' }) as HTMLInputElement;
    expect(document.activeElement).toBe(search);

    await user.keyboard('j#?m/{Delete}');
    expect(search.value).toBe('j#?m/');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(selectedSubjects()).toEqual(['First']);
    expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(0);
  });

  it('"m" opens "Move to…" for the selection', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await findRow('Third'));
    await user.keyboard('m');
    const menu = await screen.findByRole('menu', { name: 'Move to…' });
    await user.keyboard('r');
    expect(document.activeElement?.textContent).toBe('Receipts');
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('menu')).toBeNull();
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/move')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/move')[0]?.body).toEqual({ selection: { folder: 'INBOX', uids: [1] }, to: 'Receipts' });
    expect(menu.isConnected).toBe(false);
  });

  it('Escape closes the confirmation without deleting', async () => {
    const api = createFakeApi({
      folders: makeSpecialFolders({ trash: { total: 1 } }),
      messages: { INBOX: [], Trash: [makeSummary({ uid: 9, subject: 'Gone soon' })] },
    });
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('treeitem', { name: 'Trash' }));
    await user.click(await findRow('Gone soon'));
    await user.keyboard('{Delete}');
    expect(await screen.findByRole('dialog', { name: 'Delete 1 message for good?' })).toBeTruthy();
    // Keys meant for the page do nothing while the dialog is open.
    await user.keyboard('?');
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(0);
  });
});
