import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeFolder, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { ctrlClick, dragAndDrop, findRow, makeDataTransfer, row, shownSubjects } from './helpers';
import { renderApp } from './render';

function mailbox() {
  return createFakeApi({
    folders: [...makeSpecialFolders({ inbox: { total: 3 } }), makeFolder({ path: 'Receipts', name: 'Receipts' })],
    messages: {
      INBOX: [makeSummary({ uid: 3, subject: 'Train ticket' }), makeSummary({ uid: 2, subject: 'Hotel' }), makeSummary({ uid: 1, subject: 'Newsletter' })],
      Receipts: [],
    },
  });
}

describe('drag and drop onto the folder list', () => {
  it('moves the selected messages to the folder they are dropped on', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await findRow('Train ticket'));
    await ctrlClick(user, row('Hotel'));

    const data = dragAndDrop(row('Hotel'), screen.getByRole('treeitem', { name: 'Receipts' }));

    expect(data.getData('text/plain')).toBe('2 messages');
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/move')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/move')[0]?.body).toEqual({ selection: { folder: 'INBOX', uids: [3, 2] }, to: 'Receipts' });
    await waitFor(() => expect(shownSubjects()).toEqual(['Newsletter']));
    expect(await screen.findByText('2 messages moved to Receipts')).toBeTruthy();
  });

  it('drags an unselected row alone, making it the selection', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await findRow('Train ticket'));

    dragAndDrop(row('Newsletter'), screen.getByRole('treeitem', { name: 'Receipts' }));

    await waitFor(() => expect(api.callsTo('POST', '/api/messages/move')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/move')[0]?.body).toEqual({ selection: { folder: 'INBOX', uids: [1] }, to: 'Receipts' });
  });

  it('deletes what is dropped on Trash', async () => {
    const api = mailbox();
    const { user } = renderApp({ api });
    await user.click(await findRow('Hotel'));
    dragAndDrop(row('Hotel'), screen.getByRole('treeitem', { name: 'Trash' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/messages/delete')).toHaveLength(1));
    expect(api.callsTo('POST', '/api/messages/delete')[0]?.body).toEqual({ selection: { folder: 'INBOX', uids: [2] }, permanently: false });
    expect(api.callsTo('POST', '/api/messages/move')).toHaveLength(0);
  });

  it('highlights the folder under the pointer, and only folders that take the drop', async () => {
    const { user } = renderApp({ api: mailbox() });
    await user.click(await findRow('Hotel'));
    const data = makeDataTransfer();
    fireEvent.dragStart(row('Hotel'), { dataTransfer: data });

    const receipts = screen.getByRole('treeitem', { name: 'Receipts' });
    fireEvent.dragEnter(receipts, { dataTransfer: data });
    fireEvent.dragOver(receipts, { dataTransfer: data });
    expect(receipts.classList.contains('is-drop-target')).toBe(true);
    fireEvent.dragLeave(receipts, { dataTransfer: data, relatedTarget: document.body });
    expect(receipts.classList.contains('is-drop-target')).toBe(false);

    // The folder the messages are in is no target.
    const inbox = screen.getByRole('treeitem', { name: 'Inbox' });
    fireEvent.dragOver(inbox, { dataTransfer: data });
    expect(inbox.classList.contains('is-drop-target')).toBe(false);

    // Nor is anything but messages (a file from the desktop, say).
    const files = makeDataTransfer();
    files.setData('Files', '');
    fireEvent.dragOver(receipts, { dataTransfer: files });
    expect(receipts.classList.contains('is-drop-target')).toBe(false);
  });
});
