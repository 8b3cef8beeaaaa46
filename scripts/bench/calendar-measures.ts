import type { EventList } from '../../shared/api/calendar';
import { ApiClient } from '../../tests/support/api-client';
import type { ExtraRow } from './mailbox-measures';
import { compare } from './measure';

interface User {
  email: string;
  password: string;
}

const EVENTS = 5_000;
const REPEATING = 200;
const CALENDAR = 'bench-5k';
/** Two years of single events around the measured month. */
const FIRST_DAY = Date.UTC(2025, 6, 1);
const DAYS = 730;
/** A month view: six weeks, as FullCalendar asks for June 2026. */
const VIEW = { from: '2026-05-31T00:00:00.000Z', to: '2026-07-12T00:00:00.000Z' };

const basic = (instant: Date) => `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/** One VCALENDAR holding every event: Radicale takes a PUT of a collection as "make it these", split by UID. */
function seedCalendar(): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tern//Bench//EN'];
  for (let i = 0; i < EVENTS; i++) {
    const repeating = i < REPEATING;
    const day = repeating ? (i * 3) % DAYS : Math.floor((i * DAYS) / EVENTS);
    const start = new Date(FIRST_DAY + day * 86_400_000 + (8 + (i % 9)) * 3_600_000);
    const end = new Date(start.getTime() + 3_600_000);
    lines.push('BEGIN:VEVENT', `UID:bench-${i}@tern.example`, 'DTSTAMP:20260101T000000Z', `DTSTART:${basic(start)}`, `DTEND:${basic(end)}`, `SUMMARY:Bench event ${i}`);
    if (repeating) lines.push('RRULE:FREQ=WEEKLY');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

/**
 * Calendar (issue 8): a month view of a 5,000-event calendar (200 repeating)
 * through the BFF (its calendar lookup, the time-range calendar-query, and the
 * expansion of the occurrences with ical.js) against the same calendar-query
 * REPORT sent straight to Radicale, which leaves expanding to its client.
 */
export async function measureCalendar(bffUrl: string, davUrl: string, user: User, reps: number): Promise<ExtraRow[]> {
  const home = `${davUrl.replace(/\/$/, '')}/${encodeURIComponent(user.email)}/`;
  const davHeaders = { 'x-remote-user': user.email };
  const seeded = await fetch(`${home}${CALENDAR}/`, { method: 'PUT', headers: { ...davHeaders, 'content-type': 'text/calendar' }, body: seedCalendar() });
  if (!seeded.ok) throw new Error(`seeding the calendar failed: ${seeded.status}`);

  const api = new ApiClient(bffUrl);
  const signedIn = await api.signIn(user.email, user.password);
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.status}`);
  const query = `<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop>
<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="${basic(new Date(VIEW.from))}" end="${basic(new Date(VIEW.to))}"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>`;
  let objects = 0;
  let occurrences = 0;
  const floor = async () => {
    const response = await fetch(`${home}${CALENDAR}/`, { method: 'REPORT', headers: { ...davHeaders, depth: '1', 'content-type': 'application/xml' }, body: query });
    const text = await response.text();
    objects = text.split('BEGIN:VCALENDAR').length - 1;
    if (response.status !== 207 || objects === 0) throw new Error(`CalDAV REPORT answered ${response.status} with ${objects} objects`);
  };
  const bff = async () => {
    const { events } = await api.json<EventList>('GET', `/api/calendars/${CALENDAR}/events?from=${VIEW.from}&to=${VIEW.to}`);
    occurrences = events.length;
    if (occurrences === 0) throw new Error('the BFF listed no events');
  };
  const result = await compare(bff, floor, { warmups: 2, reps });
  return [
    {
      id: 'o',
      title: `month view of a ${EVENTS.toLocaleString('en')}-event calendar (${REPEATING} repeating): ${occurrences} occurrences from ${objects} objects`,
      bff: result.bff,
      floor: result.floor,
      floorIs: 'CalDAV REPORT, time-range',
    },
  ];
}
