/** Calendar query keys, general → specific, so one prefix invalidates a whole branch. */
export const calendarKeys = {
  all: ['calendar'] as const,
  calendars: () => [...calendarKeys.all, 'calendars'] as const,
  events: () => [...calendarKeys.all, 'events'] as const,
  calendarEvents: (calendarId: string) => [...calendarKeys.events(), calendarId] as const,
  range: (calendarId: string, from: string, to: string) => [...calendarKeys.calendarEvents(calendarId), { from, to }] as const,
};
