import { describe, expect, it } from 'vitest';
import { updateEventObject } from '../../server/calendar/event-writer';
import { applyToCopy, calendarCopy, copyStateOf } from '../../server/calendar/invitations';
import { occurrencesInRange } from '../../server/calendar/occurrences';

// Updates and cancellations of a weekly series, one occurrence at a time, carried into the invitee's copy.

const ME = 'ivy@tern.test';
const ORGANIZER = 'olive@other.example';
const ref = { calendarId: 'personal', objectName: 'copy.ics', etag: null };

function message(method: string, events: string[][]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other//EN', `METHOD:${method}`, ...events.flat(), 'END:VCALENDAR', ''].join('\r\n');
}

function event(sequence: number, lines: string[], organizer = ORGANIZER): string[] {
  return [
    'BEGIN:VEVENT', 'UID:weekly-review@other.example', `SEQUENCE:${sequence}`, 'DTSTAMP:20260101T120000Z',
    `ORGANIZER:mailto:${organizer}`, `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ME}`, ...lines, 'END:VEVENT',
  ];
}

const series = event(0, ['DTSTART;TZID=Europe/Berlin:20260302T100000', 'DTEND;TZID=Europe/Berlin:20260302T110000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Weekly review']);
/** The accepted copy in the calendar. */
const accepted = calendarCopy(message('REQUEST', [series]), ME, 'ACCEPTED');

function march(ics: string) {
  return occurrencesInRange(ics, ref, new Date('2026-03-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z')).map((o) => [o.start, o.title]);
}

describe('an invitee’s copy of a repeating event', () => {
  it('a cancelled occurrence goes from the copy; the others stay, and the same message again changes nothing', () => {
    const cancel = message('CANCEL', [event(1, ['RECURRENCE-ID;TZID=Europe/Berlin:20260309T100000', 'DTSTART;TZID=Europe/Berlin:20260309T100000', 'STATUS:CANCELLED'])]);
    expect(copyStateOf(cancel, accepted, ME)).toBe('pending');
    const after = applyToCopy(cancel, accepted, ME)!;
    expect(after).toContain('EXDATE;TZID=Europe/Berlin:20260309T100000');
    expect(march(after)).toEqual([
      ['2026-03-02T09:00:00.000Z', 'Weekly review'],
      ['2026-03-16T09:00:00.000Z', 'Weekly review'],
      ['2026-03-23T09:00:00.000Z', 'Weekly review'],
    ]);
    expect(copyStateOf(cancel, after, ME)).toBe('current');
  });

  it('one moved occurrence joins the copy with the user’s answer; the series keeps its rule', () => {
    const moved = message('REQUEST', [event(1, ['RECURRENCE-ID;TZID=Europe/Berlin:20260316T100000', 'DTSTART;TZID=Europe/Berlin:20260317T140000', 'DTEND;TZID=Europe/Berlin:20260317T150000', 'SUMMARY:Weekly review (Tuesday)'])]);
    expect(copyStateOf(moved, accepted, ME)).toBe('pending');
    const after = applyToCopy(moved, accepted, ME)!;
    expect(march(after)).toEqual([
      ['2026-03-02T09:00:00.000Z', 'Weekly review'],
      ['2026-03-09T09:00:00.000Z', 'Weekly review'],
      ['2026-03-17T13:00:00.000Z', 'Weekly review (Tuesday)'],
      ['2026-03-23T09:00:00.000Z', 'Weekly review'],
    ]);
    expect(after.match(/PARTSTAT=ACCEPTED/g)).toHaveLength(2);
    expect(copyStateOf(moved, after, ME)).toBe('current');
  });

  it('the whole series sent again replaces the copy; an older message is outdated; another organiser may not touch it', () => {
    const rescheduled = message('REQUEST', [event(2, ['DTSTART;TZID=Europe/Berlin:20260303T090000', 'DTEND;TZID=Europe/Berlin:20260303T100000', 'RRULE:FREQ=WEEKLY;COUNT=2', 'SUMMARY:Weekly review'])]);
    const after = applyToCopy(rescheduled, accepted, ME)!;
    expect(march(after).map(([start]) => start)).toEqual(['2026-03-03T08:00:00.000Z', '2026-03-10T08:00:00.000Z']);
    expect(after).toContain('PARTSTAT=ACCEPTED');
    expect(copyStateOf(message('REQUEST', [series]), after, ME)).toBe('outdated');
    const forged = message('CANCEL', [event(5, ['DTSTART;TZID=Europe/Berlin:20260303T090000'], 'mallory@evil.example')]);
    expect(copyStateOf(forged, after, ME)).toBe('foreign');
  });

  it('a reminder the invitee adds to the copy does not make the organiser’s next update look old, and survives it', () => {
    const context = { now: new Date('2026-02-01T08:00:00Z'), newUid: () => 'unused', user: ME };
    const form = { title: 'Weekly review', location: '', description: '', allDay: false, start: '2026-03-02T10:00', end: '2026-03-02T11:00', timeZone: 'Europe/Berlin', repeat: { frequency: 'weekly' as const, interval: 1, weekdays: [], monthlyBy: 'date' as const, until: null, count: 4 }, reminderMinutes: 15 };
    const withReminder = updateEventObject(accepted, { occurrenceId: null, scope: 'all', event: form }, context).ics;
    expect(withReminder).toContain('SEQUENCE:0');
    expect(withReminder).toContain('DTSTAMP:20260101T120000Z');
    const update = message('REQUEST', [event(1, ['DTSTART;TZID=Europe/Berlin:20260302T113000', 'DTEND;TZID=Europe/Berlin:20260302T123000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Weekly review'])]);
    expect(copyStateOf(update, withReminder, ME)).toBe('pending');
    const updated = applyToCopy(update, withReminder, ME)!;
    expect(march(updated)[0]).toEqual(['2026-03-02T10:30:00.000Z', 'Weekly review']);
    expect(updated).toContain('TRIGGER:-PT15M');
  });
});
