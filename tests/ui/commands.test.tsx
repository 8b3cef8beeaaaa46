import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../shared/api/session';
import { makeFolder, makeSpecialFolders, makeSummary } from './builders';
import { apiError, createFakeApi, json } from './fake-api';
import { ctrlClick, findRow, row, shownSubjects } from './helpers';
import { renderApp } from './render';

function mailbox() {
  return createFakeApi({
    folders: [
      ...makeSpecialFolders({ inbox: { total: 4, unread: 2 }, trash: { total: 3 }, junk: { total: 1 } }),
      makeFolder({ path: 'Projects', name: 'Projects' }),
    ],
    messages: {
      INBOX: [
        makeSummary({ uid: 14, subject: 'Invoice', flags: { seen: false } }),
        makeSummary({ uid: 13, subject: 'Lunch', flags: { seen: false } }),
        makeSummary({ uid: 12, subject: 'Minutes' }),
        makeSummary({ uid: 11, subject: 'Welcome' }),
      ],
      Trash: [
        makeSummary({ uid: 3, subject: 'Old one' }),
        makeSummary({ uid: 2, subject: 'Old two' }),
        makeSummary({ uid: 1, subject: 'Old three' }),
      ],
      Junk: [makeSummary({ uid: 7, subject: 'Cheap pills', flags: { junk: true } })],
      Projects: [],
    },
  });
}

async function chooseFromMenu(user: ReturnType<typeof renderApp>['user'], button: string, item: string) {
  await user.click(screen.getByRole('button', { name: button }));
  await user.click(await screen.findByRole('menuitem', { name: item }));
}

describe('mark as read / unread, flag / unflag', () => {
  it('marks the selection read at once, sends one request, and the count follows', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await ctrlClick(user, await findRow('Invoice'));
    await ctrlClick(user, row('Lunch'));
    const answer = api.hold('POST /api/messages/flags');

    await chooseFromMenu(user, 'Mark', 'Mark as read');

    // Before the server answers: both rows read, "Inbox (2)" became "Inbox".
    await waitFor(() => expect(screen.getByRole('treeitem', { name: 'Inbox' })).toBeTruthy());
    expect(row('Invoice').getAttribute('aria-label')).not.toMatch(/Unread/);
    expect(row('Lunch').getAttribute('aria-label')).not.toMatch(/Unread/);
    const [call] = api.callsTo('POST', '/api/messages/flags');
    expect(call?.body).toEqual({ selection: { folder: 'INBOX', uids: [14, 13] }, flag: 'seen', value: true });
    expect(call?.headers.get(CSRF_HEADER)).toBe('csrf-test-token');
    answer(new Response(null, { status: 204 }));
  });

  it('puts everything back and says why when the server fails', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await ctrlClick(user, await findRow('Invoice'));
    const answer = api.hold('POST /api/messages/flags');

    await chooseFromMenu(user, 'Mark', 'Flag');
    await waitFor(() => expect(row('Invoice').getAttribute('aria-label')).toMatch(/Flagged/));
    expect(api.callsTo('POST', '/api/messages/flags')[0]?.body).toEqual({
      selection: { folder: 'INBOX', uids: [14] },
      flag: 'flagged',
      value: true,
    });

    answer(apiError(500, 'internal', 'Something broke on the server.'));
    const alert = await screen.findByText(/Could not flag the message\. Something broke on the server\./);
    expect(alert).toBeTruthy();
    await waitFor(() => expect(row('Invoice').getAttribute('aria-label')).not.toMatch(/Flagged/));
    // The selection is still there to try again.
    expect((screen.getByRole('button', { name: 'Mark' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('marks unread and unflags', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await ctrlClick(user, await findRow('Minutes'));
    await chooseFromMenu(user, 'Mark', 'Mark as unread');
    expect(await screen.findByRole('treeitem', { name: 'Inbox (3)' })).toBeTruthy();
    await chooseFromMenu(user, 'Mark', 'Unflag');
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/flags')).toHaveLength(2));
    expect(api.callsTo('POST', '/api/messages/flags').map((c) => c.body)).toEqual([
      { selection: { folder: 'INBOX', uids: [12] }, flag: 'seen', value: false },
      { selection: { folder: 'INBOX', uids: [12] }, flag: 'flagged', value: false },
    ]);
  });
});

describe('Delete', () => {
  it('takes the messages out of the list at once, moves them to Trash and offers Undo', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await ctrlClick(user, await findRow('Invoice'));
    await ctrlClick(user, row('Minutes'));
    const answer = api.hold('POST /api/messages/delete');

    await user.click(screen.getByRole('button', { name: 'Delete' }));

    // Optimistic: gone from the list and counted out of the Inbox before the server answers.
    await waitFor(() => expect(shownSubjects()).toEqual(['Lunch', 'Welcome']));
    expect(screen.getByRole('treeitem', { name: 'Inbox (1)' })).toBeTruthy();
    expect(api.callsTo('POST', '/api/messages/delete')[0]?.body).toEqual({
      selection: { folder: 'INBOX', uids: [14, 12] },
      permanently: false,
    });
    // The row that moved up into the gap is the new selection.
    expect(row('Lunch').getAttribute('aria-selected')).toBe('true');

    answer();
    const toast = (await screen.findByText('2 messages moved to Trash')).closest('.toast') as HTMLElement;

    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/move')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/move')[0]?.body).toEqual({
      // The fake server gives moved messages UIDs from 1001 on, as COPYUID would.
      selection: { folder: 'Trash', uids: [1001, 1002] },
      to: 'INBOX',
    });
    expect(await screen.findByText('2 messages moved back to Inbox')).toBeTruthy();
    await waitFor(() => expect(shownSubjects()).toEqual(['Invoice', 'Minutes', 'Lunch', 'Welcome']));
    expect(screen.getByRole('treeitem', { name: 'Inbox (2)' })).toBeTruthy();
    // Undoing acted on Trash: the selection in the Inbox stays what it was.
    expect(row('Lunch').getAttribute('aria-selected')).toBe('true');
    expect(row('Invoice').getAttribute('aria-selected')).toBe('false');
  });

  it('brings the rows back when the server refuses', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await findRow('Welcome'));
    const answer = api.hold('POST /api/messages/delete');
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(shownSubjects()).toEqual(['Invoice', 'Lunch', 'Minutes']));

    answer(apiError(500, 'internal', 'The server fell over.'));
    expect(await screen.findByText('Could not delete the message. The server fell over.')).toBeTruthy();
    await waitFor(() => expect(shownSubjects()).toEqual(['Invoice', 'Lunch', 'Minutes', 'Welcome']));
    expect(row('Welcome').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('treeitem', { name: 'Inbox (2)' })).toBeTruthy();
  });

  it('shows no Undo when the server did not say where the messages went', async () => {
    const api = mailbox();
    api.on('POST /api/messages/delete', () => json(200, { count: 1, from: 'INBOX', to: 'Trash', uids: null }));
    const { user } = renderApp({ api });
    await user.click(await findRow('Welcome'));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const toast = (await screen.findByText('1 message moved to Trash')).closest('.toast') as HTMLElement;
    expect(within(toast).queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('in Trash, asks first, saying how many, then deletes for good without Undo', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('treeitem', { name: 'Trash' }));
    await user.click(await findRow('Old one'));
    await ctrlClick(user, row('Old two'));
    await ctrlClick(user, row('Old three'));

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete 3 messages for good?' });
    expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(0);

    // Cancel keeps them.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/delete')[0]?.body).toEqual({
      selection: { folder: 'Trash', uids: [3, 2, 1] },
      permanently: true,
    });
    const toast = (await screen.findByText('3 messages deleted for good')).closest('.toast') as HTMLElement;
    expect(within(toast).queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(await screen.findByText('No messages in this folder.')).toBeTruthy();
  });
});

