import ICAL from 'ical.js';
import { CALENDAR_DATA_TEXTS, WEEKDAYS, type RepeatRule, type Weekday } from '../../shared/api/calendar';
import { registerZonesNamedIn } from './time-zones';
import { translatable } from '../../shared/translatable';

/** A calendar object (one UID: a master event and its changed occurrences) as ical.js sees it. */
export interface CalendarObject {
  calendar: ICAL.Component;
  /** The event with no RECURRENCE-ID; null when a file only holds changed occurrences. */
  master: ICAL.Component | null;
  exceptions: ICAL.Component[];
}

export class CalendarDataError extends Error {}

const BARE_DATE_WITH_ZONE = /^(DTSTART|DTEND|DUE|RECURRENCE-ID|EXDATE|RDATE)((?:;[^:\r\n]*)?):(\d{8}(?:,\d{8})*)(?=\r?\n)/gim;

/**
 * Some programs write a whole day as `DTSTART;TZID=…:20060102` (or an EXDATE
 * listing several such days): a date in a date-time's clothes, which ical.js
 * cannot read. It means the date. Lines are unfolded first, so a long list
 * folded over several lines is read whole.
 */
export function repairDateValues(ics: string): string {
  return ics.replace(/\r?\n[ \t]/g, '').replace(BARE_DATE_WITH_ZONE, (line, name: string, params: string, dates: string) => {
    if (/;VALUE=DATE(?=;|$)/i.test(params)) return line;
    const kept = params.split(';').filter((param) => param && !/^(TZID|VALUE)=/i.test(param));
    return `${name};${['VALUE=DATE', ...kept].join(';')}:${dates}`;
  });
}

/** Parses iCalendar text; throws CalendarDataError with a reason a person can read. */
export function parseCalendar(ics: string): ICAL.Component {
  registerZonesNamedIn(ics);
  let parsed: unknown;
  try {
    parsed = ICAL.parse(repairDateValues(ics));
  } catch (error) {
    throw new CalendarDataError(`This is not iCalendar data (${error instanceof Error ? error.message : translatable('unreadable')}).`);
  }
  // A text with several VCALENDARs parses to a list; Tern reads the first.
  const root = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed;
  const calendar = new ICAL.Component(root as unknown[]);
  if (calendar.name !== 'vcalendar') throw new CalendarDataError(CALENDAR_DATA_TEXTS.notCalendarData);
  return calendar;
}

export function readCalendarObject(ics: string): CalendarObject {
  const calendar = parseCalendar(ics);
  const events = calendar.getAllSubcomponents('vevent');
  if (events.length === 0) throw new CalendarDataError(CALENDAR_DATA_TEXTS.objectWithoutEvent);
  return {
    calendar,
    master: events.find((event) => !event.hasProperty('recurrence-id')) ?? null,
    exceptions: events.filter((event) => event.hasProperty('recurrence-id')),
  };
}

export function textOf(event: ICAL.Component, name: string): string {
  const value: unknown = event.getFirstPropertyValue(name);
  return typeof value === 'string' ? value : '';
}

export function timeOf(event: ICAL.Component, name: string): ICAL.Time | null {
  const value: unknown = event.getFirstPropertyValue(name);
  return value instanceof ICAL.Time ? value : null;
}

/** The zone a time is written in, as an IANA name ('UTC' for UTC and floating times). */
export function zoneNameOf(time: ICAL.Time): string {
  const tzid = time.zone?.tzid;
  return !tzid || tzid === 'floating' || tzid === 'Z' ? 'UTC' : tzid;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `YYYY-MM-DD` of a date, or `YYYY-MM-DDTHH:mm` wall clock of a date-time in its own zone. */
export function wallClockOf(time: ICAL.Time): string {
  const date = `${time.year}-${pad(time.month)}-${pad(time.day)}`;
  return time.isDate ? date : `${date}T${pad(time.hour)}:${pad(time.minute)}`;
}

/** A date as a date, a date-time as its UTC instant: how occurrences are named and shown. */
export function instantOf(time: ICAL.Time): string {
  return time.isDate ? wallClockOf(time) : time.toJSDate().toISOString();
}

/** Minutes before the start of the first display/audio alarm, or null when there is none Tern can show. */
export function reminderMinutesOf(event: ICAL.Component): number | null {
  for (const alarm of event.getAllSubcomponents('valarm')) {
    const trigger = alarm.getFirstProperty('trigger');
    const value: unknown = trigger?.getFirstValue();
    if (!(value instanceof ICAL.Duration) || trigger?.getParameter('related') === 'END') continue;
    const seconds = value.toSeconds();
    if (seconds <= 0) return Math.round(-seconds / 60);
  }
  return null;
}

const MONTHLY_WEEKDAY = /^([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)$/;

/** The master's RRULE as the form's repeat rule (what the form cannot show is kept by the writer). */
export function repeatRuleOf(event: ICAL.Component): RepeatRule | null {
  const recur: unknown = event.getFirstPropertyValue('rrule');
  if (!(recur instanceof ICAL.Recur)) return null;
  const frequency = recur.freq.toLowerCase();
  if (frequency !== 'daily' && frequency !== 'weekly' && frequency !== 'monthly' && frequency !== 'yearly') return null;
  const byDay = (recur.parts.BYDAY ?? []) as string[];
  return {
    frequency,
    interval: recur.interval || 1,
    weekdays: frequency === 'weekly' ? byDay.filter((day): day is Weekday => (WEEKDAYS as readonly string[]).includes(day)) : [],
    monthlyBy: frequency === 'monthly' && byDay.some((day) => MONTHLY_WEEKDAY.test(day)) ? 'weekday' : 'date',
    until: recur.until ? wallClockOf(recur.until).slice(0, 10) : null,
    count: recur.count ?? null,
  };
}

/** The UID of a stored object, read from its unfolded lines (one object holds one UID, RFC 4791 4.1) without parsing it all. */
export function uidInText(text: string): string {
  return /^UID(?:;[^:\r\n]*)?:(.*?)\r?$/m.exec(text.replace(/\r?\n[ \t]/g, ''))?.[1] ?? '';
}
