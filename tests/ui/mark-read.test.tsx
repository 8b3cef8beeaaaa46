import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../shared/api/session';
import { makeDetail, makeSpecialFolders, makeSummary } from './builders';
import { apiError, createFakeApi } from './fake-api';
import { renderApp } from './render';

function inboxWithUnread() {
  return createFakeApi({
    folders: makeSpecialFolders({ inbox: { unread: 3, total: 4 } }),
    messages: {
      INBOX: [
        makeSummary({ uid: 14, subject: 'Unread one', flags: { seen: false } }),
        makeSummary({ uid: 13, subject: 'Unread two', flags: { seen: false } }),
        makeSummary({ uid: 12, subject: 'Unread three', flags: { seen: false } }),
        makeSummary({ uid: 11, subject: 'Already read' }),
      ],
    },
    details: [makeDetail({ uid: 14, subject: 'Unread one', flags: { seen: false } }), makeDetail({ uid: 11, subject: 'Already read' })],
  });
}

describe('opening an unread message', () => {
  it('marks it read on the server and drops the folder count', async () => {
    const api = inboxWithUnread();
    const { user } = renderApp({ api });
    await screen.findByText('Inbox (3)');

    await user.click(await screen.findByRole('option', { name: /Unread one/ }));

    expect(await screen.findByText('Inbox (2)')).toBeTruthy();
    expect(screen.getByRole('option', { name: /Unread one/ }).getAttribute('aria-label')).not.toMatch(/Unread,|Unread$/);
    const [post] = api.callsTo('POST', '/api/messages/seen');
    expect(post?.body).toEqual({ folder: 'INBOX', uids: [14], seen: true });
    expect(post?.headers.get(CSRF_HEADER)).toBe('csrf-test-token');
  });

  it('does not post anything for a message already read', async () => {
    const api = inboxWithUnread();
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('option', { name: /Already read/ }));
    await screen.findByRole('heading', { name: 'Already read' });
    expect(api.callsTo('POST', '/api/messages/seen')).toHaveLength(0);
    expect(screen.getByText('Inbox (3)')).toBeTruthy();
  });

  it('puts the count and the unread mark back when the server refuses', async () => {
    const api = inboxWithUnread();
    let refuse: () => void = () => {};
    api.on(
      'POST /api/messages/seen',
      () => new Promise((resolve) => (refuse = () => resolve(apiError(503, 'mail_server_unavailable', 'The mail server cannot be reached.')))),
    );
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('option', { name: /Unread one/ }));

    // Optimistic: the count drops before the server answers…
    expect(await screen.findByText('Inbox (2)')).toBeTruthy();
    refuse();
    // …and comes back when it says no.
    expect(await screen.findByText('Inbox (3)')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('option', { name: /Unread one/ }).getAttribute('aria-label')).toMatch(/Unread$/));
  });
});
