import ICAL from 'ical.js';
import type { Invitation, PartStat } from '../../shared/api/calendar';
import { CalendarDataError, instantOf, parseCalendar, textOf, timeOf, zoneNameOf } from './ical-data';

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
  if (!event) throw new CalendarDataError('The invitation holds no event.');
  return event;
}

function attendeeOf(event: ICAL.Component, email: string): ICAL.Property | undefined {
  return event.getAllProperties('attendee').find((attendee) => mailto(attendee.getFirstValue()) === email.toLowerCase());
}

export function readInvitation(ics: string, email: string): Omit<Invitation, 'inCalendar'> {
  const calendar = parseCalendar(ics);
  const event = eventOf(calendar);
  const start = timeOf(event, 'dtstart');
  if (!start) throw new CalendarDataError('The invitation has no start.');
  const end = timeOf(event, 'dtend') ?? start;
  const organizer = event.getFirstProperty('organizer');
  const status = attendeeOf(event, email)?.getParameter('partstat');
  const sequence: unknown = event.getFirstPropertyValue('sequence');
  return {
    method: textOf(calendar, 'method').toUpperCase() || 'PUBLISH',
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
    organizer: organizer ? { name: String(organizer.getParameter('cn') ?? ''), email: mailto(organizer.getFirstValue()) } : null,
    myResponse: (typeof status === 'string' && ['ACCEPTED', 'TENTATIVE', 'DECLINED'].includes(status.toUpperCase()) ? status.toUpperCase() : 'NEEDS-ACTION') as PartStat,
  };
}

function setPartStat(event: ICAL.Component, email: string, partstat: PartStat): void {
  let attendee = attendeeOf(event, email);
  if (!attendee) {
    attendee = event.addPropertyWithValue('attendee', `mailto:${email}`);
  }
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

/** The organiser's side: the stored event as the METHOD:REQUEST its guests receive. */
export function requestFor(ics: string): string {
  const calendar = parseCalendar(ics);
  calendar.updatePropertyWithValue('method', 'REQUEST');
  return calendar.toString() + '\r\n';
}
