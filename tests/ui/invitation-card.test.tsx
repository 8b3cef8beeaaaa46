import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OUTDATED_INVITATION_TEXT, UNVERIFIED_CHANGE_TEXT, type Invitation } from '../../shared/api/calendar';
import { makeAttachment, makeDetail, makeSummary } from './builders';
import { createFakeApi, json } from './fake-api';
import { renderApp } from './render';

function makeInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    method: 'REQUEST',
    uid: 'board@other.example',
    sequence: 0,
    title: 'Board meeting <script>alert(1)</script>',
    location: 'Room 4',
    description: '',
    allDay: false,
    start: '2026-09-14T19:00:00.000Z',
    end: '2026-09-14T20:00:00.000Z',
    timeZone: 'America/New_York',
    repeating: false,
    organizer: { name: 'Olive', email: 'olive@other.example' },
    occurrence: false,
    myResponse: 'NEEDS-ACTION',
    guestAnswer: null,
    copy: 'none',
    senderWarning: null,
    ...overrides,
  };
}

async function openInvitation(invitation: Invitation) {
  const detail = makeDetail({ uid: 7, subject: 'Invitation: Board meeting', attachments: [makeAttachment({ part: '2', filename: 'invite.ics', contentType: 'text/calendar' })] });
  const api = createFakeApi({ messages: { INBOX: [makeSummary({ uid: 7, subject: detail.subject })] }, details: [detail] });
  const state = { invitation };
  api.on('GET /api/invitations', () => json(200, state.invitation));
  api.on('POST /api/invitations/respond', ({ body }) => {
    const action = (body as { action: string }).action;
    if (action === 'apply') state.invitation = { ...state.invitation, copy: state.invitation.method === 'CANCEL' ? 'none' : 'current', senderWarning: null };
    else state.invitation = { ...state.invitation, myResponse: action === 'accept' ? 'ACCEPTED' : action === 'decline' ? 'DECLINED' : 'TENTATIVE', copy: 'current' };
    return new Response(null, { status: 204 });
  });
  const view = renderApp({ api });
  await view.user.click(await screen.findByRole('option', { name: /Invitation: Board meeting/ }));
  return { ...view, card: within(await screen.findByRole('region', { name: 'Invitation' })) };
}

describe('invitation card', () => {
  it('shows the event as text and answers with Accept', async () => {
    const { user, api, card } = await openInvitation(makeInvitation());
    expect(card.getByText('Invitation')).toBeTruthy();
    expect(card.getByRole('heading', { name: 'Board meeting <script>alert(1)</script>' })).toBeTruthy();
    expect(document.querySelector('.invitation-card script')).toBeNull();
    expect(card.getByText('Room 4')).toBeTruthy();
    expect(card.getAllByRole('button').map((b) => b.textContent)).toEqual(['Accept', 'Tentative', 'Decline']);
    await user.click(card.getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(card.getByRole('button', { name: 'Accept' }).getAttribute('aria-pressed')).toBe('true'));
    expect(card.getByRole('status').textContent).toContain('You accepted this invitation. It is in your calendar.');
    const call = api.calls.find((c) => c.path === '/api/invitations/respond');
    expect(call?.body).toEqual({ folder: 'INBOX', uid: 7, part: '2', action: 'accept' });
  });

  it('carries a cancellation into the calendar as soon as it is shown, without a click', async () => {
    const { api, card } = await openInvitation(makeInvitation({ method: 'CANCEL', copy: 'pending', myResponse: 'ACCEPTED' }));
    expect(card.getByText('Cancelled event')).toBeTruthy();
    expect(card.queryByRole('button')).toBeNull();
    await waitFor(() => expect(card.getByRole('status').textContent).toBe('It was removed from your calendar.'));
    expect(api.calls.filter((c) => c.path === '/api/invitations/respond').map((c) => c.body)).toEqual([{ folder: 'INBOX', uid: 7, part: '2', action: 'apply' }]);
  });

  it('a cancellation not from the organiser’s address says so and changes the calendar only at a click', async () => {
    const { user, api, card } = await openInvitation(makeInvitation({ method: 'CANCEL', copy: 'pending', myResponse: 'ACCEPTED', senderWarning: UNVERIFIED_CHANGE_TEXT }));
    expect(card.getByText(UNVERIFIED_CHANGE_TEXT)).toBeTruthy();
    // Shown, and left alone: nothing is posted however long the card stays.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const responds = () => api.calls.filter((c) => c.path === '/api/invitations/respond').map((c) => c.body);
    expect(responds()).toEqual([]);
    expect(card.queryByText('Updating your calendar…')).toBeNull();
    await user.click(card.getByRole('button', { name: 'Remove from my calendar anyway' }));
    await waitFor(() => expect(card.getByRole('status').textContent).toBe('It was removed from your calendar.'));
    expect(responds()).toEqual([{ folder: 'INBOX', uid: 7, part: '2', action: 'apply', confirmed: true }]);
    expect(card.queryByText(UNVERIFIED_CHANGE_TEXT)).toBeNull();
  });

  it('an update not from the organiser’s address cannot be answered before it is applied by a click', async () => {
    const { user, api, card } = await openInvitation(makeInvitation({ sequence: 9, copy: 'pending', myResponse: 'ACCEPTED', senderWarning: UNVERIFIED_CHANGE_TEXT }));
    expect(card.getByText(UNVERIFIED_CHANGE_TEXT)).toBeTruthy();
    expect(card.getByRole('button', { name: 'Accept' }).hasAttribute('disabled')).toBe(true);
    await user.click(card.getByRole('button', { name: 'Apply this change anyway' }));
    await waitFor(() => expect(card.getByRole('status').textContent).toBe('Your calendar now shows this update.'));
    expect(api.calls.filter((c) => c.path === '/api/invitations/respond').map((c) => c.body)).toEqual([{ folder: 'INBOX', uid: 7, part: '2', action: 'apply', confirmed: true }]);
  });

  it('carries an update into the calendar and keeps the answer given before', async () => {
    const { card } = await openInvitation(makeInvitation({ sequence: 3, copy: 'pending', myResponse: 'ACCEPTED' }));
    expect(card.getByText('Updated invitation')).toBeTruthy();
    await waitFor(() => expect(card.getByRole('status').textContent).toBe('Your calendar now shows this update.'));
    expect(card.getByRole('button', { name: 'Accept' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('an older invitation than the one in the calendar cannot be answered', async () => {
    const { api, card } = await openInvitation(makeInvitation({ sequence: 1, copy: 'outdated', myResponse: 'ACCEPTED' }));
    expect(card.getByRole('status').textContent).toBe(OUTDATED_INVITATION_TEXT);
    expect(card.queryByRole('button', { name: 'Accept' })).toBeNull();
    expect(api.calls.some((c) => c.path === '/api/invitations/respond')).toBe(false);
  });

  it('shows a guest’s answer to the user’s own invitation and records it', async () => {
    const guestAnswer = { name: 'Sam', email: 'sam@other.example', partstat: 'DECLINED' as const };
    const { card } = await openInvitation(makeInvitation({ method: 'REPLY', copy: 'pending', guestAnswer }));
    expect(card.getByText('Answer to your invitation')).toBeTruthy();
    expect(card.getByText('Sam <sam@other.example> declined.')).toBeTruthy();
    await waitFor(() => expect(card.getByRole('status').textContent).toBe('Your calendar shows this answer.'));
  });
});
