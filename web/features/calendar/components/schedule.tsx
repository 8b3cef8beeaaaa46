import FullCalendar, {
  type DatesSetInfo,
  type EventClickInfo,
  type EventDropInfo,
  type EventInput as FullCalendarEvent,
  type EventResizeDoneInfo,
} from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import interactionPlugin from '@fullcalendar/react/interaction';
import listPlugin from '@fullcalendar/react/list';
import '@fullcalendar/react/skeleton.css';
import classicThemePlugin from '@fullcalendar/react/themes/classic';
import '@fullcalendar/react/themes/classic/palette.css';
import '@fullcalendar/react/themes/classic/theme.css';
import arabic from '@fullcalendar/react/locales/ar';
import german from '@fullcalendar/react/locales/de';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import { useMemo } from 'react';
import type { Calendar, EventOccurrence } from '../../../../shared/api/calendar';
import { currentLocale, i18n, msg } from '../../../lib/i18n/i18n';
import { usePhoneLayout } from '../../../lib/layout';
import type { VisibleRange } from '../api/events';
import { useT } from '../i18n';

const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin, classicThemePlugin];
const TOOLBAR = { start: 'prev,next today', center: 'title', end: 'dayGridMonth,timeGridWeek,timeGridDay,listWeek' };
// A phone has room for one day or a list; the month stays a tap away, below.
const PHONE_TOOLBAR = { start: 'prev,next', center: 'title', end: 'today' };
const PHONE_FOOTER = { center: 'timeGridDay,listWeek,dayGridMonth' };
// FullCalendar's own texts (dates, "all-day", hints) and first day of the week in the app's language; English is built in.
// Static imports: this module is in the calendar's lazily loaded chunk, never the first load.
const FULLCALENDAR_LOCALES: Record<string, typeof german> = { de: german, ar: arabic };
// The browser's zone shows the times.
const TIME_ZONE = 'local';
// The arrows' accessible names by the unit they step (Arabic has none of its own in FullCalendar).
const STEP_HINTS: Record<'prev' | 'next', Record<string, string>> = {
  prev: { day: msg('Previous Day'), week: msg('Previous Week'), month: msg('Previous Month') },
  next: { day: msg('Next Day'), week: msg('Next Week'), month: msg('Next Month') },
};

interface ScheduleProps {
  calendars: Calendar[];
  events: EventOccurrence[];
  onRangeChange: (range: VisibleRange) => void;
  /** A double-click on an empty slot: its time, or a whole day in month view. */
  onCreateAt: (start: Date, allDay: boolean) => void;
  onOpen: (occurrence: EventOccurrence) => void;
  /** Dragged or resized; `revert` puts it back when the change is cancelled or refused. */
  onChange: (occurrence: EventOccurrence, start: Date, end: Date | null, allDay: boolean, revert: () => void) => void;
}

/**
 * The slot under a point: FullCalendar has no double-click of its own, and its
 * day cells carry data-date, the time-grid rows data-time (local, as shown).
 * No time means a whole day (month view, the all-day row).
 */
function slotAt(x: number, y: number): { start: Date; allDay: boolean } | null {
  const under = document.elementsFromPoint(x, y);
  const date = under.map((element) => element.closest('[data-date]')?.getAttribute('data-date')).find(Boolean);
  if (!date) return null;
  const time = under.map((element) => element.closest('[data-time]')?.getAttribute('data-time')).find(Boolean);
  return time ? { start: new Date(`${date}T${time}`), allDay: false } : { start: new Date(`${date}T00:00:00`), allDay: true };
}

/** Where only rows may stand: a focusable scroller there would break the grid for screen readers. */
const GRID_PARTS = new Set(['grid', 'treegrid', 'table', 'rowgroup', 'row']);

/**
 * FullCalendar's scrolling areas (the hours of a day or week) hold no control,
 * so a keyboard could not scroll them: each takes the focus itself.
 */
