import { currentLocale } from './i18n/i18n';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;
const INTL_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * Binary units with the familiar names, as the guide counts them (1 GB = 1024³ bytes):
 * "812 MB", "1 GB", "1.5 KB". One decimal below 10, none above. Other
 * languages get their own digits, decimal sign and unit names from Intl
 * ("1,5 kB", "١٫٥ كيلوبايت"); English keeps the guide's "KB".
 */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  let rounded = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  // 1023.6 KB rounds to "1024 KB"; say "1 MB" instead.
  if (rounded === 1024 && unit < UNITS.length - 1) {
    rounded = 1;
    unit += 1;
  }
  const locale = currentLocale();
  if (locale.startsWith('en')) return `${rounded} ${UNITS[unit]}`;
  return cached(`bytes:${locale}:${unit}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit: INTL_UNITS[unit], unitDisplay: 'short', maximumFractionDigits: 1 })).format(rounded);
}

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** Formatters cost a lot to build and the list makes hundreds of calls: one per locale and style, built when first used. */
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => F): F {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter as F;
}

const DATE_STYLES = {
  time: { hour: '2-digit', minute: '2-digit' },
  day: { month: 'short', day: 'numeric' },
  date: { year: 'numeric', month: 'short', day: 'numeric' },
  full: { dateStyle: 'full', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

function dateFormat(style: keyof typeof DATE_STYLES): Intl.DateTimeFormat {
  const locale = currentLocale();
  return cached(`date:${locale}:${style}`, () => new Intl.DateTimeFormat(locale, DATE_STYLES[style]));
}

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The list's date column: the time for today's mail, the date otherwise. */
export function formatListDate(iso: string, now: Date): string {
  const date = parse(iso);
  if (!date) return '';
  if (date.toDateString() === now.toDateString()) return dateFormat('time').format(date);
  if (date.getFullYear() === now.getFullYear()) return dateFormat('day').format(date);
  return dateFormat('date').format(date);
}

export function formatFullDate(iso: string): string {
  const date = parse(iso);
  return date ? dateFormat('full').format(date) : '';
}

/**
 * A date without a time, as vCard keeps a birthday: "1815-12-10" becomes
 * "December 10, 1815" / "10. Dezember 1815"; a birthday without a year
 * ("--12-10") just the day and month. Anything else is shown as written.
 */
export function formatCalendarDate(value: string): string {
  const match = /^(\d{4}|--)-?(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const withYear = year !== '--';
  // A leap year when there is none, so --02-29 is a day too.
  const date = new Date(Date.UTC(withYear ? Number(year) : 2000, Number(month) - 1, Number(day)));
  if (Number.isNaN(date.getTime())) return value;
  const locale = currentLocale();
  const style = withYear ? 'calendar-date' : 'calendar-day';
  return cached(`date:${locale}:${style}`, () =>
    new Intl.DateTimeFormat(locale, withYear ? { dateStyle: 'long', timeZone: 'UTC' } : { month: 'long', day: 'numeric', timeZone: 'UTC' }),
  ).format(date);
}
