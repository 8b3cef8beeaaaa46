import { currentLocale, msg } from '../../../lib/i18n/i18n';

/**
 * The snooze picker's choices (Gmail's and Fastmail's): later today (the next
 * whole hour at least three hours on, while that is still today), tomorrow
 * morning, next Monday morning. Times are the browser's own zone.
 */
export interface SnoozeChoice {
  label: 'Later today' | 'Tomorrow' | 'Next week';
  at: Date;
}

const MORNING_HOUR = 8;

export function snoozeChoices(now: Date): SnoozeChoice[] {
  const laterToday = new Date(now);
  laterToday.setHours(now.getHours() + 4, 0, 0, 0);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, MORNING_HOUR);
  // Monday (day 1) of next week.
  const daysToMonday = ((8 - now.getDay()) % 7) || 7;
  const nextWeek = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, MORNING_HOUR);
  return [
    ...(laterToday.toDateString() === now.toDateString() ? [{ label: msg('Later today'), at: laterToday }] : []),
    { label: msg('Tomorrow'), at: tomorrow },
    // On a Sunday next week starts tomorrow: one choice, not two alike.
    ...(nextWeek.getTime() === tomorrow.getTime() ? [] : [{ label: msg('Next week'), at: nextWeek }]),
  ];
}

const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const DAY_TIME: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' };
const YEAR_DAY_TIME: Intl.DateTimeFormatOptions = { ...DAY_TIME, year: 'numeric' };

/** "18:00" today, "Mon 7 Dec, 08:00" another day, with the year in another year: in the UI's language. */
export function formatSnoozeTime(at: Date, now: Date): string {
  const options = at.toDateString() === now.toDateString() ? TIME : at.getFullYear() === now.getFullYear() ? DAY_TIME : YEAR_DAY_TIME;
  return new Intl.DateTimeFormat(currentLocale(), options).format(at);
}

/** The value of an `<input type="datetime-local">` for this moment, in the browser's zone. */
export function toLocalInputValue(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
