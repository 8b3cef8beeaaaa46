import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { wallClockIn, type EventInput, type RepeatRule } from '../../shared/api/calendar';
import { createEventObject, deleteFromEventObject, updateEventObject, type WriteContext } from '../../server/calendar/event-writer';
import { joinCalendarObjects, splitIcsFile } from '../../server/calendar/ics-import';
import { occurrencesInRange } from '../../server/calendar/occurrences';

let uidCounter = 0;
const context: WriteContext = { now: new Date('2026-01-05T10:00:00Z'), newUid: () => `uid-${++uidCounter}@tern.test`, user: 'ivy@tern.test' };
const ref = { calendarId: 'personal', objectName: 'event.ics', etag: '"1"' };

function input(overrides: Partial<EventInput> = {}): EventInput {
  return {
    title: 'Stand-up',
    location: '',
    description: '',
    allDay: false,
    start: '2026-03-20T09:00',
    end: '2026-03-20T09:30',
    timeZone: 'Europe/Berlin',
    repeat: null,
    reminderMinutes: null,
    ...overrides,
  };
}

const weekly: RepeatRule = { frequency: 'weekly', interval: 1, weekdays: [], monthlyBy: 'date', until: null, count: null };

function expand(ics: string, from: string, to: string) {
  return occurrencesInRange(ics, ref, new Date(from), new Date(to));
}

/** What a browser in `zone` shows for an occurrence's start. */
function shownIn(zone: string, instant: string): string {
  return wallClockIn(new Date(instant), zone);
}

describe('time zones and DST', () => {
  it('keeps a Berlin 09:00 meeting at 09:00 in Berlin across the March change, an hour earlier in UTC', () => {
    const ics = createEventObject(input({ repeat: weekly }), context);
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20260320T090000');
    expect(ics).toContain('BEGIN:VTIMEZONE');
    const starts = expand(ics, '2026-03-16T00:00:00Z', '2026-04-06T00:00:00Z').map((o) => o.start);
    expect(starts).toEqual(['2026-03-20T08:00:00.000Z', '2026-03-27T08:00:00.000Z', '2026-04-03T07:00:00.000Z']);
    expect(starts.map((s) => shownIn('Europe/Berlin', s))).toEqual(['2026-03-20T09:00', '2026-03-27T09:00', '2026-04-03T09:00']);
  });

  it('keeps a New York 09:00 meeting at 09:00 in New York across the November change', () => {
    const ics = createEventObject(input({ start: '2026-10-25T09:00', end: '2026-10-25T10:00', timeZone: 'America/New_York', repeat: weekly }), context);
    const occurrences = expand(ics, '2026-10-20T00:00:00Z', '2026-11-05T00:00:00Z');
    expect(occurrences.map((o) => o.start)).toEqual(['2026-10-25T13:00:00.000Z', '2026-11-01T14:00:00.000Z']);
    expect(occurrences.map((o) => o.localStart)).toEqual(['2026-10-25T09:00', '2026-11-01T09:00']);
    expect(occurrences[1]?.timeZone).toBe('America/New_York');
  });

  it('shows an event made in Berlin at the converted time to a reader in New York, also in the weeks the two changes differ', () => {
    const ics = createEventObject(input({ start: '2026-03-06T09:00', end: '2026-03-06T10:00', repeat: weekly }), context);
    const starts = expand(ics, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z').map((o) => shownIn('America/New_York', o.start));
    // New York moves to summer time on 8 March, Berlin on 29 March: six hours apart, then five, then six again.
    expect(starts).toEqual(['2026-03-06T03:00', '2026-03-13T04:00', '2026-03-20T04:00', '2026-03-27T04:00']);
  });

  it('reads a TZID whose VTIMEZONE the file left out', () => {
    const ics = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//x//y//EN', 'BEGIN:VEVENT', 'UID:no-zone@x', 'DTSTAMP:20260101T000000Z',
      'DTSTART;TZID=America/New_York:20260701T090000', 'DTEND;TZID=America/New_York:20260701T100000', 'SUMMARY:Call',
      'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n');
    const [only] = expand(ics, '2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z');
    expect(only?.start).toBe('2026-07-01T13:00:00.000Z');
  });
});

