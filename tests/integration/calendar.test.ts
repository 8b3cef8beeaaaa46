import ICAL from 'ical.js';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { createDAVClient } from 'tsdav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarList, EventInput, EventList, EventOccurrence, SavedEvent } from '../../shared/api/calendar';
import { createTestUser } from '../support/stack';
import { signedInUser, type SignedIn } from '../support/signed-in';

// Calendars and events through the BFF against the real Radicale, checked with a direct CalDAV client.

function event(overrides: Partial<EventInput> = {}): EventInput {
  return {
    title: 'Review',
    location: '',
    description: '',
    allDay: false,
    start: '2026-02-10T09:00',
    end: '2026-02-10T10:00',
    timeZone: 'Europe/Berlin',
    repeat: null,
    reminderMinutes: null,
    ...overrides,
  };
}

describe('calendar on the real CalDAV server', () => {
  let s: SignedIn;
  let calendarId: string;
  let calendarUrl: string;
  const direct = (url: string, init: RequestInit = {}) =>
    fetch(url, { ...init, headers: { 'x-remote-user': s.user.email.toLowerCase(), ...(init.headers as Record<string, string>) } });
  /** The object as a direct CalDAV client reads it, parsed by ical.js. */
  const readDirect = async (objectName: string) => {
    const response = await direct(`${calendarUrl}${encodeURIComponent(objectName)}`);
    expect(response.status).toBe(200);
    return { etag: response.headers.get('etag'), calendar: ICAL.Component.fromString(await response.text()) };
  };
  const eventsIn = async (from: string, to: string) =>
    (await s.api.json<EventList>('GET', `/api/calendars/${calendarId}/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)).events;
  const create = (input: EventInput) => s.api.json<SavedEvent>('POST', `/api/calendars/${calendarId}/events`, { event: input });
  const change = (occurrence: EventOccurrence, scope: string, input: EventInput) =>
    s.api.request('PUT', `/api/calendars/${calendarId}/events/${encodeURIComponent(occurrence.objectName)}`, { etag: occurrence.etag, occurrenceId: occurrence.occurrenceId, scope, event: input });

  beforeAll(async () => {
    s = await signedInUser('calendar');
    const { calendars } = await s.api.json<CalendarList>('GET', '/api/calendars');
    expect(calendars.map((calendar) => calendar.name)).toEqual(['Personal Calendar']);
    const created = await s.api.json<{ id: string; name: string; color: string }>('POST', '/api/calendars', { name: 'Work', color: '#c92563' });
    calendarId = created.id;
    calendarUrl = `${process.env.TERN_DAV_URL}/${encodeURIComponent(s.user.email.toLowerCase())}/${calendarId}/`;
  });
  afterAll(async () => {
    await s?.imap.logout();
    await s?.bff.close();
  });

  it('keeps calendars with their colour on the server; renames, recolours and deletes them', async () => {
    const { calendars } = await s.api.json<CalendarList>('GET', '/api/calendars');
    expect(calendars.find((calendar) => calendar.id === calendarId)).toEqual({ id: calendarId, name: 'Work', color: '#c92563' });
    const extra = await s.api.json<{ id: string }>('POST', '/api/calendars', { name: 'Spare', color: '#00aa00' });
    await s.api.json('PATCH', `/api/calendars/${extra.id}`, { name: 'Family', color: '#0000ff' });
    const renamed = await s.api.json<CalendarList>('GET', '/api/calendars');
    expect(renamed.calendars.find((calendar) => calendar.id === extra.id)).toMatchObject({ name: 'Family', color: '#0000ff' });
    expect((await s.api.request('DELETE', `/api/calendars/${extra.id}`)).status).toBe(204);
    const after = await s.api.json<CalendarList>('GET', '/api/calendars');
    expect(after.calendars.map((calendar) => calendar.name)).toEqual(['Personal Calendar', 'Work']);
  });

  it('creates, moves, resizes and deletes an event as a CalDAV client sees it', async () => {
    const saved = await create(event({ title: 'Dentist', reminderMinutes: 30 }));
    let { calendar } = await readDirect(saved.objectName);
    let vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('summary')).toBe('Dentist');
    expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');
    expect(String(vevent.getFirstPropertyValue('dtstart'))).toBe('2026-02-10T09:00:00');
    expect(vevent.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')?.toString()).toBe('-PT30M');

    const [shown] = await eventsIn('2026-02-09T00:00:00Z', '2026-02-16T00:00:00Z');
    expect(shown).toMatchObject({ title: 'Dentist', start: '2026-02-10T08:00:00.000Z', end: '2026-02-10T09:00:00.000Z', timeZone: 'Europe/Berlin' });

    // Drag to the next day, then drag the bottom edge half an hour further.
    expect((await change(shown!, 'all', event({ title: 'Dentist', reminderMinutes: 30, start: '2026-02-11T09:00', end: '2026-02-11T10:00' }))).status).toBe(200);
    const [moved] = await eventsIn('2026-02-09T00:00:00Z', '2026-02-16T00:00:00Z');
    expect(moved).toMatchObject({ start: '2026-02-11T08:00:00.000Z' });
    expect((await change(moved!, 'all', event({ title: 'Dentist', reminderMinutes: 30, start: '2026-02-11T09:00', end: '2026-02-11T10:30' }))).status).toBe(200);
    ({ calendar } = await readDirect(saved.objectName));
    vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(String(vevent.getFirstPropertyValue('dtend'))).toBe('2026-02-11T10:30:00');

    const [resized] = await eventsIn('2026-02-09T00:00:00Z', '2026-02-16T00:00:00Z');
    const deleted = await s.api.request('DELETE', `/api/calendars/${calendarId}/events/${resized!.objectName}?etag=${encodeURIComponent(resized!.etag ?? '')}`);
    expect(deleted.status).toBe(204);
    expect((await direct(`${calendarUrl}${saved.objectName}`)).status).toBe(404);
  });

  it('writes an exception and a moved occurrence of a weekly event as EXDATE and RECURRENCE-ID', async () => {
    const weekly = { frequency: 'weekly', interval: 1, weekdays: [], monthlyBy: 'date', until: null, count: null } as const;
    const saved = await create(event({ title: 'Sync', start: '2026-03-02T10:00', end: '2026-03-02T10:30', repeat: { ...weekly, weekdays: [] } }));
    const march = () => eventsIn('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z').then((events) => events.filter((e) => e.objectName === saved.objectName));
    const occurrences = await march();
    // 2, 9, 16, 23 and 30 March; Berlin moves to summer time on the 29th.
    expect(occurrences.map((o) => o.start)).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-09T09:00:00.000Z', '2026-03-16T09:00:00.000Z', '2026-03-23T09:00:00.000Z', '2026-03-30T08:00:00.000Z']);

    const removed = await s.api.request('DELETE', `/api/calendars/${calendarId}/events/${saved.objectName}?scope=this&occurrenceId=${encodeURIComponent(occurrences[1]!.occurrenceId!)}`);
    expect(removed.status).toBe(204);
    const third = (await march()).find((o) => o.occurrenceId === occurrences[2]!.occurrenceId)!;
    expect((await change(third, 'this', event({ title: 'Sync (moved)', start: '2026-03-17T14:00', end: '2026-03-17T14:30' }))).status).toBe(200);

    const { calendar } = await readDirect(saved.objectName);
    const [master, override] = calendar.getAllSubcomponents('vevent');
    expect(master!.getFirstPropertyValue('rrule')!.toString()).toBe('FREQ=WEEKLY');
    expect(master!.getFirstProperty('exdate')!.getParameter('tzid')).toBe('Europe/Berlin');
    expect(String(master!.getFirstPropertyValue('exdate'))).toBe('2026-03-09T10:00:00');
    expect(String(override!.getFirstPropertyValue('recurrence-id'))).toBe('2026-03-16T10:00:00');
    expect(override!.getFirstProperty('recurrence-id')!.getParameter('tzid')).toBe('Europe/Berlin');
    expect(String(override!.getFirstPropertyValue('dtstart'))).toBe('2026-03-17T14:00:00');
    expect(override!.getFirstPropertyValue('summary')).toBe('Sync (moved)');

    expect((await march()).map((o) => [o.title, o.localStart])).toEqual([
      ['Sync', '2026-03-02T10:00'],
      ['Sync (moved)', '2026-03-17T14:00'],
      ['Sync', '2026-03-23T10:00'],
      ['Sync', '2026-03-30T10:00'],
    ]);
  });

  it('moving and splitting a series written by another program keeps every EXDATE and RDATE value', async () => {
    // Mondays from 2 March; 9 and 23 March and 6 April skipped (two values on one line, a second line); Thursdays 12 and 26 March added.
    const ics = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other Program//EN', (tzlib_get_ical_block('Europe/Berlin') as string[])[0]!,
      'BEGIN:VEVENT', 'UID:multi-dates@other.example', 'DTSTAMP:20260101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20260302T090000', 'DTEND;TZID=Europe/Berlin:20260302T093000', 'RRULE:FREQ=WEEKLY;COUNT=8', 'SUMMARY:Review',
      'EXDATE;TZID=Europe/Berlin:20260309T090000,20260323T090000', 'EXDATE;TZID=Europe/Berlin:20260406T090000',
      'RDATE;TZID=Europe/Berlin:20260312T090000,20260326T090000', 'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n');
    const objectName = 'multi-dates.ics';
    expect((await direct(`${calendarUrl}${objectName}`, { method: 'PUT', body: ics, headers: { 'content-type': 'text/calendar' } })).status).toBe(201);
    const spring = async () => (await eventsIn('2026-03-01T00:00:00Z', '2026-04-25T00:00:00Z')).filter((e) => e.title === 'Review');
    const days = (events: EventOccurrence[]) => events.map((e) => e.localStart).sort();
    expect(days(await spring())).toEqual(['2026-03-02T09:00', '2026-03-12T09:00', '2026-03-16T09:00', '2026-03-26T09:00', '2026-03-30T09:00', '2026-04-13T09:00', '2026-04-20T09:00']);
    /** Every value of every EXDATE and RDATE line, as a direct CalDAV read gives them. */
    const datesOf = async (name: string) => {
      const [master] = (await readDirect(name)).calendar.getAllSubcomponents('vevent');
      const values = (property: string) => master!.getAllProperties(property).flatMap((line) => line.getValues().map(String)).sort();
      return { exdate: values('exdate'), rdate: values('rdate') };
    };
    const weekly = { frequency: 'weekly', interval: 1, weekdays: [], monthlyBy: 'date', until: null, count: 8 } as const;

    // "All": the 16 March occurrence to Tuesday moves the whole series, its exclusions and extra dates a day later.
    const mid = (await spring()).find((e) => e.localStart === '2026-03-16T09:00')!;
    expect((await change(mid, 'all', event({ start: '2026-03-17T09:00', end: '2026-03-17T09:30', repeat: { ...weekly, weekdays: [] } }))).status).toBe(200);
    expect(await datesOf(objectName)).toEqual({
      exdate: ['2026-03-10T09:00:00', '2026-03-24T09:00:00', '2026-04-07T09:00:00'],
      rdate: ['2026-03-13T09:00:00', '2026-03-27T09:00:00'],
    });
    expect(days(await spring())).toEqual(['2026-03-03T09:00', '2026-03-13T09:00', '2026-03-17T09:00', '2026-03-27T09:00', '2026-03-31T09:00', '2026-04-14T09:00', '2026-04-21T09:00']);

    // "This and following" from 17 March, moved to Wednesday: the new series keeps the skipped and extra days after it, a day later again.
    const split = (await spring()).find((e) => e.localStart === '2026-03-17T09:00')!;
    expect((await change(split, 'following', event({ start: '2026-03-18T09:00', end: '2026-03-18T09:30', repeat: { ...weekly, weekdays: [], count: null } }))).status).toBe(200);
    const after = await spring();
    const successor = after.find((e) => e.objectName !== objectName)!.objectName;
    expect(await datesOf(successor)).toEqual({ exdate: ['2026-03-25T09:00:00', '2026-04-08T09:00:00'], rdate: ['2026-03-28T09:00:00'] });
    expect(days(after.filter((e) => e.objectName === objectName))).toEqual(['2026-03-03T09:00', '2026-03-13T09:00']);
    expect(days(after.filter((e) => e.objectName === successor))).toEqual(['2026-03-18T09:00', '2026-03-28T09:00', '2026-04-01T09:00', '2026-04-15T09:00', '2026-04-22T09:00']);
  });

  it('returns only the occurrences of the asked range', async () => {
    await create(event({ title: 'In January', start: '2026-01-20T09:00', end: '2026-01-20T10:00' }));
    await create(event({ title: 'In May', start: '2026-05-20T09:00', end: '2026-05-20T10:00' }));
    await create(event({ title: 'Daily from April', start: '2026-04-28T08:00', end: '2026-04-28T08:15', repeat: { frequency: 'daily', interval: 1, weekdays: [], monthlyBy: 'date', until: null, count: null } }));
    const may = await eventsIn('2026-05-18T00:00:00Z', '2026-05-25T00:00:00Z');
    expect(may.filter((e) => e.title === 'Daily from April')).toHaveLength(7);
    expect(may.map((e) => e.title)).toContain('In May');
    expect(may.map((e) => e.title)).not.toContain('In January');
    const january = await eventsIn('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(january.map((e) => e.title)).toEqual(['In January']);
    const tooWide = await s.api.request('GET', `/api/calendars/${calendarId}/events?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`);
    expect(tooWide.status).toBe(400);
  });

  it('refuses to overwrite a change made elsewhere (ETag) and keeps that change', async () => {
    const saved = await create(event({ title: 'Budget', start: '2026-06-01T09:00', end: '2026-06-01T10:00' }));
    const seen = (await eventsIn('2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z')).find((e) => e.objectName === saved.objectName);
    const { calendar, etag } = await readDirect(saved.objectName);
    calendar.getFirstSubcomponent('vevent')!.updatePropertyWithValue('summary', 'Budget (phone)');
    const phone = await direct(`${calendarUrl}${saved.objectName}`, { method: 'PUT', headers: { 'content-type': 'text/calendar', 'if-match': etag! }, body: calendar.toString() });
    expect(phone.ok).toBe(true);

    const stale = await change(seen!, 'all', event({ title: 'Budget (web)', start: '2026-06-01T09:00', end: '2026-06-01T10:00' }));
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { code: string }).code).toBe('conflict');
    const staleDelete = await s.api.request('DELETE', `/api/calendars/${calendarId}/events/${saved.objectName}?etag=${encodeURIComponent(seen!.etag!)}`);
    expect(staleDelete.status).toBe(409);
    expect((await readDirect(saved.objectName)).calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('summary')).toBe('Budget (phone)');
  });

  it('moves an event to another calendar as a CalDAV client sees it; a missing calendar or a stale ETag moves nothing', async () => {
    const saved = await create(event({ title: 'Offsite', start: '2026-08-03T09:00', end: '2026-08-03T17:00' }));
    const august = (calendar: string) =>
      s.api.json<EventList>('GET', `/api/calendars/${calendar}/events?from=2026-08-01T00:00:00Z&to=2026-09-01T00:00:00Z`).then((list) => list.events.map((e) => e.title).filter((title) => title.startsWith('Offsite')));
    const [seen] = (await eventsIn('2026-08-03T00:00:00Z', '2026-08-04T00:00:00Z')).filter((e) => e.objectName === saved.objectName);
    const uid = (await readDirect(saved.objectName)).calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid');
    const moveTo = (target: string, occurrence: EventOccurrence, scope = 'all') =>
      s.api.request('PUT', `/api/calendars/${calendarId}/events/${encodeURIComponent(occurrence.objectName)}`, {
        etag: occurrence.etag,
        occurrenceId: occurrence.occurrenceId,
        scope,
        event: event({ title: 'Offsite (moved)', start: '2026-08-03T09:00', end: '2026-08-03T17:00' }),
        calendarId: target,
      });

    const nowhere = await moveTo('no-such-calendar', seen!);
    expect(nowhere.status).toBe(404);
    expect(((await nowhere.json()) as { message: string }).message).toBe('This calendar does not exist (any more).');
    expect((await moveTo('personal', seen!, 'this')).status).toBe(400);
    expect((await moveTo('personal', { ...seen!, etag: '"stale"' })).status).toBe(409);
    expect(await august(calendarId)).toEqual(['Offsite']);
    expect(await august('personal')).toEqual([]);

    const moved = await moveTo('personal', seen!);
    expect(moved.status).toBe(200);
    const { objectName } = (await moved.json()) as SavedEvent;
    expect((await direct(`${calendarUrl}${saved.objectName}`)).status).toBe(404);
    const inPersonal = await direct(`${calendarUrl.replace(/[^/]+\/$/, 'personal/')}${encodeURIComponent(objectName)}`);
    const vevent = ICAL.Component.fromString(await inPersonal.text()).getFirstSubcomponent('vevent')!;
    expect([vevent.getFirstPropertyValue('uid'), vevent.getFirstPropertyValue('summary')]).toEqual([uid, 'Offsite (moved)']);
    expect(await august(calendarId)).toEqual([]);
    expect(await august('personal')).toEqual(['Offsite (moved)']);
  });

  it('saving an event into a calendar that does not exist answers 404 and creates nothing', async () => {
    const response = await s.api.request('POST', '/api/calendars/no-such-calendar/events', { event: event() });
    expect(response.status).toBe(404);
    expect((await direct(`${calendarUrl.replace(/[^/]+\/$/, 'no-such-calendar/')}`, { method: 'PROPFIND', headers: { depth: '0' } })).status).toBe(404);
  });

  it('refuses bad input with a 400 and writes nothing', async () => {
    const before = await eventsIn('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z');
    const backwards = await s.api.request('POST', `/api/calendars/${calendarId}/events`, { event: event({ start: '2026-07-02T10:00', end: '2026-07-02T09:00' }) });
    expect(backwards.status).toBe(400);
    const badZone = await s.api.request('POST', `/api/calendars/${calendarId}/events`, { event: event({ start: '2026-07-02T10:00', end: '2026-07-02T11:00', timeZone: 'Mars/Olympus' }) });
    expect(badZone.status).toBe(400);
    expect((await s.api.request('GET', '/api/calendars/..%2f..%2fother/events?from=2026-07-01T00:00:00Z&to=2026-07-02T00:00:00Z')).status).toBe(400);
    expect(await eventsIn('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z')).toEqual(before);
  });

  it('serves the calendars to a CalDAV client through /dav/, and only the owner’s', async () => {
    const client = await createDAVClient({
      serverUrl: `${s.bff.url}/dav/`,
      credentials: { username: s.user.email, password: s.user.password },
      authMethod: 'Basic',
      defaultAccountType: 'caldav',
    });
    const calendars = await client.fetchCalendars();
    expect(calendars.map((calendar) => calendar.displayName).sort()).toEqual(['Personal Calendar', 'Work']);
    const work = calendars.find((calendar) => calendar.displayName === 'Work')!;
    const objects = await client.fetchCalendarObjects({ calendar: work, timeRange: { start: '2026-06-01T00:00:00Z', end: '2026-06-02T00:00:00Z' } });
    // The weekly "Sync" of March and the daily one of April repeat into June too.
    expect(objects.map((object) => /SUMMARY:(.*)\r\n/.exec(String(object.data))?.[1]).sort()).toEqual(['Budget (phone)', 'Daily from April', 'Sync']);

    const other = await createTestUser('calendar-other');
    const peek = await fetch(work.url, {
      method: 'PROPFIND',
      headers: { depth: '1', authorization: `Basic ${Buffer.from(`${other.email}:${other.password}`).toString('base64')}` },
    });
    expect(peek.status).toBe(403);
  });
});
