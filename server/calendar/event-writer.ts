import ICAL from 'ical.js';
import { CALENDAR_DATA_TEXTS, type EditScope, type EventInput, type RepeatRule } from '../../shared/api/calendar';
import { CalendarDataError, readCalendarObject, reminderMinutesOf, repeatRuleOf, timeOf, wallClockOf, type CalendarObject } from './ical-data';
import { isUtcZone, zoneFor } from './time-zones';

/**
 * Writes the event form into iCalendar. Every edit starts from the object as
 * the server holds it and changes only the properties the form shows, so what
 * other programs put there (X- properties, ATTENDEEs, categories…) survives.
 */

const PRODID = '-//Tern//Calendar//EN';

export interface WriteContext {
  now: Date;
  /** A fresh UID, for a new event or the second half of a split series. */
  newUid: () => string;
  /** The signed-in user's address: the organiser of the events they invite to. */
  user: string;
}

function utcNow(context: WriteContext): ICAL.Time {
  return ICAL.Time.fromJSDate(context.now, true);
}

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm` in `tzid` as an ical.js time. */
export function timeFromInput(value: string, tzid: string): ICAL.Time {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (value.length === 10) return ICAL.Time.fromData({ year, month, day, isDate: true });
  const [hour, minute] = value.slice(11, 16).split(':').map(Number) as [number, number];
  return ICAL.Time.fromData({ year, month, day, hour, minute, second: 0 }, zoneFor(tzid));
}

/** A date or date-time property, with its TZID unless it is UTC or floating. */
export function timeProperty(name: string, event: ICAL.Component, time: ICAL.Time): ICAL.Property {
  const property = new ICAL.Property(name, event);
  property.setValue(time);
  const tzid = time.zone?.tzid;
  if (!time.isDate && tzid && !isUtcZone(tzid) && tzid !== 'floating') property.setParameter('tzid', tzid);
  return property;
}

function setTime(event: ICAL.Component, name: string, time: ICAL.Time): void {
  event.removeAllProperties(name);
  event.addProperty(timeProperty(name, event, time));
}

function setText(event: ICAL.Component, name: string, value: string): void {
  if (value) event.updatePropertyWithValue(name, value);
  else event.removeAllProperties(name);
}

/** The wall clock of a time as if it were UTC: differences of these ignore DST jumps. */
function wallClockMs(time: ICAL.Time): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
}

function shiftWallClock(time: ICAL.Time, deltaMs: number): ICAL.Time {
  if (deltaMs === 0) return time.clone();
  const shifted = new Date(wallClockMs(time) + deltaMs);
  return ICAL.Time.fromData(
    {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
      isDate: time.isDate,
    },
    time.isDate ? undefined : time.zone,
  );
}

/** A date, date-time or period value moved on the wall clock. */
function shiftValue(value: unknown, deltaMs: number): unknown {
  if (value instanceof ICAL.Time) return shiftWallClock(value, deltaMs);
  if (value instanceof ICAL.Period) {
    return ICAL.Period.fromData({ start: shiftWallClock(value.start, deltaMs), end: value.end ? shiftWallClock(value.end, deltaMs) : undefined, duration: value.duration ?? undefined });
  }
  return value;
}

function startOfValue(value: unknown): ICAL.Time | null {
  if (value instanceof ICAL.Time) return value;
  return value instanceof ICAL.Period ? value.start : null;
}

/**
 * Rewrites `from`'s EXDATEs and/or RDATEs into `to` (the same event, or a new one),
 * every value of every property: one property may list several, and there may be
 * several properties. `keep` chooses values by their start; kept ones move by `deltaMs`.
 */
function carryRecurrenceDates(from: ICAL.Component, to: ICAL.Component, names: Array<'exdate' | 'rdate'>, keep: (start: ICAL.Time) => boolean, deltaMs: number): void {
  for (const name of names) {
    for (const property of from.getAllProperties(name)) {
      const values = property.getValues().filter((value: unknown) => {
        const start = startOfValue(value);
        return start === null || keep(start);
      });
      if (from === to) to.removeProperty(property);
      if (values.length === 0) continue;
      const copy = ICAL.Property.fromString(property.toICALString());
      copy.setValues(values.map((value: unknown) => shiftValue(value, deltaMs)));
      to.addProperty(copy);
    }
  }
}

const MONTHLY_NTH_MAX_WEEK = 4;

function recurFor(rule: RepeatRule, start: ICAL.Time): ICAL.Recur {
  const data: Record<string, unknown> = { freq: rule.frequency.toUpperCase(), interval: rule.interval };
  if (rule.frequency === 'weekly' && rule.weekdays.length > 0) data.byday = rule.weekdays;
  if (rule.frequency === 'monthly') {
    if (rule.monthlyBy === 'weekday') {
      const week = Math.ceil(start.day / 7);
      const weekday = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][start.dayOfWeek() - 1];
      // The fifth Tuesday does not exist in most months: say "the last" instead.
      data.byday = [`${week > MONTHLY_NTH_MAX_WEEK ? -1 : week}${weekday}`];
    } else {
      data.bymonthday = [start.day];
    }
  }
  if (rule.count) data.count = rule.count;
  if (rule.until) {
    const untilDay = timeFromInput(rule.until, 'UTC');
    if (start.isDate) {
      data.until = untilDay;
    } else {
      // RFC 5545 3.3.10: with a zoned DTSTART, UNTIL is a UTC date-time; the last moment of that day in the event's zone.
      const endOfDay = ICAL.Time.fromData({ year: untilDay.year, month: untilDay.month, day: untilDay.day, hour: 23, minute: 59, second: 59 }, start.zone);
      data.until = endOfDay.convertToZone(ICAL.Timezone.utcTimezone);
    }
  }
  return ICAL.Recur.fromData(data as Parameters<typeof ICAL.Recur.fromData>[0]);
}

function sameRule(a: RepeatRule | null, b: RepeatRule | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function setRule(event: ICAL.Component, rule: RepeatRule | null, start: ICAL.Time): void {
  // A rule the form would write the same way is left as it was: it may say more than the form shows.
  if (sameRule(repeatRuleOf(event), rule) && (rule !== null || !event.hasProperty('rrule'))) return;
  event.removeAllProperties('rrule');
  if (rule) event.addPropertyWithValue('rrule', recurFor(rule, start));
}

function setReminder(event: ICAL.Component, minutes: number | null, title: string): void {
  if (reminderMinutesOf(event) === minutes) return;
  for (const alarm of event.getAllSubcomponents('valarm')) event.removeSubcomponent(alarm);
  if (minutes === null) return;
  const alarm = new ICAL.Component('valarm');
  alarm.addPropertyWithValue('action', 'DISPLAY');
  alarm.addPropertyWithValue('description', title);
  alarm.addPropertyWithValue('trigger', ICAL.Duration.fromSeconds(-minutes * 60));
  event.addSubcomponent(alarm);
}

/**
 * Marks a change. SEQUENCE and DTSTAMP are the organiser's (RFC 5546 2.1.4):
 * in the copy of someone else's invitation they stay as the organiser wrote
 * them, or the organiser's next update would look older than the copy.
 */
function touch(event: ICAL.Component, context: WriteContext): void {
  event.updatePropertyWithValue('last-modified', utcNow(context));
  const organizer: unknown = event.getFirstPropertyValue('organizer');
  const address = typeof organizer === 'string' ? organizer.replace(/^mailto:/i, '').trim().toLowerCase() : '';
  if (address && address !== context.user.toLowerCase()) return;
  event.updatePropertyWithValue('dtstamp', utcNow(context));
  const sequence: unknown = event.getFirstPropertyValue('sequence');
  event.updatePropertyWithValue('sequence', (typeof sequence === 'number' ? sequence : 0) + 1);
}

/** The form's fields onto an event; `withRule` false for a changed occurrence, which has no rule of its own. */
function writeFields(event: ICAL.Component, input: EventInput, withRule: boolean): void {
  setText(event, 'summary', input.title);
  setText(event, 'location', input.location);
  setText(event, 'description', input.description);
  const start = timeFromInput(input.start, input.timeZone);
  setTime(event, 'dtstart', start);
  event.removeAllProperties('duration');
  setTime(event, 'dtend', timeFromInput(input.end, input.timeZone));
  if (withRule) setRule(event, input.repeat, start);
  setReminder(event, input.reminderMinutes, input.title);
}

function serialize(calendar: ICAL.Component): string {
  ICAL.helpers.updateTimezones(calendar);
  return calendar.toString() + '\r\n';
}

function newCalendar(): ICAL.Component {
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('prodid', PRODID);
  return calendar;
}

/** A new event; with attendees, the user organises it and each guest is asked to answer (RFC 5546). */
export function createEventObject(input: EventInput, context: WriteContext, uid = context.newUid()): string {
  const calendar = newCalendar();
  const event = new ICAL.Component('vevent');
  event.addPropertyWithValue('uid', uid);
  event.addPropertyWithValue('created', utcNow(context));
  writeFields(event, input, true);
  const guests = input.attendees ?? [];
  if (guests.length > 0) {
    event.addPropertyWithValue('organizer', `mailto:${context.user}`);
    for (const guest of guests) {
      const attendee = event.addPropertyWithValue('attendee', `mailto:${guest}`);
      attendee.setParameter('partstat', 'NEEDS-ACTION');
      attendee.setParameter('rsvp', 'TRUE');
    }
  }
  touch(event, context);
  event.updatePropertyWithValue('sequence', 0);
  calendar.addSubcomponent(event);
  return serialize(calendar);
}

function isSeries(master: ICAL.Component): boolean {
  return master.hasProperty('rrule') || master.hasProperty('rdate');
}

/** An occurrence id from the API (UTC instant, or a date) as a time in the series' own zone. */
function recurrenceIdFor(occurrenceId: string, master: ICAL.Component): ICAL.Time {
  const start = timeOf(master, 'dtstart');
  if (!start) throw new CalendarDataError(CALENDAR_DATA_TEXTS.eventWithoutStart);
  if (/^\d{4}-\d{2}-\d{2}$/.test(occurrenceId)) {
    if (!start.isDate) throw new CalendarDataError(CALENDAR_DATA_TEXTS.notAnOccurrence);
    return ICAL.Time.fromDateString(occurrenceId);
  }
  const instant = new Date(occurrenceId);
  if (start.isDate || Number.isNaN(instant.getTime())) throw new CalendarDataError(CALENDAR_DATA_TEXTS.notAnOccurrence);
  return ICAL.Time.fromJSDate(instant, true).convertToZone(start.zone ?? ICAL.Timezone.utcTimezone);
}

function sameInstant(a: ICAL.Time, b: ICAL.Time): boolean {
  return a.isDate || b.isDate ? a.toString().slice(0, 10) === b.toString().slice(0, 10) : a.toJSDate().getTime() === b.toJSDate().getTime();
}

function overrideFor(object: CalendarObject, recurrenceId: ICAL.Time): ICAL.Component | undefined {
  return object.exceptions.find((item) => {
    const id = timeOf(item, 'recurrence-id');
    return id !== null && sameInstant(id, recurrenceId);
  });
}

function requireMaster(object: CalendarObject): ICAL.Component {
  if (!object.master) throw new CalendarDataError(CALENDAR_DATA_TEXTS.onlyOccurrences);
  return object.master;
}

/** Ends a series just before `at`: the rule gets an UNTIL, overrides from then on go. */
function endSeriesBefore(object: CalendarObject, master: ICAL.Component, at: ICAL.Time): void {
  const recur: unknown = master.getFirstPropertyValue('rrule');
  if (recur instanceof ICAL.Recur) {
    const until = at.clone();
    if (at.isDate) until.day -= 1;
    else until.second -= 1;
    recur.count = null;
    recur.until = at.isDate ? until : until.convertToZone(ICAL.Timezone.utcTimezone);
    master.updatePropertyWithValue('rrule', recur);
  }
  // Extra dates from `at` on go (the new series takes them); exclusions stay, harmless.
  carryRecurrenceDates(master, master, ['rdate'], (start) => start.compare(at) < 0, 0);
  for (const item of object.exceptions) {
    const id = timeOf(item, 'recurrence-id');
    if (id && id.compare(at) >= 0) object.calendar.removeSubcomponent(item);
  }
}

/** How far (on the wall clock, in the occurrence's own zone) the form moved an occurrence. */
function movedBy(recurrenceId: ICAL.Time, input: EventInput): number {
  const newStart = timeFromInput(input.start, input.timeZone);
  const comparableStart = newStart.isDate || recurrenceId.isDate ? newStart : newStart.convertToZone(recurrenceId.zone);
  return wallClockMs(comparableStart) - wallClockMs(recurrenceId);
}

export interface UpdateResult {
  /** The object as it is to be written back. */
  ics: string;
  /** "This and following": the new series that takes over from the changed occurrence. */
  split: { uid: string; ics: string } | null;
}

export function updateEventObject(
  ics: string,
  change: { occurrenceId: string | null; scope: EditScope; event: EventInput },
  context: WriteContext,
): UpdateResult {
  const object = readCalendarObject(ics);
  const master = requireMaster(object);
  const input = change.event;
  if (!isSeries(master) || change.occurrenceId === null) {
    writeFields(master, input, true);
    touch(master, context);
    return { ics: serialize(object.calendar), split: null };
  }
  const recurrenceId = recurrenceIdFor(change.occurrenceId, master);
  const masterStart = timeOf(master, 'dtstart') as ICAL.Time;
  const scope = change.scope === 'following' && sameInstant(recurrenceId, masterStart) ? 'all' : change.scope;

  if (scope === 'this') {
    let override = overrideFor(object, recurrenceId);
    if (!override) {
      override = ICAL.Component.fromString(master.toString());
      for (const name of ['rrule', 'rdate', 'exdate']) override.removeAllProperties(name);
      setTime(override, 'recurrence-id', recurrenceId);
      object.calendar.addSubcomponent(override);
    }
    writeFields(override, input, false);
    touch(override, context);
    return { ics: serialize(object.calendar), split: null };
  }

  if (scope === 'following') {
    const successor = ICAL.Component.fromString(master.toString());
    endSeriesBefore(object, master, recurrenceId);
    touch(master, context);
    const uid = context.newUid();
    const calendar = newCalendar();
    for (const name of ['rrule', 'rdate', 'exdate', 'uid', 'created', 'sequence']) successor.removeAllProperties(name);
    successor.addPropertyWithValue('uid', uid);
    successor.addPropertyWithValue('created', utcNow(context));
    writeFields(successor, input, true);
    // Skipped occurrences stay skipped and extra dates stay, moved as far as this occurrence moved.
    if (successor.hasProperty('rrule')) {
      const original = readCalendarObject(ics).master!;
      carryRecurrenceDates(original, successor, ['exdate', 'rdate'], (start) => start.compare(recurrenceId) >= 0, movedBy(recurrenceId, input));
    }
    touch(successor, context);
    successor.updatePropertyWithValue('sequence', 0);
    calendar.addSubcomponent(successor);
    return { ics: serialize(object.calendar), split: { uid, ics: serialize(calendar) } };
  }

  // All: the series moves by as much as this occurrence moved, on the wall clock (so 9:00 stays 9:00 across DST).
  const newStart = timeFromInput(input.start, input.timeZone);
  const delta = movedBy(recurrenceId, input);
  const duration = wallClockMs(timeFromInput(input.end, input.timeZone)) - wallClockMs(newStart);
  const seriesStart = shiftWallClock(masterStart, delta);
  const movedStart = seriesStart.isDate ? seriesStart : seriesStart.convertToZone(zoneFor(input.timeZone));
  const seriesInput: EventInput = {
    ...input,
    start: wallClockOf(movedStart),
    end: wallClockOf(shiftWallClock(movedStart, duration)),
  };
  writeFields(master, seriesInput, true);
  touch(master, context);
  if (delta !== 0) {
    carryRecurrenceDates(master, master, ['exdate', 'rdate'], () => true, delta);
    for (const item of object.exceptions) {
      const id = timeOf(item, 'recurrence-id');
      if (id) setTime(item, 'recurrence-id', shiftWallClock(id, delta));
    }
  }
  return { ics: serialize(object.calendar), split: null };
}

/** Deletes occurrences; null means the whole object goes. */
export function deleteFromEventObject(ics: string, change: { occurrenceId: string | null; scope: EditScope }, context: WriteContext): string | null {
  const object = readCalendarObject(ics);
  if (change.scope === 'all' || change.occurrenceId === null) return null;
  const master = requireMaster(object);
  if (!isSeries(master)) return null;
  const recurrenceId = recurrenceIdFor(change.occurrenceId, master);
  const masterStart = timeOf(master, 'dtstart') as ICAL.Time;
  if (change.scope === 'following') {
    if (sameInstant(recurrenceId, masterStart)) return null;
    endSeriesBefore(object, master, recurrenceId);
  } else {
    const override = overrideFor(object, recurrenceId);
    if (override) object.calendar.removeSubcomponent(override);
    master.addProperty(timeProperty('exdate', master, recurrenceId));
  }
  touch(master, context);
  return serialize(object.calendar);
}
