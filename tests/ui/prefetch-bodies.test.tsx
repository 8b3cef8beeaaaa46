import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PREFETCH_AT_ONCE, PREFETCH_MAX_BYTES } from '../../web/features/mail/api/prefetch-bodies';
import { makeDetail, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi } from './fake-api';
import { renderApp } from './render';

/** Newest first: 20 … 13, all unread; 17 is too big to read ahead. */
const UIDS = [20, 19, 18, 17, 16, 15, 14, 13];
const BIG = 17;

function inbox() {
  return createFakeApi({
    folders: makeSpecialFolders({ inbox: { unread: UIDS.length, total: UIDS.length } }),
    messages: {
      INBOX: UIDS.map((uid) => makeSummary({ uid, subject: `Message ${uid}`, flags: { seen: false }, size: uid === BIG ? PREFETCH_MAX_BYTES + 1 : 2048 })),
    },
    details: UIDS.map((uid) => makeDetail({ uid, subject: `Message ${uid}`, flags: { seen: false } })),
  });
}

describe('reading ahead while a message is open', () => {
  it('fetches the neighbours and the top rows, at most 3 at once and small ones only, marks none of them read, and a click finds the body ready', async () => {
    const api = inbox();
    const ahead = UIDS.filter((uid) => uid !== 14);
    const releases = ahead.map((uid) => api.hold(`GET /api/messages/${uid}`));
    const started = () => ahead.filter((uid) => api.callsTo('GET', `/api/messages/${uid}`).length > 0);
    const { user } = renderApp({ api });

    await user.click(await screen.findByRole('option', { name: /Message 14,/ }));
    await screen.findByRole('heading', { name: 'Message 14' });
    // The next and previous first, then the top of the list; never more than three in flight.
    await waitFor(() => expect(started()).toHaveLength(PREFETCH_AT_ONCE));
    expect(started()).toEqual([20, 15, 13]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(started()).toHaveLength(PREFETCH_AT_ONCE);

    for (const release of releases) release();
    await waitFor(() => expect(started()).toEqual([20, 19, 18, 16, 15, 13]));
    expect(api.callsTo('GET', `/api/messages/${BIG}`)).toHaveLength(0);
    // Only the open message was marked read.
    expect(api.callsTo('POST', '/api/messages/seen').map((call) => call.body)).toEqual([{ folder: 'INBOX', uids: [14], seen: true }]);
    expect(screen.getByRole('option', { name: /Message 13,/ }).getAttribute('aria-label')).toMatch(/Unread/);

    // Opening a neighbour: its body is in the cache already.
    await user.click(screen.getByRole('option', { name: /Message 13,/ }));
    await screen.findByRole('heading', { name: 'Message 13' });
    expect(api.callsTo('GET', '/api/messages/13')).toHaveLength(1);
  });

  it('stops reading ahead when the list scrolls', async () => {
    const api = inbox();
    const ahead = UIDS.filter((uid) => uid !== 14);
    const releases = ahead.map((uid) => api.hold(`GET /api/messages/${uid}`));
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('option', { name: /Message 14,/ }));
    await waitFor(() => expect(ahead.filter((uid) => api.callsTo('GET', `/api/messages/${uid}`).length > 0)).toHaveLength(PREFETCH_AT_ONCE));

    document.querySelector('.message-list-scroll')!.dispatchEvent(new Event('scroll'));
    for (const release of releases) release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ahead.filter((uid) => api.callsTo('GET', `/api/messages/${uid}`).length > 0)).toHaveLength(PREFETCH_AT_ONCE);
  });
});
