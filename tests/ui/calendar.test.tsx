import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { EVENT_CONFLICT_TEXT, type EventInput } from '../../shared/api/calendar';
import { resetCalendarUiStore } from '../../web/features/calendar/stores/calendar-ui-store';
import { createCalendarFakeApi, makeCalendar, makeOccurrence } from './calendar-fake-api';
import { apiError } from './fake-api';
import { renderApp } from './render';

/** Today at `hour`:00 in the browser's zone, so the event shows in the initial week view. */
function todayAt(hour: number): Date {
  const date = new Date();
  date.setHours(hour, 0, 0, 0);
  return date;
}

function occurrenceToday(overrides: Parameters<typeof makeOccurrence>[0] = {}) {
  const start = todayAt(10);
  const end = todayAt(11);
  return makeOccurrence({ start: start.toISOString(), end: end.toISOString(), ...overrides });
}

const calendars = [makeCalendar({ id: 'personal', name: 'Personal' }), makeCalendar({ id: 'work', name: 'Work', color: '#c92563' })];

/** The calendar page, once its lazily loaded code and the calendars are in. */
async function renderCalendar(options: Parameters<typeof createCalendarFakeApi>[0] = {}) {
  const api = createCalendarFakeApi({ calendars, ...options });
  const view = renderApp({ path: '/calendar', api });
  await screen.findByRole('button', { name: 'New Event' }, { timeout: 10_000 });
  await screen.findAllByRole('checkbox', { name: /^Show / });
  return { ...view, api };
}

function lastBody(api: ReturnType<typeof createCalendarFakeApi>, method: string): unknown {
  return api.calls.filter((call) => call.method === method && call.path.startsWith('/api/calendars')).at(-1)?.body;
}

beforeEach(() => resetCalendarUiStore());

