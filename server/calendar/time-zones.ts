import ICAL from 'ical.js';
import { tzlib_get_ical_block } from 'timezones-ical-library';

/**
 * VTIMEZONE definitions for IANA zones. ical.js converts a TZID'd time only
 * through a VTIMEZONE: in the file, or else in its TimezoneService. Files in the
 * wild (and phones) often leave definitions out, and Tern writes its own, so
 * every zone a calendar object names is registered from timezones-ical-library
 * (the IANA database as VTIMEZONE blocks, kept current by its maintainers).
 */

const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z']);

export function isUtcZone(tzid: string): boolean {
  return UTC_NAMES.has(tzid);
}

function vtimezoneBlock(tzid: string): string | null {
  // The library logs and returns a non-array for a name it does not know.
  const originalError = console.error;
  const originalLog = console.log;
  console.error = () => {};
  console.log = () => {};
  try {
    const block = tzlib_get_ical_block(tzid);
    return Array.isArray(block) && typeof block[0] === 'string' && block[0].startsWith('BEGIN:VTIMEZONE') ? block[0] : null;
  } finally {
    console.error = originalError;
    console.log = originalLog;
  }
}

/** Registers `tzid` with ical.js when it is a known IANA zone; answers whether ical.js can now convert it. */
export function registerZone(tzid: string): boolean {
  if (ICAL.TimezoneService.has(tzid)) return true;
  const block = vtimezoneBlock(tzid);
  if (!block) return false;
  const component = new ICAL.Component(ICAL.parse(block));
  // The library names its zones by IANA name, which is what TZIDs in Tern's events are.
  component.updatePropertyWithValue('tzid', tzid);
  ICAL.TimezoneService.register(new ICAL.Timezone({ component, tzid }));
  return true;
}

/** Registers every zone a calendar text names, so times in zones it forgot to define still convert. */
export function registerZonesNamedIn(ics: string): void {
  for (const match of ics.matchAll(/TZID=("?)([^;:"\r\n]+)\1/g)) {
    const tzid = match[2];
    if (tzid && !isUtcZone(tzid)) registerZone(tzid);
  }
}

/** The ical.js zone for an IANA name (UTC for UTC and its aliases). */
export function zoneFor(tzid: string): ICAL.Timezone {
  if (isUtcZone(tzid)) return ICAL.Timezone.utcTimezone;
  if (!registerZone(tzid)) throw new Error(`Unknown time zone ${tzid}`);
  return ICAL.TimezoneService.get(tzid) as ICAL.Timezone;
}
