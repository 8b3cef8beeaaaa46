import {
  MOVE_WHOLE_SERIES_TEXT,
  type Calendar,
  type CalendarInput,
  type DeleteEventQuery,
  type EventOccurrence,
  type ImportResult,
  type SavedEvent,
  type EventInput,
  type UpdateEventRequest,
} from '../../shared/api/calendar';
import type { ErrorCode } from '../../shared/errors';
import type { Deps } from '../deps';
import { DomainError } from '../domain-error';
import type { Credentials } from '../mail/imap/imap-connection';
import { conflict, UserCalendars, type CalendarInfo } from './caldav-calendars';
import { asBadRequest } from './calendar-errors';
import { deleteFromEventObject, createEventObject, updateEventObject, type WriteContext } from './event-writer';
import { readCalendarObject, textOf, uidInText } from './ical-data';
import { joinCalendarObjects, splitIcsFile } from './ics-import';
import { cancelFor, guestsOf, requestFor } from './invitations';
import { sendItip } from './itip-mail';
import { occurrencesInRange } from './occurrences';

/** A file to download: its text and the name it is saved under (without ".ics"). */
export interface CalendarFile {
  name: string;
  text: string;
}

type ItipMail = Omit<Parameters<typeof sendItip>[2], 'text' | 'subject'> & { subject: string };

/** What the DAV server says about one imported event that it will not take; the others go on. */
const ONE_EVENT_REFUSALS = new Set<ErrorCode>(['bad_request', 'conflict', 'forbidden', 'too_large']);

/**
 * The calendar page's work on the user's CalDAV server (SPEC §10): event
 * writes (with the "this and following" split and its rollback), import and
 * export, and the mail the guests of the user's events get.
 */
export class CalendarService {
  private constructor(
    private readonly calendars: UserCalendars,
    private readonly deps: Pick<Deps, 'compose'>,
    private readonly user: Credentials,
  ) {}

  static async of(deps: Pick<Deps, 'dav' | 'compose'>, user: Credentials): Promise<CalendarService> {
    return new CalendarService(await UserCalendars.of(deps.dav, user), deps, user);
  }

  async list(): Promise<Calendar[]> {
    return (await this.calendars.list()).map(publicCalendar);
  }

  async create(input: CalendarInput): Promise<Calendar> {
    return publicCalendar(await this.calendars.create(input));
  }

  async update(calendarId: string, input: CalendarInput): Promise<Calendar> {
    return publicCalendar(await this.calendars.update(calendarId, input));
  }

  remove(calendarId: string): Promise<void> {
    return this.calendars.remove(calendarId);
  }

  async eventsInRange(calendarId: string, from: Date, to: Date): Promise<EventOccurrence[]> {
    const calendar = await this.calendars.calendar(calendarId);
    const objects = await this.calendars.objectsInRange(calendar, from, to);
    return objects.flatMap((object) => {
      try {
        return occurrencesInRange(object.text, { calendarId: calendar.id, objectName: object.objectName, etag: object.etag }, from, to);
      } catch {
        // An object another program stored broken (or with a rule ical.js refuses) stays on the server, untouched, and is not shown.
        return [];
      }
    });
  }

  async createEvent(calendarId: string, event: EventInput): Promise<SavedEvent> {
    const calendar = await this.calendars.calendar(calendarId);
    const context = this.writeContext();
    const uid = context.newUid();
    const objectName = `${uid}.ics`;
    const text = createEventObject(event, context, uid);
    const etag = await this.calendars.put(calendar, objectName, text, null);
    await this.inviteGuests(text, 'Invitation');
    return { objectName, etag };
  }

  async updateEvent(calendarId: string, objectName: string, change: UpdateEventRequest): Promise<SavedEvent> {
    const calendar = await this.calendars.calendar(calendarId);
    const current = await this.calendars.get(calendar, objectName);
    const expected = change.etag ?? current.etag;
    if (change.etag && current.etag && change.etag !== current.etag) throw conflict();
    const target = change.calendarId && change.calendarId !== calendar.id ? await this.calendars.calendar(change.calendarId) : null;
    if (target && change.scope !== 'all') throw new DomainError('bad_request', MOVE_WHOLE_SERIES_TEXT);
    const result = asBadRequest(() => updateEventObject(current.text, change, this.writeContext()));
    if (target) {
      const moved = await this.calendars.move(calendar, objectName, target, result.ics, expected);
      await this.inviteGuests(result.ics, 'Updated invitation');
      return moved;
    }
    if (!result.split) {
      const etag = await this.calendars.put(calendar, objectName, result.ics, expected);
      await this.inviteGuests(result.ics, 'Updated invitation');
      return { objectName, etag };
    }
    // "This and following": the new series is written first, so a conflict on the old one loses nothing.
    const splitName = `${result.split.uid}.ics`;
    await this.calendars.put(calendar, splitName, result.split.ics, null);
    try {
      await this.calendars.put(calendar, objectName, result.ics, expected);
    } catch (err) {
      await this.calendars.delete(calendar, splitName, null);
      throw err;
    }
    await this.inviteGuests(result.ics, 'Updated invitation');
    await this.inviteGuests(result.split.ics, 'Invitation');
    return { objectName: splitName, etag: null };
  }