describe('range', () => {
  it('gives only the occurrences that overlap the range, all-day ones as dates', () => {
    const ics = createEventObject(input({ allDay: true, start: '2026-05-01', end: '2026-05-02', repeat: { ...weekly, frequency: 'daily' } }), context);
    const days = expand(ics, '2026-06-10T00:00:00Z', '2026-06-13T00:00:00Z');
    expect(days.map((o) => [o.start, o.end])).toEqual([
      ['2026-06-10', '2026-06-11'],
      ['2026-06-11', '2026-06-12'],
      ['2026-06-12', '2026-06-13'],
    ]);
    expect(days[0]?.allDay).toBe(true);
    expect(days[0]?.occurrenceId).toBe('2026-06-10');
  });

  it('stops at UNTIL and COUNT', () => {
    const untilIcs = createEventObject(input({ repeat: { ...weekly, until: '2026-04-03' } }), context);
    expect(expand(untilIcs, '2026-03-01T00:00:00Z', '2026-06-01T00:00:00Z')).toHaveLength(3);
    const countIcs = createEventObject(input({ repeat: { ...weekly, count: 2 } }), context);
    expect(expand(countIcs, '2026-03-01T00:00:00Z', '2026-06-01T00:00:00Z')).toHaveLength(2);
  });
});

