import { wallClockIn, type EventInput, type EventOccurrence, type RepeatRule } from '../../../../shared/api/calendar';

/** What the event form holds: dates and times as the inputs show them; an all-day end date is the last day, inclusive. */
export interface EventDraft {
  calendarId: string;
  title: string;
  location: string;
  description: string;
  allDay: boolean;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  timeZone: string;
  repeat: RepeatRule | null;
  reminderMinutes: number | null;
  /** New events: guests to invite, as typed (commas or spaces between addresses). */
  guests: string;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** `YYYY-MM-DD` plus `days`, on the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The browser's local calendar date of an instant. */
export function localDate(instant: Date): string {
  return wallClockIn(instant, browserTimeZone()).slice(0, 10);
}

export function defaultRepeat(frequency: RepeatRule['frequency']): RepeatRule {
  return { frequency, interval: 1, weekdays: [], monthlyBy: 'date', until: null, count: null };
}

const HOUR_MS = 3_600_000;

/** A new event at `start`: an hour long in the user's zone, or one whole day. */
export function newDraft(start: Date, allDay: boolean, calendarId: string): EventDraft {
  const zone = browserTimeZone();
  const from = wallClockIn(start, zone);
  const to = wallClockIn(new Date(start.getTime() + HOUR_MS), zone);
  return {
    calendarId,
    title: '',
    location: '',
    description: '',
    allDay,
    startDate: allDay ? localDate(start) : from.slice(0, 10),
    startTime: allDay ? '09:00' : from.slice(11),
    endDate: allDay ? localDate(start) : to.slice(0, 10),
    endTime: allDay ? '10:00' : to.slice(11),
    timeZone: zone,
    repeat: null,
    reminderMinutes: null,
    guests: '',
  };
}

/** The form for an existing occurrence, in the event's own zone. */
export function draftFromOccurrence(occurrence: EventOccurrence): EventDraft {
  return {
    calendarId: occurrence.calendarId,
    title: occurrence.title,
    location: occurrence.location,
    description: occurrence.description,
    allDay: occurrence.allDay,
    startDate: occurrence.localStart.slice(0, 10),
    startTime: occurrence.allDay ? '09:00' : occurrence.localStart.slice(11, 16),
    endDate: occurrence.allDay ? addDays(occurrence.localEnd.slice(0, 10), -1) : occurrence.localEnd.slice(0, 10),
    endTime: occurrence.allDay ? '10:00' : occurrence.localEnd.slice(11, 16),
    timeZone: occurrence.timeZone,
    repeat: occurrence.repeat,
    reminderMinutes: occurrence.reminderMinutes,
    guests: '',
  };
}

export function inputFromDraft(draft: EventDraft): EventInput {
  const guests = draft.guests.split(/[\s,;]+/).filter(Boolean);
  return {
    ...(guests.length > 0 && { attendees: guests }),
    title: draft.title,
    location: draft.location,
    description: draft.description,
    allDay: draft.allDay,
    start: draft.allDay ? draft.startDate : `${draft.startDate}T${draft.startTime}`,
    end: draft.allDay ? addDays(draft.endDate, 1) : `${draft.endDate}T${draft.endTime}`,
    timeZone: draft.timeZone,
    repeat: draft.repeat,
    reminderMinutes: draft.reminderMinutes,
  };
}

/** An occurrence moved or resized on the schedule to [start, end): the same event with new times in its own zone. */
export function movedInput(occurrence: EventOccurrence, start: Date, end: Date | null, allDay: boolean): EventInput {
  const draft = draftFromOccurrence(occurrence);
  const zone = occurrence.allDay && !allDay ? browserTimeZone() : occurrence.timeZone;
  const lengthMs = occurrence.allDay === allDay ? Date.parse(occurrence.end) - Date.parse(occurrence.start) : allDay ? 86_400_000 : HOUR_MS;
  const until = end ?? new Date(start.getTime() + lengthMs);
  if (allDay) {
    return inputFromDraft({ ...draft, allDay, startDate: localDate(start), endDate: addDays(localDate(until), -1) });
  }
  const from = wallClockIn(start, zone);
  const to = wallClockIn(until, zone);
  return inputFromDraft({ ...draft, allDay, timeZone: zone, startDate: from.slice(0, 10), startTime: from.slice(11), endDate: to.slice(0, 10), endTime: to.slice(11) });
}