  async deleteEvent(calendarId: string, objectName: string, query: DeleteEventQuery): Promise<void> {
    const calendar = await this.calendars.calendar(calendarId);
    const current = await this.calendars.get(calendar, objectName);
    if (query.etag && current.etag && query.etag !== current.etag) throw conflict();
    const expected = query.etag ?? current.etag;
    const remaining = asBadRequest(() => deleteFromEventObject(current.text, { occurrenceId: query.occurrenceId ?? null, scope: query.scope }, this.writeContext()));
    if (remaining === null) {
      await this.calendars.delete(calendar, objectName, expected);
      await this.tellGuests(current.text, (guests) => ({ to: guests, subject: 'Cancelled', method: 'CANCEL', ics: cancelFor(current.text, new Date()) }));
    } else {
      await this.calendars.put(calendar, objectName, remaining, expected);
      await this.inviteGuests(remaining, 'Updated invitation');
    }
  }

  /** An .ics file into a calendar: events with a known UID replace theirs; `preview` only says what would happen. */
  async importFile(calendarId: string, ics: string, preview: boolean): Promise<ImportResult> {
    const file = asBadRequest(() => splitIcsFile(ics));
    const calendar = await this.calendars.calendar(calendarId);
    const existing = new Map((await this.calendars.allObjects(calendar)).map((object) => [uidInText(object.text), object]));
    const result: ImportResult = {
      items: file.objects.map(({ item }) => ({ ...item, exists: existing.has(item.uid) })),
      created: 0,
      updated: 0,
      refused: [...file.refused],
    };
    if (preview) return result;
    for (const { item, text } of file.objects) {
      const current = existing.get(item.uid);
      try {
        await this.calendars.put(calendar, current?.objectName ?? `${crypto.randomUUID()}.ics`, text, current?.etag ?? null);
        if (current) result.updated++;
        else result.created++;
      } catch (err) {
        // One event the server will not take (or that changed meanwhile) does not stop the others.
        if (!(err instanceof DomainError) || !ONE_EVENT_REFUSALS.has(err.code)) throw err;
        result.refused.push({ title: item.title, reason: err.message });
      }
    }
    return result;
  }

  async exportCalendar(calendarId: string): Promise<CalendarFile> {
    const calendar = await this.calendars.calendar(calendarId);
    const objects = await this.calendars.allObjects(calendar);
    return { name: calendar.name, text: joinCalendarObjects(objects.map((object) => object.text), calendar.name) };
  }

  async exportEvent(calendarId: string, objectName: string): Promise<CalendarFile> {
    const object = await this.calendars.get(await this.calendars.calendar(calendarId), objectName);
    const parsed = asBadRequest(() => readCalendarObject(object.text));
    return { name: textOf(parsed.master ?? parsed.exceptions[0]!, 'summary') || 'event', text: object.text };
  }

  /**
   * The guests of an event the user organises hear of every change (RFC 5546):
   * the event as it now is (REQUEST, SEQUENCE raised by the writer) or its CANCEL.
   * Events someone else organises, or without guests, send nothing.
   */
  private async tellGuests(ics: string, mail: (guests: string[]) => ItipMail): Promise<void> {
    const guests = guestsOf(ics, this.user.email);
    if (guests.length === 0) return;
    const { subject, ...rest } = mail(guests);
    const object = readCalendarObject(ics);
    const title = textOf(object.master ?? object.exceptions[0]!, 'summary') || '(no title)';
    try {
      // Through the outbox: a mail server that is down or refuses leaves the mail retrying or failed there (the outbox notice says so).
      await sendItip(this.deps, this.user, { ...rest, subject: `${subject}: ${title}`, text: `${subject}: ${title}\n` });
    } catch (err) {
      // The event is saved; its mail must not make the save look failed.
      console.error(`the ${rest.method} mail for ${this.user.email} could not be queued`, err instanceof Error ? err.message : err);
    }
  }

  private inviteGuests(ics: string, subject: string): Promise<void> {
    return this.tellGuests(ics, (guests) => ({ to: guests, subject, method: 'REQUEST', ics: requestFor(ics) }));
  }

  private writeContext(): WriteContext {
    return { now: new Date(), newUid: () => crypto.randomUUID(), user: this.user.email };
  }
}

function publicCalendar({ id, name, color }: CalendarInfo): Calendar {
  return { id, name, color };
}
