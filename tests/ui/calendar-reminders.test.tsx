import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useReminders } from '../../web/features/calendar/components/reminders';
import { makeOccurrence } from './calendar-fake-api';

/** A browser Notification the test can read: permission granted, every notification recorded. */
function fakeNotifications() {
  const shown: Array<{ title: string; body?: string }> = [];
  class FakeNotification {
    static permission: NotificationPermission = 'granted';
    static requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body });
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return shown;
}

afterEach(() => vi.useRealTimers());

describe('reminders', () => {
  it('shows a notification when a loaded event’s reminder is due, and none for events without one', () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T09:00:00Z') });
    const shown = fakeNotifications();
    const events = [
      makeOccurrence({ title: 'Dentist', location: 'Main St 1', start: '2026-11-26T10:00:00.000Z', end: '2026-11-26T10:30:00.000Z', reminderMinutes: 15 }),
      makeOccurrence({ title: 'No reminder', objectName: 'x.ics', start: '2026-11-26T09:30:00.000Z', end: '2026-11-26T09:45:00.000Z', reminderMinutes: null }),
    ];
    renderHook(() => useReminders(events));
    vi.advanceTimersByTime(44 * 60_000);
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(shown).toEqual([{ title: 'Dentist', body: 'Main St 1' }]);
    vi.advanceTimersByTime(3_600_000);
    expect(shown).toHaveLength(1);
  });
});