function makeScrollersFocusable(root: HTMLElement): void {
  for (const element of root.querySelectorAll<HTMLElement>('*')) {
    const { overflowX, overflowY } = getComputedStyle(element);
    const insideGrid = GRID_PARTS.has(element.parentElement?.getAttribute('role') ?? '');
    if (/auto|scroll/.test(`${overflowX} ${overflowY}`) && !insideGrid && !element.hasAttribute('tabindex')) element.tabIndex = 0;
  }
}

export function occurrenceKey(occurrence: EventOccurrence): string {
  return `${occurrence.calendarId}/${occurrence.objectName}/${occurrence.occurrenceId ?? ''}`;
}

/** FullCalendar with month, week, day and list views; the browser's zone shows the times. */
export function Schedule({ calendars, events, onRangeChange, onCreateAt, onOpen, onChange }: ScheduleProps) {
  const t = useT();
  const language = currentLocale();
  const phone = usePhoneLayout();
  const buttons = useMemo(
    () => ({
      // The hint is the button's accessible name: the words on it, as voice control users say them.
      today: { text: t('Today'), hint: t('Today') },
      prev: { hint: (unitText: string, unit: string) => (STEP_HINTS.prev[unit] ? t(STEP_HINTS.prev[unit]) : unitText) },
      next: { hint: (unitText: string, unit: string) => (STEP_HINTS.next[unit] ? t(STEP_HINTS.next[unit]) : unitText) },
      dayGridMonth: { text: t('Month'), hint: t('Month view') },
      timeGridWeek: { text: t('Week'), hint: t('Week view') },
      timeGridDay: { text: t('Day'), hint: t('Day view') },
      listWeek: { text: t('List'), hint: t('List view') },
    }),
    [t],
  );
  const colors = useMemo(() => new Map(calendars.map((calendar) => [calendar.id, calendar.color])), [calendars]);
  const shown = useMemo<FullCalendarEvent[]>(
    () =>
      events.map((occurrence) => ({
        id: occurrenceKey(occurrence),
        title: occurrence.title,
        start: occurrence.start,
        end: occurrence.end,
        allDay: occurrence.allDay,
        backgroundColor: colors.get(occurrence.calendarId),
        borderColor: colors.get(occurrence.calendarId),
        extendedProps: { occurrence },
      })),
    [events, colors],
  );

  function changed(info: EventDropInfo | EventResizeDoneInfo) {
    const occurrence = info.event.extendedProps.occurrence as EventOccurrence;
    if (!info.event.start) return info.revert();
    onChange(occurrence, info.event.start, info.event.end, info.event.allDay, info.revert);
  }

  return (
    <div
      className="schedule"
      onDoubleClick={(event) => {
        if ((event.target as Element).closest('.fc-event')) return;
        const slot = slotAt(event.clientX, event.clientY);
        if (slot) onCreateAt(slot.start, slot.allDay);
      }}
    >
      <FullCalendar
        plugins={PLUGINS}
        initialView={phone ? 'timeGridDay' : 'timeGridWeek'}
        headerToolbar={phone ? PHONE_TOOLBAR : TOOLBAR}
        footerToolbar={phone ? PHONE_FOOTER : false}
        buttons={buttons}
        viewChangeHint={t('Change view')}
        locale={FULLCALENDAR_LOCALES[language] ?? 'en'}
        direction={i18n.dir(language)}
        timeZone={TIME_ZONE}
        height="100%"
        nowIndicator
        editable
        eventResizableFromStart={false}
        scrollTime="08:00:00"
        events={shown}
        datesSet={(info: DatesSetInfo) => onRangeChange({ from: info.start.toISOString(), to: info.end.toISOString() })}
        eventClick={(info: EventClickInfo) => {
          info.jsEvent.preventDefault();
          onOpen(info.event.extendedProps.occurrence as EventOccurrence);
        }}
        viewDidMount={(info) => makeScrollersFocusable(info.el)}
        eventDrop={changed}
        eventResize={changed}
      />
    </div>
  );
}
