import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeFolder, makeQuota, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { renderApp } from './render';

function folderApi() {
  return createFakeApi({
    folders: [
      ...makeSpecialFolders({ inbox: { unread: 3, total: 10 } }),
      makeFolder({ path: 'Projects', name: 'Projects' }),
      makeFolder({ path: 'Projects/Tern', name: 'Tern', depth: 1, unread: 1 }),
    ],
    quota: makeQuota({ usedBytes: 812 * 1024 ** 2, limitBytes: 1024 ** 3 }),
    messages: {
      INBOX: [makeSummary({ uid: 1, subject: 'In the inbox' })],
      'Projects/Tern': [makeSummary({ uid: 9, subject: 'Tern kickoff' })],
    },
  });
}

describe('folder list', () => {
  it('shows the special five first, in order, then the user folders', async () => {
    renderApp({ api: folderApi() });
    const tree = await screen.findByRole('tree', { name: 'Folders' });
    const names = (await within(tree).findAllByRole('treeitem')).map((item) => item.textContent);
    expect(names).toEqual(['Inbox (3)', 'Drafts', 'Sent', 'Spam', 'Trash', 'Projects', 'Tern (1)']);
  });

  it('shows a folder with unread mail in bold with the count', async () => {
    renderApp({ api: folderApi() });
    const inbox = await screen.findByText('Inbox (3)');
    expect(inbox.tagName).toBe('STRONG');
    expect(screen.getByText('Drafts').closest('strong')).toBeNull();
  });

  it('indents nested folders and highlights the open one', async () => {
    renderApp({ api: folderApi() });
    const nested = await screen.findByRole('treeitem', { name: 'Tern (1)' });
    expect(nested.getAttribute('aria-level')).toBe('2');
    expect(screen.getByRole('treeitem', { name: 'Inbox (3)' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('treeitem', { name: 'Drafts' }).getAttribute('aria-selected')).toBe('false');
  });

  it('shows the quota in the guide\'s words: "812 MB of 1 GB"', async () => {
    renderApp({ api: folderApi() });
    expect(await screen.findByText('812 MB of 1 GB')).toBeTruthy();
  });

  it('shows no quota when the server reports none', async () => {
    const api = createFakeApi({ quota: null });
    renderApp({ api });
    await screen.findByRole('tree', { name: 'Folders' });
    expect(screen.queryByText(/ of .*B$/)).toBeNull();
  });

  it('opens another folder on click and by keyboard', async () => {
    const api = folderApi();
    const { user } = renderApp({ api });
    await screen.findByRole('option', { name: /In the inbox/ });

    await user.click(screen.getByRole('treeitem', { name: 'Tern (1)' }));
    expect(await screen.findByRole('option', { name: /Tern kickoff/ })).toBeTruthy();
    expect(screen.getByRole('treeitem', { name: 'Tern (1)' }).getAttribute('aria-selected')).toBe('true');
    expect(api.calls.some((c) => c.path === '/api/messages' && c.query.get('folder') === 'Projects/Tern')).toBe(true);

    // Arrow keys move focus through the tree; Enter opens.
    screen.getByRole('treeitem', { name: 'Tern (1)' }).focus();
    await user.keyboard('{Home}{Enter}');
    await waitFor(() => expect(screen.getByRole('treeitem', { name: 'Inbox (3)' }).getAttribute('aria-selected')).toBe('true'));
    expect(await screen.findByRole('option', { name: /In the inbox/ })).toBeTruthy();
  });
});
