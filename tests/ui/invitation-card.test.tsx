import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Invitation } from '../../shared/api/calendar';
import { makeAttachment, makeDetail, makeSummary } from './builders';
import { createFakeApi, json } from './fake-api';
import { renderApp } from './render';

function makeInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    method: 'REQUEST',
    uid: 'board@other.example',
    sequence: 2,
    title: 'Board meeting <script>alert(1)</script>',
    location: 'Room 4',
    description: '',
    allDay: false,
    start: '2026-09-14T19:00:00.000Z',
    end: '2026-09-14T20:00:00.000Z',
    timeZone: 'America/New_York',
    repeating: false,
    organizer: { name: 'Olive', email: 'olive@other.example' },
    myResponse: 'NEEDS-ACTION',
    inCalendar: false,
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
    state.invitation = { ...state.invitation, myResponse: action === 'accept' ? 'ACCEPTED' : action === 'decline' ? 'DECLINED' : 'TENTATIVE', inCalendar: action !== 'decline' };
    return new Response(null, { status: 204 });
  });
  const view = renderApp({ api });
  await view.user.click(await screen.findByRole('option', { name: /Invitation: Board meeting/ }));
  return { ...view, card: within(await screen.findByRole('region', { name: 'Invitation' })) };
}

describe('invitation card', () => {
  it('shows the event as text and answers with Accept', async () => {
    const { user, api, card } = await openInvitation(makeInvitation());
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

  it('offers to remove a cancelled event that is in the calendar', async () => {
    const { card } = await openInvitation(makeInvitation({ method: 'CANCEL', inCalendar: true }));
    expect(card.getByText('Cancelled event')).toBeTruthy();
    expect(card.queryByRole('button', { name: 'Accept' })).toBeNull();
    expect(card.getByRole('button', { name: 'Remove from calendar' })).toBeTruthy();
  });
});
