import { create as contentDisposition } from 'content-disposition';
import { Hono, type Context } from 'hono';
import {
  calendarIdSchema,
  calendarInputSchema,
  createEventRequestSchema,
  deleteEventQuerySchema,
  eventRangeQuerySchema,
  importRequestSchema,
  objectNameSchema,
  updateEventRequestSchema,
  type Calendar,
  type CalendarList,
  type EventList,
  type ImportResult,
  type SavedEvent,
} from '../../shared/api/calendar';
import { CalendarService, type CalendarFile } from '../calendar/calendar-service';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { parseInput, parseQuery, readJson } from '../http/validate';

/** Calendars and events (SPEC §10) on the user's CalDAV server. */
export const calendarRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => c.json<CalendarList>({ calendars: await (await calendarsOf(c)).list() }))
  .post('/', async (c) => {
    const input = parseInput(calendarInputSchema, await readJson(c));
    return c.json<Calendar>(await (await calendarsOf(c)).create(input), 201);
  })
  .patch('/:calendar', async (c) => {
    const input = parseInput(calendarInputSchema, await readJson(c));
    return c.json<Calendar>(await (await calendarsOf(c)).update(calendarParam(c), input));
  })
  .delete('/:calendar', async (c) => {
    await (await calendarsOf(c)).remove(calendarParam(c));
    return c.body(null, 204);
  })
  .get('/:calendar/events', async (c) => {
    const range = parseQuery(eventRangeQuerySchema, c);
    const events = await (await calendarsOf(c)).eventsInRange(calendarParam(c), new Date(range.from), new Date(range.to));
    return c.json<EventList>({ events });
  })
  .post('/:calendar/events', async (c) => {
    const { event } = parseInput(createEventRequestSchema, await readJson(c));
    return c.json<SavedEvent>(await (await calendarsOf(c)).createEvent(calendarParam(c), event), 201);
  })
  .put('/:calendar/events/:object', async (c) => {
    const change = parseInput(updateEventRequestSchema, await readJson(c));
    return c.json<SavedEvent>(await (await calendarsOf(c)).updateEvent(calendarParam(c), objectParam(c), change));
  })
  .post('/:calendar/import', async (c) => {
    const { ics, preview } = parseInput(importRequestSchema, await readJson(c));
    return c.json<ImportResult>(await (await calendarsOf(c)).importFile(calendarParam(c), ics, preview));
  })
  .get('/:calendar/export', async (c) => icsDownload(c, await (await calendarsOf(c)).exportCalendar(calendarParam(c))))
  .get('/:calendar/events/:object/export', async (c) => icsDownload(c, await (await calendarsOf(c)).exportEvent(calendarParam(c), objectParam(c))))
  .delete('/:calendar/events/:object', async (c) => {
    const query = parseQuery(deleteEventQuerySchema, c);
    await (await calendarsOf(c)).deleteEvent(calendarParam(c), objectParam(c), query);
    return c.body(null, 204);
  });

function icsDownload(c: Context<AppEnv>, file: CalendarFile): Response {
  c.header('Content-Type', 'text/calendar; charset=utf-8');
  c.header('Content-Disposition', contentDisposition(`${file.name}.ics`, { type: 'attachment' }));
  return c.body(file.text);
}

function calendarsOf(c: Context<AppEnv>): Promise<CalendarService> {
  return CalendarService.of(c.var.deps, c.var.session);
}

function calendarParam(c: Context<AppEnv>): string {
  return parseInput(calendarIdSchema, c.req.param('calendar'));
}

function objectParam(c: Context<AppEnv>): string {
  return parseInput(objectNameSchema, c.req.param('object'));
}
