import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { CALENDAR_DATA_TEXTS, type ImportItem } from '../../shared/api/calendar';
import { CalendarDataError, instantOf, parseCalendar, repairDateValues, textOf, timeOf } from './ical-data';
import { registerZonesNamedIn } from './time-zones';
import { translatable } from '../../shared/translatable';

const PRODID = '-//Tern//Calendar//EN';

/** One event of an imported file (a master and its changed occurrences share a UID), as a calendar object of its own. */
export interface ImportedObject {
  item: Omit<ImportItem, 'exists'>;
  text: string;
}

export interface SplitFile {
  objects: ImportedObject[];
  refused: Array<{ title: string; reason: string }>;
}

/** The file's VCALENDARs; bare VEVENTs (some programs export those) are put in one. */
function roots(ics: string): ICAL.Component[] {
  registerZonesNamedIn(ics);
  let parsed: unknown;
  try {
    parsed = ICAL.parse(repairDateValues(ics));
  } catch (error) {
    throw new CalendarDataError(`This file is not iCalendar data Tern can read (${error instanceof Error ? error.message : translatable('unreadable')}).`);
  }
  const list = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed];
  const components = list.map((jcal) => new ICAL.Component(jcal as unknown[]));
  const bareEvents = components.filter((component) => component.name === 'vevent');
  if (bareEvents.length > 0) {
    const wrapper = new ICAL.Component('vcalendar');
    for (const event of bareEvents) wrapper.addSubcomponent(event);
    components.push(wrapper);
  }
  return components.filter((component) => component.name === 'vcalendar');
}

/** A UID for events that came without one, stable across imports of the same file so a second import updates. */
function derivedUid(event: ICAL.Component): string {
  return `import-${createHash('sha256').update(event.toString()).digest('hex').slice(0, 32)}`;
}

/**
 * Splits an .ics file into one calendar object per UID (RFC 4791 4.1), each
 * with the VTIMEZONEs it uses. Events Tern cannot use are listed with a reason;
 * a file with none at all is refused as a whole.
 */
export function splitIcsFile(ics: string): SplitFile {
  const calendars = roots(ics);
  if (calendars.length === 0) throw new CalendarDataError(CALENDAR_DATA_TEXTS.fileWithoutCalendar);
  const zones = new Map<string, ICAL.Component>();
  const groups = new Map<string, ICAL.Component[]>();
  const refused: SplitFile['refused'] = [];
  for (const calendar of calendars) {
    for (const zone of calendar.getAllSubcomponents('vtimezone')) {
      const tzid = textOf(zone, 'tzid');
      if (tzid && !zones.has(tzid)) zones.set(tzid, zone);
    }
    for (const event of calendar.getAllSubcomponents('vevent')) {
      // Without a summary the title is empty: the page says "(no title)" in the user's language.
      const title = textOf(event, 'summary');
      let start: ICAL.Time | null;
      try {
        start = timeOf(event, 'dtstart');
      } catch {
        start = null;
      }
      if (!start) {
        refused.push({ title, reason: CALENDAR_DATA_TEXTS.eventWithoutValidStart });
        continue;
      }
      const uid = textOf(event, 'uid') || derivedUid(event);
      if (!event.hasProperty('uid')) event.addPropertyWithValue('uid', uid);
      groups.set(uid, [...(groups.get(uid) ?? []), event]);
    }
  }
  if (groups.size === 0) {
    throw new CalendarDataError(refused.length > 0 ? `No event in this file can be imported: ${refused[0]!.reason}` : CALENDAR_DATA_TEXTS.fileWithoutEvents);
  }
  const objects = [...groups].map(([uid, events]): ImportedObject => {
    const calendar = new ICAL.Component('vcalendar');
    calendar.addPropertyWithValue('version', '2.0');
    calendar.addPropertyWithValue('prodid', PRODID);
    const used = new Set(events.flatMap((event) => event.getAllProperties().map((property) => property.getParameter('tzid')).filter((tzid): tzid is string => typeof tzid === 'string')));
    for (const tzid of used) {
      const zone = zones.get(tzid);
      if (zone) calendar.addSubcomponent(ICAL.Component.fromString(zone.toString()));
    }
    for (const event of events) calendar.addSubcomponent(ICAL.Component.fromString(event.toString()));
    // Zones the file named but did not define come from the IANA set.
    ICAL.helpers.updateTimezones(calendar);
    const master = events.find((event) => !event.hasProperty('recurrence-id')) ?? events[0]!;
    const start = timeOf(master, 'dtstart') as ICAL.Time;
    return {
      item: {
        uid,
        title: textOf(master, 'summary'),
        start: instantOf(start),
        allDay: start.isDate,
        repeating: master.hasProperty('rrule') || master.hasProperty('rdate'),
      },
      text: calendar.toString() + '\r\n',
    };
  });
  return { objects, refused };
}

/** The calendar's objects as one file: other programs read it back (RFC 5545: one VCALENDAR, each VTIMEZONE once). */
export function joinCalendarObjects(texts: string[], name: string): string {
  const joined = new ICAL.Component('vcalendar');
  joined.addPropertyWithValue('version', '2.0');
  joined.addPropertyWithValue('prodid', PRODID);
  joined.addPropertyWithValue('x-wr-calname', name);
  const zones = new Set<string>();
  for (const text of texts) {
    let calendar: ICAL.Component;
    try {
      // Read as the schedule reads it (dates repaired, zones registered): every event it shows is exported.
      calendar = parseCalendar(text);
    } catch {
      continue;
    }
    for (const zone of calendar.getAllSubcomponents('vtimezone')) {
      const tzid = textOf(zone, 'tzid');
      if (zones.has(tzid)) continue;
      zones.add(tzid);
      joined.addSubcomponent(zone);
    }
    for (const event of calendar.getAllSubcomponents('vevent')) joined.addSubcomponent(event);
  }
  // Zones an object named without defining them: written from the IANA definitions, so other programs read the times.
  ICAL.helpers.updateTimezones(joined);
  return joined.toString() + '\r\n';
}
