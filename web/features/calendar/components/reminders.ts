import { useEffect } from 'react';
import type { EventOccurrence } from '../../../../shared/api/calendar';

/** Timers further ahead than this are not set: the visible range is refetched long before. */
const LOOKAHEAD_MS = 24 * 3_600_000;

function alarmTime(occurrence: EventOccurrence): number | null {
  if (occurrence.reminderMinutes === null) return null;
  const start = occurrence.allDay ? new Date(`${occurrence.start}T00:00:00`).getTime() : Date.parse(occurrence.start);
  return start - occurrence.reminderMinutes * 60_000;
}

/**
 * Reminders (VALARM) of the given occurrences as browser notifications
 * (ReminderWatcher feeds it the next day's). Permission is asked only when an
 * event has a reminder.
 */
export function useReminders(events: EventOccurrence[]): void {
  useEffect(() => {
    if (typeof Notification === 'undefined') return;
    const now = Date.now();
    const due = events.filter((occurrence) => {
      const at = alarmTime(occurrence);
      return at !== null && at > now && at - now < LOOKAHEAD_MS;
    });
    if (due.length === 0) return;
    if (Notification.permission === 'default') void Notification.requestPermission();
    const timers = due.map((occurrence) =>
      window.setTimeout(() => {
        if (Notification.permission === 'granted') new Notification(occurrence.title, { body: occurrence.location || undefined, tag: `${occurrence.uid}/${occurrence.occurrenceId ?? ''}` });
      }, (alarmTime(occurrence) ?? now) - now),
    );
    return () => timers.forEach((timer) => window.clearTimeout(timer));
  }, [events]);
}
