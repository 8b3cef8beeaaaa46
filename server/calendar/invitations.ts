import ICAL from 'ical.js';
import { CALENDAR_DATA_TEXTS, type CopyState, type Invitation, type PartStat } from '../../shared/api/calendar';
import { timeProperty } from './event-writer';
import { CalendarDataError, instantOf, parseCalendar, readCalendarObject, textOf, timeOf, zoneNameOf } from './ical-data';

/**
 * iTIP (RFC 5546) for one invited user: read a REQUEST/CANCEL, record the
 * answer in the calendar copy, and write the REPLY that goes to the organiser.
 */

function mailto(value: unknown): string {
  return typeof value === 'string' ? value.replace(/^mailto:/i, '').trim().toLowerCase() : '';
}

function eventOf(calendar: ICAL.Component): ICAL.Component {
  const events = calendar.getAllSubcomponents('vevent');
  const event = events.find((candidate) => !candidate.hasProperty('recurrence-id')) ?? events[0];
  if (!event) throw new CalendarDataError(CALENDAR_DATA_TEXTS.invitationWithoutEvent);
  return event;
}

function attendeeOf(event: ICAL.Component, email: string): ICAL.Property | undefined {
  return event.getAllProperties('attendee').find((attendee) => mailto(attendee.getFirstValue()) === email.toLowerCase());
}

function partStatOf(attendee: ICAL.Property | undefined): PartStat {
  const status = attendee?.getParameter('partstat');
  return (typeof status === 'string' && ['ACCEPTED', 'TENTATIVE', 'DECLINED'].includes(status.toUpperCase()) ? status.toUpperCase() : 'NEEDS-ACTION') as PartStat;
}

function organizerOf(event: ICAL.Component): string {
  return mailto(event.getFirstPropertyValue('organizer'));
}

export function readInvitation(ics: string, email: string): Omit<Invitation, 'copy' | 'senderWarning'> {
  const calendar = parseCalendar(ics);
  const event = eventOf(calendar);
  const start = timeOf(event, 'dtstart');
  if (!start) throw new CalendarDataError(CALENDAR_DATA_TEXTS.invitationWithoutStart);
  const end = timeOf(event, 'dtend') ?? start;
  const organizer = event.getFirstProperty('organizer');
  const sequence: unknown = event.getFirstPropertyValue('sequence');
  const method = textOf(calendar, 'method').toUpperCase() || 'PUBLISH';
  // A REPLY carries one attendee: the guest who answers.
  const guest = method === 'REPLY' ? event.getFirstProperty('attendee') : null;
  return {
    method,
    uid: textOf(event, 'uid'),
    sequence: typeof sequence === 'number' ? sequence : 0,
    title: textOf(event, 'summary'),
    location: textOf(event, 'location'),
    description: textOf(event, 'description'),
    allDay: start.isDate,
    start: instantOf(start),
    end: instantOf(end),
    timeZone: zoneNameOf(start),
    repeating: event.hasProperty('rrule'),
    occurrence: event.hasProperty('recurrence-id'),
    organizer: organizer ? { name: String(organizer.getParameter('cn') ?? ''), email: mailto(organizer.getFirstValue()) } : null,
    myResponse: partStatOf(attendeeOf(event, email)),
    guestAnswer: guest ? { name: String(guest.getParameter('cn') ?? ''), email: mailto(guest.getFirstValue()), partstat: partStatOf(guest) } : null,
  };
}

/** The first of the user's addresses that the event names (as guest or organiser); else the first. */
export function addressIn(ics: string, addresses: string[]): string {
  const named = new Set<string>();
  for (const event of parseCalendar(ics).getAllSubcomponents('vevent')) {
    named.add(organizerOf(event));
    for (const attendee of event.getAllProperties('attendee')) named.add(mailto(attendee.getFirstValue()));
  }
  return addresses.find((address) => named.has(address.toLowerCase())) ?? addresses[0]!;
}

/** The user's own answer in a calendar copy (the master, or the first changed occurrence). */
export function myAnswerIn(copyIcs: string, email: string): PartStat {
  const copy = readCalendarObject(copyIcs);
  return partStatOf(attendeeOf(copy.master ?? copy.exceptions[0]!, email));
}

function setPartStat(event: ICAL.Component, email: string, partstat: PartStat): void {
  const attendee = attendeeOf(event, email) ?? event.addPropertyWithValue('attendee', `mailto:${email}`);
  attendee.setParameter('partstat', partstat);
  attendee.removeParameter('rsvp');
}

