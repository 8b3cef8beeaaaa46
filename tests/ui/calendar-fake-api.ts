import type { Calendar, EventInput, EventOccurrence } from '../../shared/api/calendar';
import { apiError, createFakeApi, json, type Call, type FakeApiOptions } from './fake-api';

export function makeCalendar(overrides: Partial<Calendar> = {}): Calendar {
  return { id: 'personal', name: 'Personal', color: '#2563c9', ...overrides };
}

export function makeOccurrence(overrides: Partial<EventOccurrence> = {}): EventOccurrence {
  return {
    calendarId: 'personal',
    objectName: 'standup.ics',
    etag: '"etag-1"',
    uid: 'standup@tern.test',
    occurrenceId: null,
    title: 'Stand-up',
    location: '',
    description: '',
    allDay: false,
    start: '2026-11-26T08:00:00.000Z',
    end: '2026-11-26T08:30:00.000Z',
    timeZone: 'UTC',
    localStart: '2026-11-26T08:00',
    localEnd: '2026-11-26T08:30',
    repeat: null,
    reminderMinutes: null,
    isException: false,
    ...overrides,
  };
}

/**
 * The mail fake plus the calendar routes: calendars and their occurrences in
 * memory; writes are recorded in `calls` and answered as the BFF would.
 */
export function createCalendarFakeApi(options: FakeApiOptions & { calendars?: Calendar[]; events?: EventOccurrence[] } = {}) {
  const api = createFakeApi(options);
  const state = { calendars: options.calendars ?? [makeCalendar()], events: options.events ?? [] };
  let created = 0;

  function serveCalendar(call: Call): Response | null {
    const parts = call.path.split('/').slice(3).map(decodeURIComponent);
    if (call.path === '/api/calendars' && call.method === 'GET') return json(200, { calendars: state.calendars });
    if (call.path === '/api/calendars' && call.method === 'POST') {
      const calendar = makeCalendar({ ...(call.body as { name: string; color: string }), id: `calendar-${++created}` });
      state.calendars.push(calendar);
      return json(201, calendar);
    }
    const [calendarId, section, objectName] = parts;
    const calendar = state.calendars.find((c) => c.id === calendarId);
    if (!calendar) return apiError(404, 'not_found', 'No such calendar.');
    if (section === undefined && call.method === 'PATCH') {
      Object.assign(calendar, call.body);
      return json(200, calendar);
    }
    if (section === undefined && call.method === 'DELETE') {
      state.calendars = state.calendars.filter((c) => c !== calendar);
      return new Response(null, { status: 204 });
    }
    if (section === 'import' && call.method === 'POST') {
      const { preview } = call.body as { ics: string; preview: boolean };
      const items = [
        { uid: 'a@x', title: 'Imported one', start: '2026-12-01T09:00:00.000Z', allDay: false, repeating: false, exists: false },
        { uid: 'b@x', title: 'Imported two', start: '2026-12-02', allDay: true, repeating: true, exists: true },
      ];
      return json(200, { items, created: preview ? 0 : 1, updated: preview ? 0 : 1, refused: [] });
    }
    if (section !== 'events') return null;
    if (call.method === 'GET') {
      const from = Date.parse(call.query.get('from') ?? '');
      const to = Date.parse(call.query.get('to') ?? '');
      const events = state.events.filter((e) => e.calendarId === calendarId && Date.parse(e.start) < to && Date.parse(e.end) > from);
      return json(200, { events });
    }
    if (call.method === 'POST') {
      const { event } = call.body as { event: EventInput };
      const name = `new-${++created}.ics`;
      state.events.push(
        makeOccurrence({ calendarId, objectName: name, uid: name, title: event.title, start: new Date(event.start).toISOString(), end: new Date(event.end).toISOString(), localStart: event.start, localEnd: event.end }),
      );
      return json(201, { objectName: name, etag: '"new"' });
    }
    if (call.method === 'PUT') {
      const target = (call.body as { calendarId?: string }).calendarId;
      if (target) for (const event of state.events) if (event.calendarId === calendarId && event.objectName === objectName) event.calendarId = target;
      return json(200, { objectName, etag: '"changed"' });
    }
    if (call.method === 'DELETE') return json(200, { objectName, etag: '"changed"' });
    return null;
  }

  api.extend((call) => (call.path.startsWith('/api/calendars') ? serveCalendar(call) : null));
  return { ...api, calendarState: state };
}
