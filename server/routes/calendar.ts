import { create as contentDisposition } from 'content-disposition';
import { Hono, type Context } from 'hono';
import {
  calendarIdSchema,
  calendarInputSchema,
  createEventRequestSchema,
  deleteEventQuerySchema,
  eventRangeQuerySchema,
  importRequestSchema,
  MOVE_WHOLE_SERIES_TEXT,
  objectNameSchema,
  updateEventRequestSchema,
  type Calendar,
  type CalendarList,
  type EventList,
  type ImportResult,
  type SavedEvent,
} from '../../shared/api/calendar';
import { conflict, UserCalendars, type CalendarInfo } from '../calendar/caldav-calendars';
import { deleteFromEventObject, createEventObject, updateEventObject, type WriteContext } from '../calendar/event-writer';
import { readCalendarObject, textOf, uidInText } from '../calendar/ical-data';
import { joinCalendarObjects, splitIcsFile } from '../calendar/ics-import';
import { cancelFor, guestsOf, requestFor } from '../calendar/invitations';
import { sendItip } from '../calendar/itip-mail';
import { occurrencesInRange } from '../calendar/occurrences';
import { asBadRequest } from '../calendar/calendar-errors';
import type { AppEnv } from '../http/app-env';
import { AppError } from '../http/app-error';
import { requireSession } from '../http/session-middleware';
import { parseInput, parseQuery, readJson } from '../http/validate';

/** Calendars and events (SPEC §10) on the user's CalDAV server. */
export const calendarRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const calendars = await (await calendarsOf(c)).list();
    return c.json<CalendarList>({ calendars: calendars.map(publicCalendar) });
  })
  .post('/', async (c) => {
    const input = parseInput(calendarInputSchema, await readJson(c));
    return c.json<Calendar>(publicCalendar(await (await calendarsOf(c)).create(input)), 201);
  })
  .patch('/:calendar', async (c) => {
    const input = parseInput(calendarInputSchema, await readJson(c));
    return c.json<Calendar>(publicCalendar(await (await calendarsOf(c)).update(calendarParam(c), input)));
  })
  .delete('/:calendar', async (c) => {
    await (await calendarsOf(c)).remove(calendarParam(c));
    return c.body(null, 204);
  })
  .get('/:calendar/events', async (c) => {
    const range = parseQuery(eventRangeQuerySchema, c);
    const from = new Date(range.from);
    const to = new Date(range.to);
    const calendars = await calendarsOf(c);
    const calendar = await calendars.calendar(calendarParam(c));
    const objects = await calendars.objectsInRange(calendar, from, to);
    const events = objects.flatMap((object) => {
      try {
        return occurrencesInRange(object.text, { calendarId: calendar.id, objectName: object.objectName, etag: object.etag }, from, to);
      } catch {
        // An object another program stored broken (or with a rule ical.js refuses) stays on the server, untouched, and is not shown.
        return [];
      }
    });
    return c.json<EventList>({ events });
  })
  .post('/:calendar/events', async (c) => {
    const { event } = parseInput(createEventRequestSchema, await readJson(c));
    const calendars = await calendarsOf(c);
    const calendar = await calendars.calendar(calendarParam(c));
    const context = writeContext(c);
    const uid = context.newUid();
    const objectName = `${uid}.ics`;
    const text = createEventObject(event, context, uid);
    const etag = await calendars.put(calendar, objectName, text, null);
    await inviteGuests(c, text, 'Invitation');
    return c.json<SavedEvent>({ objectName, etag }, 201);
  })
  .put('/:calendar/events/:object', async (c) => {
    const change = parseInput(updateEventRequestSchema, await readJson(c));
    const calendars = await calendarsOf(c);
    const calendar = await calendars.calendar(calendarParam(c));
    const objectName = objectParam(c);
    const current = await calendars.get(calendar, objectName);
    const expected = change.etag ?? current.etag;
    if (change.etag && current.etag && change.etag !== current.etag) throw conflict();
    const target = change.calendarId && change.calendarId !== calendar.id ? await calendars.calendar(change.calendarId) : null;
    if (target && change.scope !== 'all') throw new AppError(400, 'bad_request', MOVE_WHOLE_SERIES_TEXT);
    const context = writeContext(c);
    const result = asBadRequest(() => updateEventObject(current.text, change, context));
    if (target) {
      const moved = await calendars.move(calendar, objectName, target, result.ics, expected);
      await inviteGuests(c, result.ics, 'Updated invitation');
      return c.json<SavedEvent>(moved);
    }
    if (!result.split) {
      const etag = await calendars.put(calendar, objectName, result.ics, expected);
      await inviteGuests(c, result.ics, 'Updated invitation');
      return c.json<SavedEvent>({ objectName, etag });
    }
    // "This and following": the new series is written first, so a conflict on the old one loses nothing.
    const splitName = `${result.split.uid}.ics`;
    await calendars.put(calendar, splitName, result.split.ics, null);
    try {
      await calendars.put(calendar, objectName, result.ics, expected);
    } catch (err) {
      await calendars.delete(calendar, splitName, null);
      throw err;
    }
    await inviteGuests(c, result.ics, 'Updated invitation');
    await inviteGuests(c, result.split.ics, 'Invitation');
    return c.json<SavedEvent>({ objectName: splitName, etag: null });
  })
  .post('/:calendar/import', async (c) => {
    const { ics, preview } = parseInput(importRequestSchema, await readJson(c));
    const file = asBadRequest(() => splitIcsFile(ics));
    const calendars = await calendarsOf(c);
    const calendar = await calendars.calendar(calendarParam(c));
    const existing = new Map((await calendars.allObjects(calendar)).map((object) => [uidInText(object.text), object]));
    const result: ImportResult = {
      items: file.objects.map(({ item }) => ({ ...item, exists: existing.has(item.uid) })),
      created: 0,
      updated: 0,
      refused: [...file.refused],
    };
    if (preview) return c.json<ImportResult>(result);
    for (const { item, text } of file.objects) {
      const current = existing.get(item.uid);
      try {
        await calendars.put(calendar, current?.objectName ?? `${crypto.randomUUID()}.ics`, text, current?.etag ?? null);
        if (current) result.updated++;
        else result.created++;
      } catch (err) {
        // One event the server will not take (or that changed meanwhile) does not stop the others.
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        result.refused.push({ title: item.title || '(no title)', reason: err.message });
      }
    }
    return c.json<ImportResult>(result);
  })
  .get('/:calendar/export', async (c) => {
    const calendars = await calendarsOf(c);
    const calendar = await calendars.calendar(calendarParam(c));
    const objects = await calendars.allObjects(calendar);
    return icsDownload(c, joinCalendarObjects(objects.map((object) => object.text), calendar.name), calendar.name);
  })
  .get('/:calendar/events/:object/export', async (c) => {
    const calendars = await calendarsOf(c);
    const object = await calendars.get(await calendars.calendar(calendarParam(c)), objectParam(c));
    const title = asBadRequest(() => readCalendarObject(object.text));
    return icsDownload(c, object.text, textOf(title.master ?? title.exceptions[0]!, 'summary') || 'event');
  })
  .delete('/:calendar/events/:object', async (c) => {
    const query = parseQuery(deleteEventQuerySchema, c);
    const calendars = await calendarsOf(c);
    const calendar = await calendars.calendar(calendarParam(c));
    const objectName = objectParam(c);
    const current = await calendars.get(calendar, objectName);
    if (query.etag && current.etag && query.etag !== current.etag) throw conflict();
    const expected = query.etag ?? current.etag;
    const remaining = asBadRequest(() => deleteFromEventObject(current.text, { occurrenceId: query.occurrenceId ?? null, scope: query.scope }, writeContext(c)));
    if (remaining === null) {
      await calendars.delete(calendar, objectName, expected);
      await tellGuests(c, current.text, (guests) => ({ to: guests, subject: 'Cancelled', method: 'CANCEL', ics: cancelFor(current.text, new Date()) }));
    } else {
      await calendars.put(calendar, objectName, remaining, expected);
      await inviteGuests(c, remaining, 'Updated invitation');
    }
    return c.body(null, 204);
  });

