import { useEffect, useState } from 'react';
import { useCalendars } from '../api/calendars';
import { useVisibleEvents, type VisibleRange } from '../api/events';
import { useCalendarUiStore } from '../stores/calendar-ui-store';
import { useReminders } from './reminders';

/** How often the next day's events are asked for again: new events and a moving window. */
const REFRESH_MS = 15 * 60_000;

function nextDay(): VisibleRange {
  const from = new Date();
  const to = new Date(from.getTime() + 24 * 3_600_000);
  return { from: from.toISOString(), to: to.toISOString() };
}

/**
 * Reminders while Tern is open, whichever section the user is in (SPEC §10):
 * the next day of every ticked calendar, asked for again every quarter hour
 * (and whenever an edit invalidates it), its due reminders as browser
 * notifications. Mounted once by the shell, loaded after the first screen.
 */
export default function ReminderWatcher() {
  const calendars = useCalendars().data?.calendars ?? [];
  const hidden = useCalendarUiStore((state) => state.hidden);
  const [range, setRange] = useState(nextDay);
  useEffect(() => {
    const timer = window.setInterval(() => setRange(nextDay()), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  const shown = calendars.filter((calendar) => !hidden.includes(calendar.id)).map((calendar) => calendar.id);
  useReminders(useVisibleEvents(shown, range).events);
  return null;
}
