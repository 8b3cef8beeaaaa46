import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput, EventList, EventOccurrence, ImportResult } from '../../shared/api/calendar';
import { REPO_DIR } from '../support/stack';
import { signedInUser, type SignedIn } from '../support/signed-in';

// iCalendar import and export through the BFF against the real Radicale.

const CORPUS = path.resolve(REPO_DIR, '../shared/corpora/ical');
const corpusPresent = fs.existsSync(CORPUS);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.name === 'SOURCE.md' ? [] : [full];
  });
}

/** What Tern shows of an occurrence: what export then import must keep. */
function shown(event: EventOccurrence) {
  const { title, location, description, allDay, start, end, timeZone, repeat, reminderMinutes } = event;
  return { title, location, description, allDay, start, end, timeZone, repeat, reminderMinutes };
}

describe('iCalendar import and export', () => {
  let s: SignedIn;
  const newCalendar = async (name: string) => (await s.api.json<{ id: string }>('POST', '/api/calendars', { name, color: '#336699' })).id;
  const importInto = (calendarId: string, ics: string, preview = false) => s.api.request('POST', `/api/calendars/${calendarId}/import`, { ics, preview });
  const eventsIn = async (calendarId: string, from: string, to: string) =>
    (await s.api.json<EventList>('GET', `/api/calendars/${calendarId}/events?from=${from}&to=${to}`)).events;

  beforeAll(async () => {
    s = await signedInUser('calendar-import');
  });
  afterAll(async () => {
    await s?.imap.logout();
    await s?.bff.close();
  });

  it.skipIf(!corpusPresent)('imports every corpus file or refuses it with a clear message, and the calendar still lists', async () => {
    const calendarId = await newCalendar('Corpus');
    const outcomes = { imported: 0, refused: 0 };
    for (const file of filesUnder(CORPUS)) {
      const text = fs.readFileSync(file, 'utf8');
      const response = await importInto(calendarId, text);
      const label = path.relative(CORPUS, file);
      if (![200, 400].includes(response.status)) expect.fail(`${label}: ${response.status} ${await response.text()}`);
      if (response.status === 200) {
        const result = (await response.json()) as ImportResult;
        expect(result.created + result.updated + result.refused.length, label).toBeGreaterThan(0);
        for (const refusal of result.refused) expect(refusal.reason, label).toMatch(/\w{4,}/);
        outcomes.imported++;
      } else {
        const error = (await response.json()) as { code: string; message: string };
        expect(error.code, label).toBe('bad_request');
        expect(error.message, label).toMatch(/\w{4,}/);
        outcomes.refused++;
      }
    }
    // Most of the corpus is real events; the rest (time zones, to-dos, deliberate breakage) is refused.
    expect(outcomes.imported).toBeGreaterThan(90);
    expect(outcomes.refused).toBeGreaterThan(0);
    // Whatever came in, every year of it lists without a server error.
    for (const year of [1997, 2006, 2012, 2024, 2026]) {
      const response = await s.api.request('GET', `/api/calendars/${calendarId}/events?from=${year}-01-01T00:00:00Z&to=${year + 1}-01-01T00:00:00Z`);
      expect(response.status, String(year)).toBe(200);
    }
  }, 180_000);

  it('updates events with the same UID on a second import instead of doubling them, after a preview that says so', async () => {
    const calendarId = await newCalendar('Twice');
    const file = (title: string) =>
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other//App//EN', 'BEGIN:VEVENT', 'UID:same-uid-1@other.example', 'DTSTAMP:20260101T000000Z',
        'DTSTART;TZID=America/New_York:20260810T090000', 'DTEND;TZID=America/New_York:20260810T100000', `SUMMARY:${title}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    expect((await importInto(calendarId, file('First'))).status).toBe(200);
    const preview = (await (await importInto(calendarId, file('Second'), true)).json()) as ImportResult;
    expect(preview.items).toEqual([{ uid: 'same-uid-1@other.example', title: 'Second', start: '2026-08-10T13:00:00.000Z', allDay: false, repeating: false, exists: true }]);
    const result = (await (await importInto(calendarId, file('Second'))).json()) as ImportResult;
    expect(result).toMatchObject({ created: 0, updated: 1 });
    const events = await eventsIn(calendarId, '2026-08-01T00:00:00Z', '2026-09-01T00:00:00Z');
    expect(events.map((e) => [e.title, e.start])).toEqual([['Second', '2026-08-10T13:00:00.000Z']]);
  });

  it('exports a calendar that imports back to the same events', async () => {
    const source = await newCalendar('Source');
    const weekly = { frequency: 'weekly', interval: 2, weekdays: ['MO', 'TH'], monthlyBy: 'date', until: '2026-12-31', count: null } as const;
    const inputs: EventInput[] = [
      { title: 'Trip', location: 'Lisbon', description: 'Flights <booked>', allDay: true, start: '2026-10-05', end: '2026-10-09', timeZone: 'UTC', repeat: null, reminderMinutes: null },
      { title: 'Course', location: '', description: 'Line one\nLine two', allDay: false, start: '2026-10-01T18:00', end: '2026-10-01T19:30', timeZone: 'Europe/Berlin', repeat: { ...weekly, weekdays: [...weekly.weekdays] }, reminderMinutes: 15 },
    ];
    for (const event of inputs) await s.api.json('POST', `/api/calendars/${source}/events`, { event });
    const exported = await s.api.request('GET', `/api/calendars/${source}/export`);
    expect(exported.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toContain('Source.ics');
    const text = await exported.text();
    expect(text.match(/BEGIN:VCALENDAR/g)).toHaveLength(1);
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);

    const target = await newCalendar('Target');
    const result = (await (await importInto(target, text)).json()) as ImportResult;
    expect(result).toMatchObject({ created: 2, updated: 0, refused: [] });
    const range = ['2026-09-28T00:00:00Z', '2026-12-31T23:00:00Z'] as const;
    // The server lists objects in no particular order.
    const sorted = (events: EventOccurrence[]) => events.map(shown).sort((a, b) => `${a.start}|${a.title}`.localeCompare(`${b.start}|${b.title}`));
    const before = sorted(await eventsIn(source, ...range));
    const after = sorted(await eventsIn(target, ...range));
    expect(before.length).toBeGreaterThan(10);
    expect(after).toEqual(before);
  });
});
