import FullCalendar, {
  type DateClickInfo,
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
import timeGridPlugin from '@fullcalendar/react/timegrid';
import { useMemo, useRef } from 'react';
import type { Calendar, EventOccurrence } from '../../../../shared/api/calendar';
import type { VisibleRange } from '../api/events';

const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin, classicThemePlugin];
const TOOLBAR = { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,timeGridDay,listWeek' };
const BUTTONS = {
  today: { text: 'Today' },
  dayGridMonth: { text: 'Month' },
  timeGridWeek: { text: 'Week' },
  timeGridDay: { text: 'Day' },
  listWeek: { text: 'List' },
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

export function occurrenceKey(occurrence: EventOccurrence): string {
  return `${occurrence.calendarId}/${occurrence.objectName}/${occurrence.occurrenceId ?? ''}`;
}

/** FullCalendar with month, week, day and list views; the browser's zone shows the times. */
export function Schedule({ calendars, events, onRangeChange, onCreateAt, onOpen, onChange }: ScheduleProps) {
  const lastSlotClick = useRef<{ date: Date; allDay: boolean } | null>(null);
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
      // FullCalendar has no double-click: a slot's clicks are remembered (dateClick) and the double-click uses the last one.
      onDoubleClick={(event) => {
        const slot = lastSlotClick.current;
        if (!slot || (event.target as Element).closest('.fc-event')) return;
        onCreateAt(slot.date, slot.allDay);
      }}
    >
      <FullCalendar
        plugins={PLUGINS}
        initialView="timeGridWeek"
        headerToolbar={TOOLBAR}
        buttons={BUTTONS}
        timeZone="local"
        height="100%"
        nowIndicator
        editable
        eventResizableFromStart={false}
        scrollTime="08:00:00"
        events={shown}
        datesSet={(info: DatesSetInfo) => onRangeChange({ from: info.start.toISOString(), to: info.end.toISOString() })}
        dateClick={(info: DateClickInfo) => {
          lastSlotClick.current = { date: info.date, allDay: info.allDay };
        }}
        eventClick={(info: EventClickInfo) => {
          info.jsEvent.preventDefault();
          onOpen(info.event.extendedProps.occurrence as EventOccurrence);
        }}
        eventDrop={changed}
        eventResize={changed}
      />
    </div>
  );
}
