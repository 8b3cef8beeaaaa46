const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * Binary units with the familiar names, as the guide counts them (1 GB = 1024³ bytes):
 * "812 MB", "1 GB", "1.5 KB". One decimal below 10, none above.
 */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  // 1023.6 KB rounds to "1024 KB"; say "1 MB" instead.
  if (rounded === 1024 && unit < UNITS.length - 1) return `1 ${UNITS[unit + 1]}`;
  return `${rounded} ${UNITS[unit]}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The list's date column: the time for today's mail, the date otherwise. */
export function formatListDate(iso: string, now: Date): string {
  const date = parse(iso);
  if (!date) return '';
  if (date.toDateString() === now.toDateString()) return timeFormat.format(date);
  if (date.getFullYear() === now.getFullYear()) return dayFormat.format(date);
  return dateFormat.format(date);
}

export function formatFullDate(iso: string): string {
  const date = parse(iso);
  return date ? fullFormat.format(date) : '';
}
