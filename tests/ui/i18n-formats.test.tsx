import { afterEach, describe, expect, it } from 'vitest';
import { formatBytes, formatCalendarDate, formatListDate } from '../../web/lib/format';
import { applyLanguage } from '../../web/lib/i18n/i18n';

// Dates, numbers and sizes in the user's language (issue 18): what the list, the quota and a contact's card show.
describe('formats follow the language', () => {
  afterEach(async () => {
    await applyLanguage('en');
  });

  it('keeps the guide\'s English: "1.5 KB", "812 MB", a birthday as a date', () => {
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(812 * 1024 * 1024)).toBe('812 MB');
    expect(formatCalendarDate('1815-12-10')).toBe('December 10, 1815');
    expect(formatCalendarDate('--02-29')).toBe('February 29');
    expect(formatCalendarDate('sometime in May')).toBe('sometime in May');
  });

  it('writes German sizes, dates and list dates the German way', async () => {
    await applyLanguage('de');
    expect(formatBytes(1536)).toBe('1,5 kB');
    expect(formatCalendarDate('1815-12-10')).toBe('10. Dezember 1815');
    const now = new Date(2026, 11, 3, 18, 0);
    expect(formatListDate(new Date(2026, 10, 28, 9, 0).toISOString(), now)).toBe('28. Nov.');
  });

  it('writes Arabic month names in Arabic', async () => {
    await applyLanguage('ar');
    expect(formatCalendarDate('--12-10')).toMatch(/ديسمبر/);
  });
});
