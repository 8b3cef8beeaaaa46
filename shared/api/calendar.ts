import { z } from './zod';
import { senderTextSchema } from '../bidi';

/**
 * The calendar API (SPEC §10). Calendars and events live on the CalDAV server;
 * the BFF speaks CalDAV as the user and hands the SPA occurrences of the range
 * it shows, already expanded.
 */

/** A calendar's id is its last URL segment below the user's calendar home: the BFF never takes a URL from the client. */
export const calendarIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._@+-]{1,200}$/, 'That is not a calendar.')
  .refine((id) => id !== '.' && id !== '..', 'That is not a calendar.');
/** An event's id is its object's file name in the calendar collection (other programs choose their own names). */
export const objectNameSchema = z
  .string()
  .min(1, 'That is not an event.')
  .max(250, 'That is not an event.')
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a name must not hold
  .refine((name) => !/[/\\\u0000-\u001f]/.test(name) && name !== '.' && name !== '..', 'That is not an event.');

const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Pick a colour like #3366cc.');

export const calendarSchema = z.object({
  id: calendarIdSchema,
  name: z.string(),
  color: colorSchema,
});
export type Calendar = z.infer<typeof calendarSchema>;

export const calendarListSchema = z.object({ calendars: z.array(calendarSchema) });
export type CalendarList = z.infer<typeof calendarListSchema>;

export const calendarInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the calendar a name.').max(200, 'A calendar name has at most 200 characters.'),
  color: colorSchema,
});
export type CalendarInput = z.infer<typeof calendarInputSchema>;

/** `YYYY-MM-DD`. */
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-11-26.');
/** A wall-clock time in the event's own zone, `YYYY-MM-DDTHH:mm`. */
export const wallClockSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Enter a time like 2026-11-26T09:30.');

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
export const timeZoneSchema = z.string().max(64).refine(isTimeZone, 'That time zone is unknown.');

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'yearly'] as const;

export const repeatRuleSchema = z
  .object({
    frequency: z.enum(FREQUENCIES),
    interval: z.number().int().min(1).max(999),
    /** Weekly only: the days it repeats on (empty: the start's weekday). */
    weekdays: z.array(z.enum(WEEKDAYS)).max(7),
    /** Monthly only: on the same date (the 14th) or the same weekday (the second Tuesday). */
    monthlyBy: z.enum(['date', 'weekday']),
    /** The last day it may happen on, inclusive. */
    until: isoDateSchema.nullable(),
    count: z.number().int().min(1).max(1000).nullable(),
  })
  .refine((rule) => !(rule.until && rule.count), { message: 'Repeat until a date or a number of times, not both.' });
export type RepeatRule = z.infer<typeof repeatRuleSchema>;

/** Longest reminder offered: four weeks before. */
export const MAX_REMINDER_MINUTES = 40_320;

/** What the event form edits. All-day events have dates (end exclusive); others wall-clock times in `timeZone`. */
export const eventInputSchema = z
  .object({
    title: z.string().trim().min(1, 'Give the event a title.').max(500, 'A title has at most 500 characters.'),
    location: z.string().max(1000),
    description: z.string().max(20_000),
    allDay: z.boolean(),
    start: z.union([isoDateSchema, wallClockSchema]),
    end: z.union([isoDateSchema, wallClockSchema]),
    timeZone: timeZoneSchema,
    repeat: repeatRuleSchema.nullable(),
    reminderMinutes: z.number().int().min(0).max(MAX_REMINDER_MINUTES).nullable(),
    /** New events only: people to invite; each gets a METHOD:REQUEST by mail from the user. */
    attendees: z.array(z.email('Enter each guest as an email address.').max(254)).max(50, 'Invite at most 50 people at once.').optional(),
  })
  .refine((event) => isoDateSchema.safeParse(event.start).success === event.allDay && isoDateSchema.safeParse(event.end).success === event.allDay, {
    message: 'All-day events have dates, others dates with times.',
    path: ['start'],
  })
  .refine((event) => (event.allDay ? event.end > event.start : event.end >= event.start), {
    message: 'The event must end after it starts.',
    path: ['end'],
  });
export type EventInput = z.infer<typeof eventInputSchema>;