/** The event as it goes into the user's calendar: without METHOD (RFC 4791 4.1), with the invitee's answer if there is one. */
export function calendarCopy(ics: string, email: string, partstat: PartStat | null): string {
  const calendar = parseCalendar(ics);
  calendar.removeAllProperties('method');
  if (partstat) for (const event of calendar.getAllSubcomponents('vevent')) setPartStat(event, email, partstat);
  ICAL.helpers.updateTimezones(calendar);
  return calendar.toString() + '\r\n';
}

/**
 * METHOD:REPLY (RFC 5546 3.2.3): the organiser's UID, SEQUENCE and times,
 * and only the replying attendee, with their PARTSTAT.
 */
export function replyFor(ics: string, email: string, partstat: PartStat, now: Date): string {
  const original = parseCalendar(ics);
  const source = eventOf(original);
  const reply = new ICAL.Component('vcalendar');
  reply.addPropertyWithValue('version', '2.0');
  reply.addPropertyWithValue('prodid', '-//Tern//Calendar//EN');
  reply.addPropertyWithValue('method', 'REPLY');
  // The organiser's own zone definitions (updateTimezones below drops the unused ones).
  for (const zone of original.getAllSubcomponents('vtimezone')) reply.addSubcomponent(ICAL.Component.fromString(zone.toString()));
  const event = new ICAL.Component('vevent');
  for (const name of ['uid', 'sequence', 'dtstart', 'dtend', 'duration', 'recurrence-id', 'summary', 'organizer']) {
    for (const property of source.getAllProperties(name)) event.addProperty(ICAL.Property.fromString(property.toICALString()));
  }
  event.updatePropertyWithValue('dtstamp', ICAL.Time.fromJSDate(now, true));
  const attendee = attendeeOf(source, email);
  const mine = attendee ? ICAL.Property.fromString(attendee.toICALString()) : new ICAL.Property('attendee');
  if (!attendee) mine.setValue(`mailto:${email}`);
  mine.setParameter('partstat', partstat);
  mine.removeParameter('rsvp');
  event.addProperty(mine);
  reply.addSubcomponent(event);
  ICAL.helpers.updateTimezones(reply);
  return reply.toString() + '\r\n';
}

/** The guests of an event the user organises (none when someone else organises it, or nobody is invited). */
export function guestsOf(ics: string, email: string): string[] {
  const object = readCalendarObject(ics);
  const event = object.master ?? object.exceptions[0]!;
  if (organizerOf(event) !== email.toLowerCase()) return [];
  const guests = new Set<string>();
  for (const item of [object.master, ...object.exceptions]) {
    for (const attendee of item?.getAllProperties('attendee') ?? []) guests.add(mailto(attendee.getFirstValue()));
  }
  guests.delete(email.toLowerCase());
  guests.delete('');
  return [...guests];
}

/** METHOD:CANCEL (RFC 5546 3.2.5) of a whole event the user organises and deletes. */
export function cancelFor(ics: string, now: Date): string {
  const calendar = parseCalendar(ics);
  calendar.updatePropertyWithValue('method', 'CANCEL');
  for (const event of calendar.getAllSubcomponents('vevent')) {
    event.updatePropertyWithValue('status', 'CANCELLED');
    event.updatePropertyWithValue('sequence', sequenceOf(event) + 1);
    event.updatePropertyWithValue('dtstamp', ICAL.Time.fromJSDate(now, true));
  }
  return calendar.toString() + '\r\n';
}

/** The organiser's side: the stored event as the METHOD:REQUEST its guests receive. */
export function requestFor(ics: string): string {
  const calendar = parseCalendar(ics);
  calendar.updatePropertyWithValue('method', 'REQUEST');
  return calendar.toString() + '\r\n';
}

// --- carrying an update, a cancellation or a guest's answer into the calendar copy ---

function sequenceOf(event: ICAL.Component): number {
  const sequence: unknown = event.getFirstPropertyValue('sequence');
  return typeof sequence === 'number' ? sequence : 0;
}

/** RFC 5546 2.1.5: a higher SEQUENCE is newer; with the same one, the later DTSTAMP. */
function compareVersions(a: ICAL.Component, b: ICAL.Component): number {
  const bySequence = sequenceOf(a) - sequenceOf(b);
  if (bySequence !== 0) return Math.sign(bySequence);
  const stampA = timeOf(a, 'dtstamp');
  const stampB = timeOf(b, 'dtstamp');
  return stampA && stampB ? Math.sign(stampA.compare(stampB)) : 0;
}

