import { calendarQuery, fetchCalendars, type DAVAccount } from 'tsdav';
import { EVENT_CONFLICT_TEXT, type Calendar } from '../../shared/api/calendar';
import type { DavClients } from '../dav/dav-client';
import { xmlEscape, type DavTransport } from '../dav/dav-transport';
import { DomainError } from '../domain-error';
import { uidInText } from './ical-data';
import type { Credentials } from '../mail/imap/imap-connection';
import { translatable } from '../../shared/translatable';

/** The calendar a user gets on first use. */
export const DEFAULT_CALENDAR = { id: 'personal', name: 'Personal Calendar', color: '#2563c9' };

export interface CalendarInfo extends Calendar {
  url: string;
}

export interface CalendarObjectText {
  objectName: string;
  etag: string | null;
  text: string;
}

export interface FoundCopy {
  calendar: CalendarInfo;
  object: CalendarObjectText;
}

/** The namespaces of the properties Tern writes on calendars (besides DAV:). */
const CALENDAR_NAMESPACES = 'xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:A="http://apple.com/ns/ical/"';

/** CalDAV time-range values: UTC, basic format (RFC 4791 9.9). */
function caldavTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** Colours come back as #RRGGBB or #RRGGBBAA (Apple's form); anything else gets the default. */
function normalColor(value: unknown): string {
  const match = typeof value === 'string' ? /^#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$/.exec(value.trim()) : null;
  return match ? `#${match[1]!.toLowerCase()}` : DEFAULT_CALENDAR.color;
}

function lastSegment(url: string): string {
  return decodeURIComponent(url.replace(/\/$/, '').split('/').at(-1) ?? '');
}

export function conflict(): DomainError {
  return new DomainError('conflict', EVENT_CONFLICT_TEXT);
}

function calendarMissing(): DomainError {
  return new DomainError('not_found', 'This calendar does not exist (any more).');
}

/**
 * One user's calendars on the CalDAV server, spoken to as that user (the
 * DavClients headers). Calendar ids are the collections' last path segment
 * below the user's own calendar home, so a request can only ever name one of
 * the user's own calendars. Writes carry If-Match / If-None-Match.
 */
export class UserCalendars {
  private constructor(
    private readonly dav: DavClients,
    private readonly credentials: Credentials,
    private readonly transport: DavTransport,
  ) {}

  static async of(dav: DavClients, credentials: Credentials): Promise<UserCalendars> {
    return new UserCalendars(dav, credentials, await dav.transport(credentials, 'calendar', conflict));
  }

  private home(): Promise<string> {
    return this.dav.homeUrl(this.credentials, 'caldav');
  }

  /** The user's event calendars, sorted by name; the default one is made on first use. */
  async list(): Promise<CalendarInfo[]> {
    const found = await this.fetchList();
    if (found.length > 0) return found;
    await this.create(DEFAULT_CALENDAR, DEFAULT_CALENDAR.id);
    return this.fetchList();
  }