/** One occurrence of an event inside the asked range. */
/** What an event shows, wherever it comes from (the calendar, an invitation). */
const eventShownSchema = z.object({
  uid: z.string(),
  title: senderTextSchema,
  location: senderTextSchema,
  description: senderTextSchema,
  allDay: z.boolean(),
  /** All-day: dates, end exclusive. Otherwise UTC instants (ISO 8601), shown in the browser's zone. */
  start: z.string(),
  end: z.string(),
  /** The zone the event was written in. */
  timeZone: z.string(),
});

export const eventOccurrenceSchema = eventShownSchema.extend({
  calendarId: calendarIdSchema,
  objectName: objectNameSchema,
  etag: z.string().nullable(),
  /**
   * Which occurrence of a repeating event this is (its original start, as a UTC
   * instant or, all-day, a date); null for a single event.
   */
  occurrenceId: z.string().nullable(),
  /** Wall-clock start/end in the event's own zone, for the form. */
  localStart: z.string(),
  localEnd: z.string(),
  repeat: repeatRuleSchema.nullable(),
  reminderMinutes: z.number().int().nullable(),
  /** An occurrence changed on its own (RECURRENCE-ID). */
  isException: z.boolean(),
});
export type EventOccurrence = z.infer<typeof eventOccurrenceSchema>;

export const eventListSchema = z.object({ events: z.array(eventOccurrenceSchema) });
export type EventList = z.infer<typeof eventListSchema>;

/** The visible range, as instants. At most a little over a year at once. */
export const MAX_RANGE_DAYS = 400;
export const eventRangeQuerySchema = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .refine((range) => Date.parse(range.to) > Date.parse(range.from), { message: 'The range must end after it starts.' })
  .refine((range) => Date.parse(range.to) - Date.parse(range.from) <= MAX_RANGE_DAYS * 86_400_000, {
    message: `Ask for at most ${MAX_RANGE_DAYS} days at once.`,
  });

/** Which occurrences of a repeating event an edit or delete applies to. */
export const EDIT_SCOPES = ['this', 'following', 'all'] as const;
export type EditScope = (typeof EDIT_SCOPES)[number];

export const createEventRequestSchema = z.object({ event: eventInputSchema });

export const updateEventRequestSchema = z.object({
  /** The ETag the client read: a change made elsewhere since is never overwritten. */
  etag: z.string().nullable(),
  occurrenceId: z.string().nullable(),
  scope: z.enum(EDIT_SCOPES),
  event: eventInputSchema,
  /** Another of the user's calendars to move the event into (the whole event: scope "all"). */
  calendarId: calendarIdSchema.optional(),
});
export type UpdateEventRequest = z.infer<typeof updateEventRequestSchema>;

export const deleteEventQuerySchema = z.object({
  etag: z.string().optional(),
  occurrenceId: z.string().optional(),
  scope: z.enum(EDIT_SCOPES).default('all'),
});
export type DeleteEventQuery = z.infer<typeof deleteEventQuerySchema>;

export const savedEventSchema = z.object({ objectName: objectNameSchema, etag: z.string().nullable() });
export type SavedEvent = z.infer<typeof savedEventSchema>;

/** A CalDAV object holds a whole series (one UID), so a series changes calendar as a whole. */
export const MOVE_WHOLE_SERIES_TEXT = 'A repeating event moves to another calendar as a whole: choose “All events”.';

/** Shown when an event changed elsewhere (ETag mismatch): nothing was overwritten. */
export const EVENT_CONFLICT_TEXT = 'This event was changed elsewhere in the meantime. Nothing was overwritten; the calendar shows the current version.';

/** The wall clock (`YYYY-MM-DDTHH:mm`) an instant shows in a zone: how a dragged event's new time is written in its own zone. */
export function wallClockIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** An .ics file to import: its text, whole. Checked against the JSON body limit of the BFF. */
export const importRequestSchema = z.object({
  ics: z.string().min(1, 'The file is empty.').max(900_000, 'The file is too large to import at once (at most about 900 KB).'),
  /** Only say what would happen. */
  preview: z.boolean(),
});

export const importItemSchema = z.object({
  uid: z.string(),
  title: z.string(),
  /** The first start as written (a date, or a UTC instant). */
  start: z.string(),
  allDay: z.boolean(),
  repeating: z.boolean(),
  /** An event with this UID is in the calendar already: it is updated, not doubled. */
  exists: z.boolean(),
});
export type ImportItem = z.infer<typeof importItemSchema>;