function recurrenceKey(event: ICAL.Component): string | null {
  const id = timeOf(event, 'recurrence-id');
  return id ? instantOf(id) : null;
}

interface CopyParts {
  calendar: ICAL.Component;
  master: ICAL.Component | null;
  /** The copy's component for this message component: the same occurrence, else the master. */
  counterpart(event: ICAL.Component): { component: ICAL.Component; exact: boolean } | null;
}

function copyParts(copyIcs: string): CopyParts {
  const copy = readCalendarObject(copyIcs);
  return {
    calendar: copy.calendar,
    master: copy.master,
    counterpart(event) {
      const key = recurrenceKey(event);
      const exact = copy.exceptions.find((item) => key !== null && recurrenceKey(item) === key) ?? (key === null ? copy.master : null);
      if (exact) return { component: exact, exact: true };
      return copy.master ? { component: copy.master, exact: false } : null;
    },
  };
}

function isExcluded(master: ICAL.Component | null, event: ICAL.Component): boolean {
  const key = recurrenceKey(event);
  // Every value counts: one EXDATE may list several dates.
  return master !== null && key !== null && master.getAllProperties('exdate').some((exdate) =>
    exdate.getValues().some((value: unknown) => value instanceof ICAL.Time && instantOf(value) === key),
  );
}

/**
 * What this message would do to the copy. Only the copy's organiser may change
 * it (anyone can send a CANCEL with a known UID; an event published without an
 * organiser is changed only by messages without one); a guest's REPLY only
 * counts in an event the user organises and that invited that guest.
 */
export function copyStateOf(messageIcs: string, copyIcs: string, email: string): CopyState {
  const message = parseCalendar(messageIcs);
  const method = textOf(message, 'method').toUpperCase();
  const events = message.getAllSubcomponents('vevent');
  const copy = copyParts(copyIcs);
  const copyOrganizer = organizerOf(copy.master ?? eventOf(copy.calendar));
  if (events.length === 0) throw new CalendarDataError(CALENDAR_DATA_TEXTS.invitationWithoutEvent);
  if (method === 'REPLY' ? copyOrganizer !== email.toLowerCase() : copyOrganizer !== organizerOf(events[0]!)) return 'foreign';

  let pending = false;
  for (const event of events) {
    const match = copy.counterpart(event);
    if (!match) return 'foreign';
    const order = compareVersions(event, match.component);
    if (method === 'REPLY') {
      const guest = event.getFirstProperty('attendee');
      const invited = guest ? attendeeOf(match.component, mailto(guest.getFirstValue())) : undefined;
      if (!invited) return 'foreign';
      if (sequenceOf(event) < sequenceOf(match.component)) return 'outdated';
      pending ||= partStatOf(invited) !== partStatOf(guest ?? undefined);
    } else if (method === 'CANCEL') {
      if (order < 0) return 'outdated';
      pending ||= match.exact || !isExcluded(copy.master, event);
    } else {
      if (order < 0) return 'outdated';
      pending ||= order > 0 || !match.exact;
    }
  }
  return pending ? 'pending' : 'current';
}

/**
 * The addresses a message speaks for, each of which must have sent it for the
 * change to apply without the user's say-so: every ORGANIZER of an update or
 * cancellation, every ATTENDEE of a guest's REPLY (each changes that guest's answer).
 */
export function changeAuthors(messageIcs: string): string[] {
  const message = parseCalendar(messageIcs);
  const property = textOf(message, 'method').toUpperCase() === 'REPLY' ? 'attendee' : 'organizer';
  const authors = message.getAllSubcomponents('vevent').flatMap((event) => event.getAllProperties(property).map((item) => mailto(item.getFirstValue())));
  return [...new Set(authors)];
}

/**
 * A component as a canonical string: properties, parameters and subcomponents in
 * sorted order, so that the same events compare equal however a server re-wrote them.
 */
function canonical(component: ICAL.Component): string {
  const properties = component.getAllProperties().map((property) => {
    const [name, parameters, type, ...values] = property.toJSON() as [string, Record<string, unknown>, string, ...unknown[]];
    return JSON.stringify([name, Object.entries(parameters).sort(), type, values]);
  });
  const children = component.getAllSubcomponents().map(canonical);
  return JSON.stringify([component.name, properties.sort(), children.sort()]);
}

