import ICAL from 'ical.js';
import type { EventOccurrence } from '../../shared/api/calendar';
import { instantOf, readCalendarObject, reminderMinutesOf, repeatRuleOf, textOf, timeOf, wallClockOf, zoneNameOf } from './ical-data';

export interface ObjectRef {
  calendarId: string;
  objectName: string;
  etag: string | null;
}

/** No series is walked further than this many occurrences: a guard against absurd rules (FREQ=SECONDLY…). */
const MAX_STEPS_PER_SERIES = 20_000;

function endOf(start: ICAL.Time, event: ICAL.Component): ICAL.Time {
  const end = timeOf(event, 'dtend');
  if (end) return end;
  const duration: unknown = event.getFirstPropertyValue('duration');
  const result = start.clone();
  if (duration instanceof ICAL.Duration) result.addDuration(duration);
  // RFC 5545 3.6.1: no end means one day for a date, no length for a date-time.
  else if (start.isDate) result.day += 1;
  return result;
}

function overlaps(start: ICAL.Time, end: ICAL.Time, from: Date, to: Date): boolean {
  const startMs = start.toJSDate().getTime();
  const endMs = Math.max(end.toJSDate().getTime(), startMs);
  // A zero-length event at the very start of the range still shows.
  return startMs < to.getTime() && (endMs > from.getTime() || (endMs === startMs && startMs >= from.getTime()));
}

function occurrence(
  ref: ObjectRef,
  uid: string,
  series: ICAL.Component | null,
  item: ICAL.Component,
  start: ICAL.Time,
  end: ICAL.Time,
  recurrenceId: ICAL.Time | null,
): EventOccurrence {
  return {
    ...ref,
    uid,
    occurrenceId: recurrenceId ? instantOf(recurrenceId) : null,
    title: textOf(item, 'summary'),
    location: textOf(item, 'location'),
    description: textOf(item, 'description'),
    allDay: start.isDate,
    start: instantOf(start),
    end: instantOf(end),
    timeZone: zoneNameOf(start),
    localStart: wallClockOf(start),
    localEnd: wallClockOf(end),
    repeat: series ? repeatRuleOf(series) : null,
    reminderMinutes: reminderMinutesOf(item),
    isException: item.hasProperty('recurrence-id'),
  };
}

/**
 * The occurrences of one calendar object that overlap [from, to): the series
 * expanded by ical.js (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides), only
 * as far as the range needs.
 */
export function occurrencesInRange(ics: string, ref: ObjectRef, from: Date, to: Date): EventOccurrence[] {
  const { master, exceptions } = readCalendarObject(ics);
  const result: EventOccurrence[] = [];
  if (!master) {
    // Changed occurrences of a series we were not invited to as a whole: each stands alone.
    for (const item of exceptions) {
      const start = timeOf(item, 'dtstart');
      if (!start) continue;
      const end = endOf(start, item);
      if (overlaps(start, end, from, to)) result.push(occurrence(ref, textOf(item, 'uid'), null, item, start, end, timeOf(item, 'recurrence-id')));
    }
    return result;
  }
  const uid = textOf(master, 'uid');
  const event = new ICAL.Event(master, { exceptions, strictExceptions: true });
  const start = timeOf(master, 'dtstart');
  if (!start) return result;
  if (!event.isRecurring()) {
    const end = endOf(start, master);
    if (overlaps(start, end, from, to)) result.push(occurrence(ref, uid, null, master, start, end, null));
    return result;
  }
  // A changed occurrence may have moved into the range from after it: walk at least to its original time.
  const lastOverride = exceptions.reduce((latest, item) => Math.max(latest, timeOf(item, 'recurrence-id')?.toJSDate().getTime() ?? 0), 0);
  const walkUntil = Math.max(to.getTime(), lastOverride + 1);
  const iterator = event.iterator();
  for (let step = 0; step < MAX_STEPS_PER_SERIES; step++) {
    const next = iterator.next();
    if (!next || next.toJSDate().getTime() >= walkUntil) break;
    const details = event.getOccurrenceDetails(next);
    if (overlaps(details.startDate, details.endDate, from, to)) {
      result.push(occurrence(ref, uid, master, details.item.component, details.startDate, details.endDate, details.recurrenceId));
    }
  }
  return result;
}