export const importResultSchema = z.object({
  items: z.array(importItemSchema),
  created: z.number().int(),
  updated: z.number().int(),
  /** Events the file holds that could not be taken, each with the reason. */
  refused: z.array(z.object({ title: z.string(), reason: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** Invitations (SPEC §5, iTIP RFC 5546): a text/calendar part of a message. */
export const invitationQuerySchema = z.object({
  folder: z.string().min(1).max(1000),
  uid: z.coerce.number().int().positive(),
  part: z.string().regex(/^\d+(\.\d+)*$/, 'That is not a message part.'),
});

export const PARTSTATS = ['NEEDS-ACTION', 'ACCEPTED', 'TENTATIVE', 'DECLINED'] as const;
export type PartStat = (typeof PARTSTATS)[number];

/**
 * How a calendar message relates to the copy of its event in the user's calendars:
 * none (no copy), current (the copy is this version), pending (this message changes
 * the copy: an update, a cancellation, a guest's answer; Tern applies it when shown),
 * outdated (the copy is newer), foreign (a copy with this UID from another organiser:
 * this message may not change it).
 */
export const COPY_STATES = ['none', 'current', 'pending', 'outdated', 'foreign'] as const;
export type CopyState = (typeof COPY_STATES)[number];

export const invitationSchema = eventShownSchema.extend({
  method: z.string(),
  sequence: z.number().int(),
  repeating: z.boolean(),
  /** A cancellation or update of one occurrence of a series (RECURRENCE-ID), not of the whole event. */
  occurrence: z.boolean(),
  organizer: z.object({ name: senderTextSchema, email: z.string() }).nullable(),
  /** The signed-in user's answer as the invitation (or the calendar copy) records it. */
  myResponse: z.enum(PARTSTATS),
  /** METHOD:REPLY: the guest who answered, and how. */
  guestAnswer: z.object({ name: senderTextSchema, email: z.string(), partstat: z.enum(PARTSTATS) }).nullable(),
  copy: z.enum(COPY_STATES),
  /**
   * Set when the message would change the calendar but its sender is not shown to be the
   * organiser (a guest's answer: that guest): the change then waits for a deliberate click.
   */
  senderWarning: z.string().nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;

/** Answers to a REQUEST; 'add' puts a published event (METHOD:PUBLISH) into the calendar; 'apply' carries an update, cancellation or guest's answer into the copy. */
export const INVITATION_ACTIONS = ['accept', 'tentative', 'decline', 'add', 'apply'] as const;
export const invitationActionSchema = invitationQuerySchema.extend({
  action: z.enum(INVITATION_ACTIONS),
  /** 'apply' of a change whose sender is not vouched for: the user clicked to apply it anyway. */
  confirmed: z.boolean().optional(),
});
export type InvitationAction = (typeof INVITATION_ACTIONS)[number];

/** An answer from a message older than the copy in the calendar would undo the organiser's update. */
export const OUTDATED_INVITATION_TEXT = 'This invitation has changed since: your calendar has a newer version. Answer from the newest message.';
export const UNVERIFIED_CHANGE_TEXT = "This change does not come from the organiser's address.";
export const UNVERIFIED_ANSWER_TEXT = "This answer does not come from the guest's address.";
export const FOREIGN_INVITATION_TEXT = 'An event with the same identity from another organiser is in your calendar; this message does not change it.';

/** Why calendar data cannot be used (server/calendar, a 400): sentences without a value, so the client shows them in the user's language. */
export const CALENDAR_DATA_TEXTS = {
  notCalendarData: 'This is not iCalendar data (no VCALENDAR).',
  objectWithoutEvent: 'The calendar object holds no event.',
  fileWithoutCalendar: 'This file holds no events (no VCALENDAR or VEVENT in it).',
  fileWithoutEvents: 'This file holds no events.',
  invitationWithoutEvent: 'The invitation holds no event.',
  invitationWithoutStart: 'The invitation has no start.',
  eventWithoutStart: 'The event has no start.',
  notAnOccurrence: 'That is not an occurrence of this event.',
  onlyOccurrences: 'Only single occurrences of this event are in your calendar; change them one at a time.',
  /** Why one event of an imported file is left out. */
  eventWithoutValidStart: 'It has no valid start (DTSTART).',
} as const;