function sameEvents(a: string, b: string): boolean {
  const events = (ics: string) => parseCalendar(ics).getAllSubcomponents('vevent').map(canonical).sort().join('\n');
  return events(a) === events(b);
}

/**
 * The copy after this message (checked 'pending' by copyStateOf first); null when the whole event is cancelled.
 * `keepVersion`: a change the user applied although its sender is not the organiser keeps the copy's
 * SEQUENCE and DTSTAMP, so a forged high SEQUENCE cannot make the organiser's next real update look older.
 */
export function applyToCopy(messageIcs: string, copyIcs: string, email: string, options: { keepVersion?: boolean } = {}): string | null {
  const changed = changedCopy(messageIcs, copyIcs, email);
  return changed !== null && options.keepVersion ? withVersionsOf(copyIcs, changed) : changed;
}

/** Whether applying this message (as a change not from the organiser) would leave the copy's events as they are: applied already. */
export function alreadyInCopy(messageIcs: string, copyIcs: string, email: string): boolean {
  const changed = applyToCopy(messageIcs, copyIcs, email, { keepVersion: true });
  return changed !== null && sameEvents(changed, copyIcs);
}

function withVersionsOf(copyIcs: string, changedIcs: string): string {
  const before = readCalendarObject(copyIcs);
  const after = parseCalendar(changedIcs);
  for (const event of after.getAllSubcomponents('vevent')) {
    const key = recurrenceKey(event);
    const old = before.exceptions.find((item) => key !== null && recurrenceKey(item) === key) ?? before.master;
    if (!old) continue;
    event.updatePropertyWithValue('sequence', sequenceOf(old));
    const stamp = timeOf(old, 'dtstamp');
    if (stamp) event.updatePropertyWithValue('dtstamp', stamp);
    else event.removeAllProperties('dtstamp');
  }
  return after.toString() + '\r\n';
}

function changedCopy(messageIcs: string, copyIcs: string, email: string): string | null {
  const message = parseCalendar(messageIcs);
  const method = textOf(message, 'method').toUpperCase();
  const events = message.getAllSubcomponents('vevent');
  const copy = copyParts(copyIcs);
  if ((method === 'REQUEST' || method === 'PUBLISH') && events.some((event) => recurrenceKey(event) === null)) {
    // The organiser sent the whole event again: it replaces the copy, with the user's answer and reminders kept.
    const answer = copy.master ? partStatOf(attendeeOf(copy.master, email)) : 'NEEDS-ACTION';
    const replaced = parseCalendar(calendarCopy(messageIcs, email, answer === 'NEEDS-ACTION' ? null : answer));
    const master = replaced.getAllSubcomponents('vevent').find((event) => recurrenceKey(event) === null)!;
    if (master.getAllSubcomponents('valarm').length === 0) {
      for (const alarm of copy.master?.getAllSubcomponents('valarm') ?? []) master.addSubcomponent(ICAL.Component.fromString(alarm.toString()));
    }
    return replaced.toString() + '\r\n';
  }
  for (const event of events) {
    const match = copy.counterpart(event);
    if (!match) continue;
    if (method === 'REPLY') {
      const guest = event.getFirstProperty('attendee');
      if (guest) setPartStat(match.component, mailto(guest.getFirstValue()), partStatOf(guest));
      continue;
    }
    if (method === 'CANCEL' && recurrenceKey(event) === null) return null;
    // One occurrence cancelled or changed: its old override (if any) goes.
    if (match.exact) copy.calendar.removeSubcomponent(match.component);
    if (method === 'CANCEL') {
      if (copy.master) copy.master.addProperty(timeProperty('exdate', copy.master, timeOf(event, 'recurrence-id')!));
      continue;
    }
    const answer = partStatOf(attendeeOf(match.component, email));
    const changed = ICAL.Component.fromString(event.toString());
    if (answer !== 'NEEDS-ACTION') setPartStat(changed, email, answer);
    copy.calendar.addSubcomponent(changed);
  }
  if (copy.calendar.getAllSubcomponents('vevent').length === 0) return null;
  for (const zone of message.getAllSubcomponents('vtimezone')) {
    const tzid = textOf(zone, 'tzid');
    if (!copy.calendar.getAllSubcomponents('vtimezone').some((mine) => textOf(mine, 'tzid') === tzid)) copy.calendar.addSubcomponent(ICAL.Component.fromString(zone.toString()));
  }
  ICAL.helpers.updateTimezones(copy.calendar);
  return copy.calendar.toString() + '\r\n';
}
