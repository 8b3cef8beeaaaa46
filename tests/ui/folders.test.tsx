import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeFolder, makeSpecialFolders, makeSummary } from './builders';
import { apiError, createFakeApi } from './fake-api';
import { renderApp } from './render';

function folderApi(extra = [makeFolder({ path: 'Receipts', name: 'Receipts', total: 12 })]) {
  return createFakeApi({
    folders: [...makeSpecialFolders(), ...extra],
    messages: { INBOX: [makeSummary({ uid: 1, subject: 'Hello' })], Receipts: [] },
  });
}

function treeNames(): string[] {
  return within(screen.getByRole('tree', { name: 'Folders' }))
    .getAllByRole('treeitem')
    .map((item) => item.getAttribute('aria-label') ?? '');
}

async function openFolderMenu(user: ReturnType<typeof renderApp>['user'], name: string) {
  await user.click(await screen.findByRole('button', { name: `Actions for ${name}` }));
  return screen.findByRole('menu', { name: `Actions for ${name}` });
}

describe('creating a folder', () => {
  it('"Create folder" opens an editor with "New folder" selected; Enter saves it', async () => {
    const api = folderApi();
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('button', { name: 'Create folder' }));

    const input = screen.getByRole('textbox', { name: 'Folder name' }) as HTMLInputElement;
    expect(input.value).toBe('New folder');
    expect(document.activeElement).toBe(input);
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 'New folder'.length]);

    await user.keyboard('Travel{Enter}');
    await waitFor(() => expect(api.callsTo('POST', '/api/folders')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/folders')[0]?.body).toEqual({ name: 'Travel' });
    await waitFor(() => expect(treeNames()).toContain('Travel'));
    expect(screen.queryByRole('textbox', { name: 'Folder name' })).toBeNull();
  });

  it('proposes "New folder 2" when "New folder" exists', async () => {
    const { user } = renderApp({ api: folderApi([makeFolder({ path: 'New folder', name: 'New folder' })]) });
    await user.click(await screen.findByRole('button', { name: 'Create folder' }));
    expect((screen.getByRole('textbox', { name: 'Folder name' }) as HTMLInputElement).value).toBe('New folder 2');
  });

  it('Escape cancels without asking the server', async () => {
    const api = folderApi();
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('button', { name: 'Create folder' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox', { name: 'Folder name' })).toBeNull();
    expect(api.callsTo('POST', '/api/folders')).toHaveLength(0);
  });

  it("shows the server's reason in place and keeps the name to fix", async () => {
    const api = folderApi();
    api.on('POST /api/folders', () => apiError(400, 'mail_server_refused', 'Mailbox name contains invalid characters'));
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('button', { name: 'Create folder' }));
    await user.keyboard('Bad%name{Enter}');

    const input = screen.getByRole('textbox', { name: 'Folder name' }) as HTMLInputElement;
    const reason = await screen.findByText('Mailbox name contains invalid characters');
    expect(reason.getAttribute('role')).toBe('alert');
    expect(input.value).toBe('Bad%name');
    expect(document.activeElement).toBe(input);
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });
});

describe("a user folder's actions", () => {
  it('renames in place: Enter saves, Escape cancels', async () => {
    const api = folderApi();
    const { user } = renderApp({ api });
    const menu = await openFolderMenu(user, 'Receipts');
    await user.click(within(menu).getByRole('menuitem', { name: 'Rename' }));
    const input = screen.getByRole('textbox', { name: 'New name for Receipts' }) as HTMLInputElement;
    expect(input.value).toBe('Receipts');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox', { name: 'New name for Receipts' })).toBeNull();
    expect(api.callsTo('PATCH', '/api/folders')).toHaveLength(0);

    await user.click(within(await openFolderMenu(user, 'Receipts')).getByRole('menuitem', { name: 'Rename' }));
    await user.keyboard('Bills{Enter}');
    await waitFor(() => expect(api.callsTo('PATCH', '/api/folders')).toHaveLength(1));
    expect(api.callsTo('PATCH', '/api/folders')[0]?.body).toEqual({ path: 'Receipts', name: 'Bills' });
    await waitFor(() => expect(treeNames()).toContain('Bills'));
  });

  it('deletes after a confirmation that says how many messages go', async () => {
    const api = folderApi();
    const { user } = renderApp({ api });
    await user.click(within(await openFolderMenu(user, 'Receipts')).getByRole('menuitem', { name: 'Delete folder' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete folder "Receipts" and its 12 messages?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete folder' }));
    await waitFor(() => expect(api.callsTo('DELETE', '/api/folders')).toHaveLength(1));
    expect(api.callsTo('DELETE', '/api/folders')[0]?.query.get('path')).toBe('Receipts');
    await waitFor(() => expect(treeNames()).not.toContain('Receipts'));
  });

  it('moves under another folder and (un)subscribes', async () => {
    const api = folderApi([makeFolder({ path: 'Receipts', name: 'Receipts' }), makeFolder({ path: 'Archive', name: 'Archive' })]);
    const { user } = renderApp({ api });
    await user.click(within(await openFolderMenu(user, 'Receipts')).getByRole('menuitem', { name: 'Move folder' }));
    const dialog = await screen.findByRole('dialog', { name: 'Move folder "Receipts"' });
    // Not under itself, nor under a special folder.
    expect(within(dialog).getAllByRole('button').map((b) => b.textContent)).toEqual(['Top level', 'Archive', 'Cancel']);
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(api.callsTo('PATCH', '/api/folders')).toHaveLength(1));
    expect(api.callsTo('PATCH', '/api/folders')[0]?.body).toEqual({ path: 'Receipts', parent: 'Archive' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await user.click(within(await openFolderMenu(user, 'Archive')).getByRole('menuitem', { name: 'Unsubscribe' }));
    await waitFor(() => expect(api.callsTo('PATCH', '/api/folders')).toHaveLength(2));
    expect(api.callsTo('PATCH', '/api/folders')[1]?.body).toEqual({ path: 'Archive', subscribed: false });
    expect(within(await openFolderMenu(user, 'Archive')).getByRole('menuitem', { name: 'Subscribe' })).toBeTruthy();
  });

  it('offers none of this for the special five', async () => {
    renderApp({ api: folderApi() });
    await screen.findByRole('button', { name: 'Actions for Receipts' });
    for (const name of ['Inbox', 'Drafts', 'Sent', 'Spam', 'Trash']) {
      expect(screen.queryByRole('button', { name: `Actions for ${name}` })).toBeNull();
    }
  });
});