type ItipMail = Omit<Parameters<typeof sendItip>[2], 'text' | 'subject'> & { subject: string };

/**
 * The guests of an event the user organises hear of every change (RFC 5546):
 * the event as it now is (REQUEST, SEQUENCE raised by the writer) or its CANCEL.
 * Events someone else organises, or without guests, send nothing.
 */
async function tellGuests(c: Context<AppEnv>, ics: string, mail: (guests: string[]) => ItipMail): Promise<void> {
  const guests = guestsOf(ics, c.var.session.email);
  if (guests.length === 0) return;
  const { subject, ...rest } = mail(guests);
  const object = readCalendarObject(ics);
  const title = textOf(object.master ?? object.exceptions[0]!, 'summary') || '(no title)';
  try {
    // Through the outbox: a mail server that is down or refuses leaves the mail retrying or failed there (the outbox notice says so).
    await sendItip(c.var.deps, c.var.session, { ...rest, subject: `${subject}: ${title}`, text: `${subject}: ${title}\n` });
  } catch (err) {
    // The event is saved; its mail must not make the save look failed.
    console.error(`the ${rest.method} mail for ${c.var.session.email} could not be queued`, err instanceof Error ? err.message : err);
  }
}

function inviteGuests(c: Context<AppEnv>, ics: string, subject: string): Promise<void> {
  return tellGuests(c, ics, (guests) => ({ to: guests, subject, method: 'REQUEST', ics: requestFor(ics) }));
}

function icsDownload(c: Context<AppEnv>, text: string, name: string): Response {
  c.header('Content-Type', 'text/calendar; charset=utf-8');
  c.header('Content-Disposition', contentDisposition(`${name}.ics`, { type: 'attachment' }));
  return c.body(text);
}

function calendarsOf(c: Context<AppEnv>): Promise<UserCalendars> {
  return UserCalendars.of(c.var.deps.dav, c.var.session);
}

function calendarParam(c: Context<AppEnv>): string {
  return parseInput(calendarIdSchema, c.req.param('calendar'));
}

function objectParam(c: Context<AppEnv>): string {
  return parseInput(objectNameSchema, c.req.param('object'));
}

function publicCalendar({ id, name, color }: CalendarInfo): Calendar {
  return { id, name, color };
}

function writeContext(c: Context<AppEnv>): WriteContext {
  return { now: new Date(), newUid: () => crypto.randomUUID(), user: c.var.session.email };
}

