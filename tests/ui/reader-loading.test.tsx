// Opening a message feels instant (issue 14): once the reader's code is there
// (it loads at idle with the list), the body comes with the headers, no
// "Loading…" in between; and opening plain mail asks the server for nothing
// calendar-related.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { preloadReader } from '../../web/features/mail/components/message-view';
import { makeAttachment, makeDetail, makeSummary } from './builders';
import { createCalendarFakeApi } from './calendar-fake-api';
import { renderApp } from './render';

describe('opening a message', () => {
  it('shows an HTML body with its headers, without a loading placeholder, once the reader is loaded', async () => {
    await preloadReader();
    const detail = makeDetail({ uid: 3, subject: 'Shop Weekly', html: '<p>Summer sale</p>' });
    const api = createCalendarFakeApi({ messages: { INBOX: [makeSummary({ uid: 3, subject: 'Shop Weekly' })] }, details: [detail] });
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('option', { name: /Shop Weekly/ }));

    // Everything the pane shows between the click and the message, as it appears.
    const pane = screen.getByRole('region', { name: 'Reading pane' });
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(pane.textContent ?? ''));
    observer.observe(pane, { childList: true, subtree: true, characterData: true });
    const heading = await within(pane).findByRole('heading', { name: 'Shop Weekly' });
    observer.disconnect();

    // The frame is there in the very render that brought the headers.
    expect(heading.closest('article')?.querySelector('iframe[title="Message body: Shop Weekly"]')).not.toBeNull();
    expect(seen.filter((text) => text.includes('Shop Weekly') && text.includes('Loading'))).toEqual([]);
  });

  it('does not ask for the calendars when a message has no calendar part, and asks about an invitation only when it has one', async () => {
    const plain = makeDetail({ uid: 5, subject: 'Lunch?', text: 'Noon at the usual place.' });
    const invitation = makeDetail({
      uid: 6,
      subject: 'Invitation: Board meeting',
      text: 'You are invited.',
      attachments: [makeAttachment({ part: '2', filename: 'invite.ics', contentType: 'text/calendar' })],
    });
    const api = createCalendarFakeApi({
      messages: { INBOX: [makeSummary({ uid: 6, subject: invitation.subject }), makeSummary({ uid: 5, subject: plain.subject })] },
      details: [plain, invitation],
    });
    const { user } = renderApp({ api });
    await user.click(await screen.findByRole('option', { name: /Lunch\?/ }));
    await screen.findByText('Noon at the usual place.');
    // Long enough for anything the open set off to have been sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.calls.filter((call) => call.path.startsWith('/api/calendars') || call.path.startsWith('/api/invitations'))).toEqual([]);

    await user.click(screen.getByRole('option', { name: /Board meeting/ }));
    await screen.findByText('You are invited.');
    await waitFor(() => expect(api.callsTo('GET', '/api/invitations')).toHaveLength(1));
    expect(api.callsTo('GET', '/api/calendars')).toEqual([]);
  });

  it('asks for the message as the row is pressed, before the click', async () => {
    const detail = makeDetail({ uid: 9, subject: 'Pressed', text: 'Here it is.' });
    const api = createCalendarFakeApi({ messages: { INBOX: [makeSummary({ uid: 9, subject: 'Pressed' })] }, details: [detail] });
    const { user } = renderApp({ api });
    const row = await screen.findByRole('option', { name: /Pressed/ });
    await user.pointer({ keys: '[MouseLeft>]', target: row });
    await waitFor(() => expect(api.callsTo('GET', '/api/messages/9')).toHaveLength(1));
    expect(screen.queryByText('Here it is.')).toBeNull();
    await user.pointer({ keys: '[/MouseLeft]', target: row });
    await screen.findByText('Here it is.');
    expect(api.callsTo('GET', '/api/messages/9')).toHaveLength(1);
  });
});