  private async fetchList(): Promise<CalendarInfo[]> {
    const home = await this.home();
    const account: DAVAccount = { accountType: 'caldav', serverUrl: this.dav.settings.url.href, rootUrl: home, homeUrl: home };
    const calendars = await this.transport.run((options) => fetchCalendars({ account, ...options }));
    return calendars
      .filter((calendar) => !calendar.components || calendar.components.includes('VEVENT'))
      .map((calendar) => {
        const url = new URL(calendar.url, this.dav.settings.url).href;
        const id = lastSegment(url);
        const name = typeof calendar.displayName === 'string' && calendar.displayName ? calendar.displayName : id;
        return { id, name, color: normalColor(calendar.calendarColor), url };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The calendar with this id, looked up in the user's own list: an id is
   * never turned into a URL by itself, so no id (`..`, an encoded one, another
   * user's) can lead anywhere but to one of the user's own calendars.
   */
  async calendar(id: string): Promise<CalendarInfo> {
    const calendar = (await this.list()).find((candidate) => candidate.id === id);
    if (!calendar) throw calendarMissing();
    return calendar;
  }

  async create(input: { name: string; color: string }, id: string = crypto.randomUUID()): Promise<CalendarInfo> {
    const url = `${await this.home()}${encodeURIComponent(id)}/`;
    const props =
      '<D:resourcetype><D:collection/><C:calendar/></D:resourcetype>' +
      `<D:displayname>${xmlEscape(input.name)}</D:displayname><A:calendar-color>${xmlEscape(input.color)}</A:calendar-color>` +
      '<C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>';
    await this.transport.makeCollection(url, CALENDAR_NAMESPACES, props, translatable('create the calendar'));
    return { id, name: input.name, color: input.color, url };
  }

  async update(id: string, input: { name: string; color: string }): Promise<CalendarInfo> {
    const calendar = await this.calendar(id);
    const props = `<D:displayname>${xmlEscape(input.name)}</D:displayname><A:calendar-color>${xmlEscape(input.color)}</A:calendar-color>`;
    await this.transport.setProperties(calendar.url, CALENDAR_NAMESPACES, props, translatable('change the calendar'));
    return { ...calendar, ...input };
  }

  async remove(id: string): Promise<void> {
    const calendar = await this.calendar(id);
    await this.transport.delete(calendar.url, null, translatable('delete the calendar'));
  }

  /**
   * The objects with an event in [from, to): one calendar-query REPORT with a
   * time-range filter (the server applies recurrence to the filter; the BFF
   * expands the occurrences itself, from the same data).
   */
  objectsInRange(calendar: CalendarInfo, from: Date, to: Date): Promise<CalendarObjectText[]> {
    return this.query(calendar, { _attributes: { name: 'VEVENT' }, 'c:time-range': { _attributes: { start: caldavTime(from), end: caldavTime(to) } } });
  }

  /** Every event object of the calendar, for export. */
  allObjects(calendar: CalendarInfo): Promise<CalendarObjectText[]> {
    return this.query(calendar, { _attributes: { name: 'VEVENT' } });
  }

  /** The object with this UID in any of the calendars (a UID text-match query each), or null. */
  async findByUid(calendars: CalendarInfo[], uid: string): Promise<FoundCopy | null> {
    for (const calendar of calendars) {
      const found = await this.query(calendar, {
        _attributes: { name: 'VEVENT' },
        'c:prop-filter': { _attributes: { name: 'UID' }, 'c:text-match': { _attributes: { collation: 'i;octet' }, _text: uid } },
      });
      // text-match is a substring match: keep the exact one.
      const object = found.find((candidate) => uidInText(candidate.text) === uid);
      if (object) return { calendar, object };
    }
    return null;
  }

  private async query(calendar: CalendarInfo, eventFilter: Record<string, unknown>): Promise<CalendarObjectText[]> {
    const responses = await this.transport.run((options) =>
      calendarQuery({
        url: calendar.url,
        props: { 'd:getetag': {}, 'c:calendar-data': {} },
        filters: { 'c:comp-filter': { _attributes: { name: 'VCALENDAR' }, 'c:comp-filter': eventFilter } },
        depth: '1',
        ...options,
      }),
    );
    return responses.flatMap((response) => {
      const data: unknown = response.props?.calendarData;
      const text = typeof data === 'string' ? data : typeof data === 'object' && data && '_cdata' in data ? String(data._cdata) : '';
      if (!response.href || !text) return [];
      return [{ objectName: lastSegment(response.href), etag: typeof response.props?.getetag === 'string' ? response.props.getetag : null, text }];
    });
  }

  objectUrl(calendar: CalendarInfo, objectName: string): string {
    return `${calendar.url}${encodeURIComponent(objectName)}`;
  }

  async get(calendar: CalendarInfo, objectName: string): Promise<CalendarObjectText> {
    const response = await this.transport.request(this.objectUrl(calendar, objectName), { method: 'GET' });
    if (response.status === 404) throw new DomainError('not_found', 'This event does not exist (any more).');
    if (!response.ok) throw this.transport.refused(response, translatable('read the event'));
    return { objectName, etag: response.headers.get('etag'), text: await response.text() };
  }

  /** Creates (etag null: must not exist yet) or replaces (only the version with that ETag); returns the new ETag. */
  async put(calendar: CalendarInfo, objectName: string, text: string, etag: string | null): Promise<string | null> {
    const response = await this.transport.put(this.objectUrl(calendar, objectName), 'text/calendar', text, etag);
    // 409 (RFC 4918 9.7.1): no such collection, or (RFC 4791 5.3.2.1) the calendar holds this UID under another name.
    if (response.status === 409) {
      if ((await response.text()).includes('no-uid-conflict')) throw new DomainError('conflict', 'That calendar already has this event.');
      throw calendarMissing();
    }
    if (!response.ok) throw this.transport.refused(response, translatable('save the event'));
    return response.headers.get('etag');
  }

  /**
   * Moves an object (with its new text) to another calendar: written there first,
   * then deleted here only if it is still the version the user changed; if that
   * fails, the new copy goes again. At worst (a crash in between) the event is
   * in both calendars, never in none.
   */
  async move(from: CalendarInfo, objectName: string, to: CalendarInfo, text: string, etag: string | null): Promise<{ objectName: string; etag: string | null }> {
    const movedName = `${crypto.randomUUID()}.ics`;
    const movedEtag = await this.put(to, movedName, text, null);
    try {
      await this.delete(from, objectName, etag);
    } catch (err) {
      await this.delete(to, movedName, null).catch(() => undefined);
      throw err;
    }
    return { objectName: movedName, etag: movedEtag };
  }

  async delete(calendar: CalendarInfo, objectName: string, etag: string | null): Promise<void> {
    await this.transport.delete(this.objectUrl(calendar, objectName), etag, translatable('delete the event'));
  }
}