describe('editing a repeating event', () => {
  const series = () => createEventObject(input({ repeat: weekly }), context);
  const second = '2026-03-27T08:00:00.000Z';

  it('"this event" writes a RECURRENCE-ID override and moves only that occurrence', () => {
    const { ics, split } = updateEventObject(series(), { occurrenceId: second, scope: 'this', event: input({ title: 'Moved', start: '2026-03-28T11:00', end: '2026-03-28T11:30' }) }, context);
    expect(split).toBeNull();
    expect(ics).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20260327T090000');
    const occurrences = expand(ics, '2026-03-16T00:00:00Z', '2026-04-06T00:00:00Z');
    expect(occurrences.map((o) => [o.title, o.localStart])).toEqual([
      ['Stand-up', '2026-03-20T09:00'],
      ['Moved', '2026-03-28T11:00'],
      ['Stand-up', '2026-04-03T09:00'],
    ]);
    expect(occurrences[1]).toMatchObject({ isException: true, occurrenceId: second });
  });

  it('deleting "this event" adds an EXDATE', () => {
    const ics = deleteFromEventObject(series(), { occurrenceId: second, scope: 'this' }, context);
    expect(ics).toContain('EXDATE;TZID=Europe/Berlin:20260327T090000');
    expect(expand(ics as string, '2026-03-16T00:00:00Z', '2026-04-06T00:00:00Z').map((o) => o.localStart)).toEqual(['2026-03-20T09:00', '2026-04-03T09:00']);
  });

  it('"this and following" ends the series before the occurrence and starts a new one there', () => {
    const { ics, split } = updateEventObject(series(), { occurrenceId: second, scope: 'following', event: input({ title: 'Later', start: '2026-03-27T10:00', end: '2026-03-27T10:30', repeat: weekly }) }, context);
    expect(ics).toContain('UNTIL=20260327T075959Z');
    expect(expand(ics, '2026-03-16T00:00:00Z', '2026-04-20T00:00:00Z').map((o) => o.localStart)).toEqual(['2026-03-20T09:00']);
    expect(split).not.toBeNull();
    expect(expand(split?.ics ?? '', '2026-03-16T00:00:00Z', '2026-04-06T00:00:00Z').map((o) => [o.title, o.localStart])).toEqual([
      ['Later', '2026-03-27T10:00'],
      ['Later', '2026-04-03T10:00'],
    ]);
  });

  it('"all events" moves the whole series by the wall-clock distance the occurrence moved', () => {
    const { ics } = updateEventObject(series(), { occurrenceId: second, scope: 'all', event: input({ start: '2026-03-28T09:00', end: '2026-03-28T10:00', repeat: weekly }) }, context);
    const occurrences = expand(ics, '2026-03-16T00:00:00Z', '2026-04-06T00:00:00Z');
    expect(occurrences.map((o) => [o.localStart, o.localEnd])).toEqual([
      ['2026-03-21T09:00', '2026-03-21T10:00'],
      ['2026-03-28T09:00', '2026-03-28T10:00'],
      ['2026-04-04T09:00', '2026-04-04T10:00'],
    ]);
  });

  describe('a series with several EXDATE and RDATE values (two on one line, and a second EXDATE line)', () => {
    // Mondays from 2 March; 9 and 23 March and 6 April skipped; Thursdays 12 and 26 March added.
    const multi = [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other//EN', 'BEGIN:VEVENT', 'UID:multi@other.example', 'DTSTAMP:20260101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20260302T090000', 'DTEND;TZID=Europe/Berlin:20260302T093000', 'RRULE:FREQ=WEEKLY;COUNT=8', 'SUMMARY:Review',
      'EXDATE;TZID=Europe/Berlin:20260309T090000,20260323T090000', 'EXDATE;TZID=Europe/Berlin:20260406T090000',
      'RDATE;TZID=Europe/Berlin:20260312T090000,20260326T090000', 'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n');
    const days = (ics: string) => expand(ics, '2026-03-01T00:00:00Z', '2026-04-25T00:00:00Z').map((o) => o.localStart);
    const mid = '2026-03-16T08:00:00.000Z';
    const onTuesday = input({ title: 'Review', start: '2026-03-17T09:00', end: '2026-03-17T09:30', repeat: weekly });

    it('shows every extra date and skips every excluded one', () => {
      expect(days(multi)).toEqual(['2026-03-02T09:00', '2026-03-12T09:00', '2026-03-16T09:00', '2026-03-26T09:00', '2026-03-30T09:00', '2026-04-13T09:00', '2026-04-20T09:00']);
    });

    it('"all" moved a day later moves every exclusion and every extra date with it', () => {
      const { ics } = updateEventObject(multi, { occurrenceId: mid, scope: 'all', event: { ...onTuesday, repeat: { ...weekly, count: 8 } } }, context);
      expect(days(ics)).toEqual(['2026-03-03T09:00', '2026-03-13T09:00', '2026-03-17T09:00', '2026-03-27T09:00', '2026-03-31T09:00', '2026-04-14T09:00', '2026-04-21T09:00']);
    });

    it('"this and following" keeps the skipped days skipped and the extra days in the new series, moved as the occurrence moved', () => {
      const { ics, split } = updateEventObject(multi, { occurrenceId: mid, scope: 'following', event: onTuesday }, context);
      expect(days(ics)).toEqual(['2026-03-02T09:00', '2026-03-12T09:00']);
      expect(days(split!.ics)).toEqual(['2026-03-17T09:00', '2026-03-27T09:00', '2026-03-31T09:00', '2026-04-14T09:00', '2026-04-21T09:00']);
    });

    it('reads a bare-date EXDATE list with a TZID (an odd form some programs write) as every one of its days', () => {
      const allDay = multi
        .replace('DTSTART;TZID=Europe/Berlin:20260302T090000', 'DTSTART;VALUE=DATE:20260302').replace('DTEND;TZID=Europe/Berlin:20260302T093000', 'DTEND;VALUE=DATE:20260303')
        .replace('EXDATE;TZID=Europe/Berlin:20260309T090000,20260323T090000', 'EXDATE;TZID=Europe/Berlin:20260309,\r\n 20260323')
        .replace(/EXDATE;TZID=Europe\/Berlin:20260406T090000\r\n|RDATE[^\r]*\r\n/g, '');
      expect(expand(allDay, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z').map((o) => o.localStart)).toEqual(['2026-03-02', '2026-03-16', '2026-03-30']);
    });
  });

  it('exports every event the schedule shows, read with the same repairs: a bare date with a TZID, a folded EXDATE list, a zone without VTIMEZONE', () => {
    // Radicale refuses these forms (calendar-import.test.ts cannot store them there); other servers and old files hold them.
    const object = (uid: string, lines: string[]) =>
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Odd//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const stored = [
      object('odd@elsewhere.example', ['DTSTART;TZID=Europe/Berlin:20261005', 'DTEND;TZID=Europe/Berlin:20261006', 'RRULE:FREQ=DAILY;COUNT=5', 'EXDATE;TZID=Europe/Berlin:20261006,', ' 20261008', 'SUMMARY:Conference']),
      object('no-zone@elsewhere.example', ['DTSTART;TZID=America/Chicago:20261007T090000', 'DTEND;TZID=America/Chicago:20261007T100000', 'SUMMARY:Call']),
    ];
    const shown = (texts: string[]) =>
      texts.flatMap((text) => expand(text, '2026-10-01T00:00:00Z', '2026-10-31T00:00:00Z')).map((o) => [o.title, o.start]).sort((a, b) => a[1]!.localeCompare(b[1]!));
    const schedule = shown(stored);
    expect(schedule).toEqual([['Conference', '2026-10-05'], ['Conference', '2026-10-07'], ['Call', '2026-10-07T14:00:00.000Z'], ['Conference', '2026-10-09']]);
    const exported = joinCalendarObjects(stored, 'Odd');
    expect(exported).toContain('DTSTART;VALUE=DATE:20261005');
    expect(exported).toContain('BEGIN:VTIMEZONE\r\nTZID:America/Chicago\r\n');
    expect(shown(splitIcsFile(exported).objects.map((item) => item.text))).toEqual(schedule);
  });

  it('keeps what the form does not show (X- properties, attendees, categories) through an edit', () => {
    const original = series().replace('END:VEVENT', 'X-OTHER-APP:keep me\r\nCATEGORIES:Work\r\nATTENDEE;CN=Sam:mailto:sam@mt-example.com\r\nEND:VEVENT');
    const { ics } = updateEventObject(original, { occurrenceId: null, scope: 'all', event: input({ title: 'Renamed', repeat: weekly }) }, context);
    expect(ics).toContain('X-OTHER-APP:keep me');
    expect(ics).toContain('CATEGORIES:Work');
    expect(ics).toContain('mailto:sam@mt-example.com');
    expect(ics).toContain('SUMMARY:Renamed');
    expect(ICAL.Component.fromString(ics.trim()).getFirstSubcomponent('vevent')?.getFirstPropertyValue('sequence')).toBe(1);
  });
});

describe('reminders and repeat rules', () => {
  it('writes a VALARM and reads it back', () => {
    const ics = createEventObject(input({ reminderMinutes: 15 }), context);
    expect(ics).toContain('TRIGGER:-PT15M');
    expect(expand(ics, '2026-03-20T00:00:00Z', '2026-03-21T00:00:00Z')[0]?.reminderMinutes).toBe(15);
  });

  it('writes weekly days, monthly by weekday and yearly rules that read back the same', () => {
    const rules: RepeatRule[] = [
      { ...weekly, weekdays: ['MO', 'WE', 'FR'] },
      { ...weekly, frequency: 'monthly', monthlyBy: 'weekday' },
      { ...weekly, frequency: 'monthly', monthlyBy: 'date', interval: 2 },
      { ...weekly, frequency: 'yearly', count: 5 },
    ];
    for (const rule of rules) {
      const ics = createEventObject(input({ repeat: rule }), context);
      expect(expand(ics, '2026-03-19T00:00:00Z', '2026-03-21T00:00:00Z')[0]?.repeat).toEqual(rule);
    }
    expect(createEventObject(input({ repeat: { ...weekly, frequency: 'monthly', monthlyBy: 'weekday' } }), context)).toContain('BYDAY=3FR');
  });
});