describe('calendar list', () => {
  it('shows each calendar with a checkbox; unticking hides its events and is remembered', async () => {
    const { user, api } = await renderCalendar({ events: [occurrenceToday({ title: 'Dentist' }), occurrenceToday({ calendarId: 'work', objectName: 'w.ics', title: 'Review' })] });
    expect(await screen.findByText('Dentist')).toBeTruthy();
    expect(await screen.findByText('Review')).toBeTruthy();

    await user.click(screen.getByRole('checkbox', { name: 'Show Work' }));
    await waitFor(() => expect(screen.queryByText('Review')).toBeNull());
    expect(screen.getByText('Dentist')).toBeTruthy();
    expect(JSON.parse(window.localStorage.getItem('tern.calendar') ?? '{}').state.hidden).toEqual(['work']);
    // Only the ticked calendars' events are asked for.
    const asked = api.calls.filter((call) => call.method === 'GET' && call.path.endsWith('/events')).map((call) => call.path);
    expect(new Set(asked)).toEqual(new Set(['/api/calendars/personal/events', '/api/calendars/work/events']));
  });

  it('gives new events to the highlighted calendar', async () => {
    const { user, api } = await renderCalendar();
    const personal = await screen.findByRole('button', { name: 'Personal' });
    expect(personal.getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Work' }));
    expect(screen.getByRole('button', { name: 'Work' }).getAttribute('aria-pressed')).toBe('true');
    expect(personal.getAttribute('aria-pressed')).toBe('false');

    await user.click(screen.getByRole('button', { name: 'New Event' }));
    const form = within(await screen.findByRole('dialog', { name: 'New event' }));
    await user.type(form.getByLabelText('Title'), 'Planning');
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const post = api.calls.find((call) => call.method === 'POST' && call.path.startsWith('/api/calendars/'));
    expect(post?.path).toBe('/api/calendars/work/events');
    expect((post?.body as { event: EventInput }).event).toMatchObject({ title: 'Planning', allDay: false, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    expect(await screen.findByText('Planning')).toBeTruthy();
  });

  it('creates a calendar and asks before deleting one', async () => {
    const { user, api } = await renderCalendar();
    await user.click(await screen.findByRole('button', { name: 'New calendar' }));
    await user.type(screen.getByLabelText('Calendar name'), 'Family');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByRole('button', { name: 'Family' })).toBeTruthy();
    expect(lastBody(api, 'POST')).toEqual({ name: 'Family', color: '#2563c9' });

    await user.click(screen.getByRole('button', { name: 'Delete Work' }));
    const confirm = within(await screen.findByRole('dialog', { name: 'Delete “Work”?' }));
    await user.click(confirm.getByRole('button', { name: 'Delete calendar' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Work' })).toBeNull());
    expect(api.calls.some((call) => call.method === 'DELETE' && call.path === '/api/calendars/work')).toBe(true);
  });
});

describe('event form', () => {
  async function openNewEvent() {
    const view = await renderCalendar();
    await view.user.click(await screen.findByRole('button', { name: 'New Event' }));
    return { ...view, form: within(await screen.findByRole('dialog', { name: 'New event' })) };
  }

  it('writes weekly days and a count into the repeat rule', async () => {
    const { user, api, form } = await openNewEvent();
    await user.type(form.getByLabelText('Title'), 'Gym');
    await user.selectOptions(form.getByLabelText('Repeat'), 'weekly');
    await user.click(form.getByLabelText('Mon'));
    await user.click(form.getByLabelText('Wed'));
    await user.selectOptions(form.getByLabelText('Ends'), 'count');
    fireEvent.change(form.getByLabelText('Times'), { target: { value: '5' } });
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(lastBody(api, 'POST')).toBeTruthy());
    expect((lastBody(api, 'POST') as { event: EventInput }).event.repeat).toEqual({
      frequency: 'weekly',
      interval: 1,
      weekdays: ['MO', 'WE'],
      monthlyBy: 'date',
      until: null,
      count: 5,
    });
  });

  it('offers monthly by date or by weekday, named for the start date', async () => {
    const { user, form } = await openNewEvent();
    await user.clear(form.getByLabelText('Start date'));
    await user.type(form.getByLabelText('Start date'), '2026-11-26');
    await user.selectOptions(form.getByLabelText('Repeat'), 'monthly');
    const options = within(form.getByLabelText('Monthly on')).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['On day 26', 'On the fourth Thursday']);
  });

  it('saves an all-day event as dates, the last day included', async () => {
    const { user, api, form } = await openNewEvent();
    await user.type(form.getByLabelText('Title'), 'Holiday');
    await user.click(form.getByLabelText('All day'));
    expect(form.queryByLabelText('Start time')).toBeNull();
    expect(form.queryByLabelText('Time zone')).toBeNull();
    await user.clear(form.getByLabelText('Start date'));
    await user.type(form.getByLabelText('Start date'), '2026-12-24');
    await user.clear(form.getByLabelText('End date'));
    await user.type(form.getByLabelText('End date'), '2026-12-26');
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(lastBody(api, 'POST')).toBeTruthy());
    expect((lastBody(api, 'POST') as { event: EventInput }).event).toMatchObject({ allDay: true, start: '2026-12-24', end: '2026-12-27' });
  });

  it('refuses an end before the start, saying so, and sends nothing', async () => {
    const { user, api, form } = await openNewEvent();
    await user.type(form.getByLabelText('Title'), 'Backwards');
    await user.clear(form.getByLabelText('End time'));
    await user.type(form.getByLabelText('End time'), '00:00');
    await user.clear(form.getByLabelText('End date'));
    await user.type(form.getByLabelText('End date'), '2000-01-01');
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect((await form.findByRole('alert')).textContent).toBe('The event must end after it starts.');
    expect(lastBody(api, 'POST')).toBeUndefined();
  });

  it('shows an event in its own zone and says so when it is not the user’s', async () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const other = zone === 'America/New_York' ? 'Europe/Berlin' : 'America/New_York';
    const { user } = await renderCalendar({ events: [occurrenceToday({ title: 'Call', timeZone: other, localStart: '2026-11-26T09:00', localEnd: '2026-11-26T09:45' })] });
    await user.click(await screen.findByText('Call'));
    const form = within(await screen.findByRole('dialog', { name: 'Edit event' }));
    expect((form.getByLabelText('Start time') as HTMLInputElement).value).toBe('09:00');
    expect((form.getByLabelText('End time') as HTMLInputElement).value).toBe('09:45');
    expect(form.getByText(`Times are in ${other}; you are in ${zone}.`)).toBeTruthy();
  });
});

describe('changing events', () => {
  /** Today's occurrence of a weekly event, open in its form. */
  async function editWeeklySync() {
    const occurrence = occurrenceToday({
      title: 'Weekly sync',
      occurrenceId: todayAt(10).toISOString(),
      repeat: { frequency: 'weekly', interval: 1, weekdays: [], monthlyBy: 'date', until: null, count: null },
    });
    const view = await renderCalendar({ events: [occurrence] });
    await view.user.click(await screen.findByText('Weekly sync'));
    return { ...view, occurrence, form: within(await screen.findByRole('dialog', { name: 'Edit event' })) };
  }

  it('asks which occurrences a change of a repeating event applies to', async () => {
    const { user, api, occurrence, form } = await editWeeklySync();
    await user.clear(form.getByLabelText('Title'));
    await user.type(form.getByLabelText('Title'), 'Moved sync');
    await user.click(form.getByRole('button', { name: 'Save' }));
    const scope = within(await screen.findByRole('dialog', { name: 'Change a repeating event' }));
    expect(scope.getAllByRole('button').map((b) => b.textContent)).toEqual(['This event', 'This and following events', 'All events', 'Cancel']);
    await user.click(scope.getByRole('button', { name: 'This event' }));
    await waitFor(() => expect(lastBody(api, 'PUT')).toBeTruthy());
    expect(lastBody(api, 'PUT')).toMatchObject({ scope: 'this', occurrenceId: occurrence.occurrenceId, etag: '"etag-1"', event: { title: 'Moved sync' } });
  });

  it('moves a repeating event to another calendar as a whole, without asking which occurrences', async () => {
    const { user, api, form } = await editWeeklySync();
    expect(form.queryByText('Every event of the series moves to this calendar.')).toBeNull();
    await user.selectOptions(form.getByLabelText('Calendar'), 'Work');
    expect(form.getByText('Every event of the series moves to this calendar.')).toBeTruthy();
    await user.click(form.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(lastBody(api, 'PUT')).toMatchObject({ scope: 'all', calendarId: 'work', etag: '"etag-1"' });
    // It is in Work now: unticking Work hides it.
    await screen.findByText('Weekly sync');
    await user.click(screen.getByRole('checkbox', { name: 'Show Work' }));
    await waitFor(() => expect(screen.queryByText('Weekly sync')).toBeNull());
  });

  it('tells the user when the event was changed elsewhere, and overwrites nothing', async () => {
    const { user, api } = await renderCalendar({ events: [occurrenceToday({ title: 'Shared' })] });
    api.on('PUT /api/calendars/personal/events/standup.ics', () => apiError(409, 'conflict', 'Changed elsewhere.'));
    await user.click(await screen.findByText('Shared'));
    const form = within(await screen.findByRole('dialog', { name: 'Edit event' }));
    await user.type(form.getByLabelText('Location'), 'Room 2');
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain(EVENT_CONFLICT_TEXT);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('import and export', () => {
  it('previews an .ics file, imports it into the chosen calendar and says what happened', async () => {
    const { user, api } = await renderCalendar();
    const file = new File(['BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'], 'holidays.ics', { type: 'text/calendar' });
    await user.upload(screen.getByLabelText('iCalendar file to import'), file);
    const dialog = within(await screen.findByRole('dialog', { name: 'Import holidays.ics' }));
    expect(await dialog.findByText('Imported one')).toBeTruthy();
    expect(dialog.getByText(/2 events \(1 already in this calendar: they are updated, not doubled\)/)).toBeTruthy();
    await user.selectOptions(dialog.getByLabelText('Into calendar'), 'work');
    await user.click(dialog.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Imported: 1 new, 1 updated.');
    const calls = api.calls.filter((call) => call.path.endsWith('/import'));
    expect(calls.map((call) => [call.path, (call.body as { preview: boolean }).preview])).toEqual([
      ['/api/calendars/personal/import', true],
      ['/api/calendars/work/import', true],
      ['/api/calendars/work/import', false],
    ]);
  });

  it('offers each calendar and each event as an .ics download', async () => {
    const { user } = await renderCalendar({ events: [occurrenceToday({ title: 'Dentist' })] });
    expect(screen.getByRole('link', { name: 'Export Work' }).getAttribute('href')).toBe('/api/calendars/work/export');
    await user.click(await screen.findByText('Dentist'));
    const form = within(await screen.findByRole('dialog', { name: 'Edit event' }));
    expect(form.getByRole('link', { name: 'Export' }).getAttribute('href')).toBe('/api/calendars/personal/events/standup.ics/export');
  });
});