describe('Spam and Not Spam', () => {
  it('"Spam" moves the selection to Spam; in Spam the button is "Not Spam" and moves to the Inbox', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await findRow('Lunch'));
    await user.click(screen.getByRole('button', { name: 'Spam' }));
    expect(await screen.findByText('1 message moved to Spam')).toBeTruthy();
    expect(api.callsTo('POST', '/api/messages/spam')[0]?.body).toEqual({ selection: { folder: 'INBOX', uids: [13] } });
    expect(shownSubjects()).not.toContain('Lunch');

    await user.click(screen.getByRole('treeitem', { name: /^Spam/ }));
    await findRow('Cheap pills');
    expect(screen.queryByRole('button', { name: 'Spam' })).toBeNull();
    await user.click(row('Cheap pills'));
    await user.click(screen.getByRole('button', { name: 'Not Spam' }));
    expect(await screen.findByText('1 message moved to Inbox')).toBeTruthy();
    expect(api.callsTo('POST', '/api/messages/not-spam')[0]?.body).toEqual({ selection: { folder: 'Junk', uids: [7] } });
  });
});

describe('Move to…', () => {
  it('lists the other folders and moves the selection to the one chosen', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await findRow('Minutes'));
    await user.click(screen.getByRole('button', { name: 'Move to…' }));
    const menu = await screen.findByRole('menu', { name: 'Move to…' });
    expect(within(menu).getAllByRole('menuitem').map((i) => i.textContent)).toEqual(['Drafts', 'Sent', 'Spam', 'Trash', 'Projects']);

    await user.click(within(menu).getByRole('menuitem', { name: 'Projects' }));
    expect(await screen.findByText('1 message moved to Projects')).toBeTruthy();
    expect(api.callsTo('POST', '/api/messages/move')[0]?.body).toEqual({ selection: { folder: 'INBOX', uids: [12] }, to: 'Projects' });
    await user.click(screen.getByRole('treeitem', { name: 'Projects' }));
    expect(await findRow('Minutes')).toBeTruthy();
  });
});
