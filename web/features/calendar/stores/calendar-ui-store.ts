import { create } from 'zustand';
import { persist } from 'zustand/middleware';

/**
 * What the user chose on the calendar page, remembered in this browser:
 * which calendars are unticked (so new ones show) and which one is
 * highlighted (it receives new events).
 */
interface CalendarUiState {
  hidden: string[];
  highlighted: string | null;
  setShown: (calendarId: string, shown: boolean) => void;
  highlight: (calendarId: string) => void;
}

export const useCalendarUiStore = create<CalendarUiState>()(
  persist(
    (set) => ({
      hidden: [],
      highlighted: null,
      setShown: (calendarId, shown) =>
        set((state) => ({ hidden: shown ? state.hidden.filter((id) => id !== calendarId) : [...new Set([...state.hidden, calendarId])] })),
      highlight: (calendarId) => set({ highlighted: calendarId }),
    }),
    { name: 'tern.calendar' },
  ),
);

export function resetCalendarUiStore(): void {
  useCalendarUiStore.setState({ hidden: [], highlighted: null });
}
