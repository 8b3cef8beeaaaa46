import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SNOOZE_IN_PAST } from '../../shared/api/snooze';
import { makeFolder, makeSpecialFolders, makeSummary } from './builders';
import { createFakeApi, json } from './fake-api';
import { ctrlClick, findRow, row, shownSubjects } from './helpers';
import { renderApp } from './render';

function mailbox() {
  const api = createFakeApi({
    folders: [...makeSpecialFolders({ inbox: { total: 2 } }), makeFolder({ path: 'Snoozed', name: 'Snoozed', total: 1 })],
    messages: {
      INBOX: [makeSummary({ uid: 14, subject: 'Invoice' }), makeSummary({ uid: 13, subject: 'Lunch' })],
      Snoozed: [makeSummary({ uid: 5, subject: 'Dentist' })],
    },
  });
  // As the BFF does: the messages leave their folder.
  const remove = (folder: string, uids: number[]) => {
    const messages = api.state.messages[folder];
    if (Array.isArray(messages)) api.state.messages[folder] = messages.filter((m) => !uids.includes(m.uid));
  };
  api.on('POST /api/snoozes', ({ body }) => {
    const { uids } = body as { uids: number[] };
    remove('INBOX', uids);
    return json(200, { count: uids.length, from: 'INBOX', to: 'Snoozed', uids: uids.map((_, i) => 100 + i) });
  });
  return { api, remove };
}

/** The value a datetime-local field takes for this moment in the browser's zone. */
function localValue(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

describe('Snooze', () => {
  it('offers tomorrow and next week with their times, snoozes the selected messages, and they leave the list', async () => {
    const { api } = mailbox();
    const { user } = renderApp({ api });
    await ctrlClick(user, await findRow('Invoice'));
    await ctrlClick(user, row('Lunch'));

    await user.click(screen.getByRole('button', { name: 'Snooze' }));
    const now = new Date();
    const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 8);
    const timeShown = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(tomorrow);
    const items = (await screen.findAllByRole('menuitem')).map((item) => item.textContent ?? '');
    expect(items.filter((label) => !label.startsWith('Later today'))).toEqual([
      expect.stringMatching(new RegExp(`^Tomorrow: .*${timeShown}$`)),
      // On a Sunday, tomorrow is next week's Monday: one choice.
      ...(now.getDay() === 0 ? [] : [expect.stringMatching(new RegExp(`^Next week: Mon.*${timeShown}$`))]),
      'Pick a date & time…',
    ]);
    await user.click(screen.getByRole('menuitem', { name: /^Tomorrow/ }));

    await waitFor(() => expect(screen.queryByRole('option', { name: /Invoice|Lunch/ })).toBeNull());
    expect(api.callsTo('POST', '/api/snoozes')[0]?.body).toEqual({ folder: 'INBOX', uids: [14, 13], until: tomorrow.toISOString() });
    expect(await screen.findByText(/^2 messages snoozed until /)).toBeTruthy();
  }, 15_000);

  it('"Pick a date & time…" refuses a past time and snoozes until the time chosen', async () => {
    const { api } = mailbox();
    const { user } = renderApp({ api });
    await ctrlClick(user, await findRow('Invoice'));
    await user.click(screen.getByRole('button', { name: 'Snooze' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Pick a date & time…' }));

    const field = await screen.findByLabelText('Date and time');
    // The browser's own date-and-time control: set as a whole, as its picker does.
    fireEvent.change(field, { target: { value: localValue(new Date(Date.now() - 3_600_000)) } });
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Snooze' }));
    expect((await screen.findByText(SNOOZE_IN_PAST)).getAttribute('role')).toBe('alert');
    expect(api.callsTo('POST', '/api/snoozes')).toEqual([]);

    const chosen = new Date(2099, 4, 17, 9, 30);
    fireEvent.change(field, { target: { value: localValue(chosen) } });
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Snooze' }));
    await waitFor(() => expect(api.callsTo('POST', '/api/snoozes')[0]?.body).toEqual({ folder: 'INBOX', uids: [14], until: chosen.toISOString() }));
    await waitFor(() => expect(shownSubjects()).toEqual(['Lunch']));
  }, 15_000);

  it('in the Snoozed folder each row says when it returns, and "Unsnooze" brings it back', async () => {
    const { api, remove } = mailbox();
    const returnAt = new Date(2099, 0, 5, 8, 0);
    api.on('GET /api/snoozes', () => json(200, { messages: [{ uid: 5, returnAt: returnAt.toISOString() }] }));
    api.on('POST /api/snoozes/unsnooze', () => {
      remove('Snoozed', [5]);
      return json(200, { count: 1, from: 'Snoozed', to: 'INBOX', uids: null });
    });
    const { user } = renderApp({ api, path: '/mail' });
    await user.click(await screen.findByRole('treeitem', { name: /^Snoozed/ }));

    const dentist = await findRow('Dentist');
    const shown = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(returnAt);
    await waitFor(() => expect(dentist.textContent).toContain(`Returns ${shown}`));
    expect(dentist.getAttribute('aria-label')).toContain(`Returns ${shown}`);
    expect(screen.queryByRole('button', { name: 'Snooze' })).toBeNull();

    await ctrlClick(user, dentist);
    await user.click(screen.getByRole('button', { name: 'Unsnooze' }));
    await waitFor(() => expect(screen.queryByRole('option', { name: /Dentist/ })).toBeNull());
    expect(api.callsTo('POST', '/api/snoozes/unsnooze')[0]?.body).toEqual({ uids: [5] });
  }, 15_000);
});
