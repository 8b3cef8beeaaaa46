import { renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REMINDERS_AFTER_MS } from '../../web/app/shell';
import { useReminders } from '../../web/features/calendar/components/reminders';
import { resetCalendarUiStore, useCalendarUiStore } from '../../web/features/calendar/stores/calendar-ui-store';
import { createCalendarFakeApi, makeCalendar, makeOccurrence } from './calendar-fake-api';
import { renderApp } from './render';

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

afterEach(() => {
  vi.useRealTimers();
  resetCalendarUiStore();
});

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

describe('reminders anywhere in Tern', () => {
  it('notifies of a ticked calendar’s event while the user is reading mail, and not of a hidden calendar’s', async () => {
    const shown = fakeNotifications();
    const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const api = createCalendarFakeApi({
      calendars: [makeCalendar({ id: 'personal', name: 'Personal' }), makeCalendar({ id: 'hidden', name: 'Hidden' })],
      events: [
        makeOccurrence({ calendarId: 'personal', title: 'Standup', location: 'Room 2', start: soon(10.05), end: soon(25), reminderMinutes: 10 }),
        makeOccurrence({ calendarId: 'hidden', objectName: 'h.ics', title: 'Secret', start: soon(10.05), end: soon(25), reminderMinutes: 10 }),
      ],
    });
    useCalendarUiStore.getState().setShown('hidden', false);
    // Only timeouts are faked, and they run on with real time: the reminders' own start can be skipped.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    renderApp({ path: '/mail', api });
    expect(await screen.findByText('No messages in this folder.')).toBeTruthy();
    expect(api.callsTo('GET', '/api/calendars')).toEqual([]);
    vi.advanceTimersByTime(REMINDERS_AFTER_MS);
    await waitFor(() => expect(shown).toEqual([{ title: 'Standup', body: 'Room 2' }]), { timeout: 8_000 });
  });
});
