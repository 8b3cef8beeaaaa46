import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Calendar, ImportResult } from '../../../../shared/api/calendar';
import { Modal } from '../../../components/modal';
import { importIcs, useImportIcs } from '../api/import-calendar';
import { calendarKeys } from '../api/query-keys';

const PREVIEW_ROWS = 50;

interface ImportDialogProps {
  fileName: string;
  ics: string;
  calendars: Calendar[];
  initialCalendarId: string;
  onDone: (result: ImportResult) => void;
  onClose: () => void;
}

function when(item: ImportResult['items'][number]): string {
  return item.allDay ? item.start : new Date(item.start).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Import an .ics file: what it holds, into which calendar; events already there (same UID) are updated. */
export function ImportDialog({ fileName, ics, calendars, initialCalendarId, onDone, onClose }: ImportDialogProps) {
  const [calendarId, setCalendarId] = useState(initialCalendarId);
  const preview = useQuery({
    queryKey: [...calendarKeys.all, 'import-preview', calendarId, fileName, ics.length],
    queryFn: () => importIcs(calendarId, ics, true),
    staleTime: Infinity,
    retry: false,
  });
  const run = useImportIcs();
  const items = preview.data?.items ?? [];
  const updates = items.filter((item) => item.exists).length;

  return (
    <Modal title={`Import ${fileName}`} onClose={onClose} className="event-form-dialog">
      <div className="event-form">
        <label>
          Into calendar
          <select value={calendarId} onChange={(e) => setCalendarId(e.target.value)}>
            {calendars.map((calendar) => (
              <option key={calendar.id} value={calendar.id}>
                {calendar.name}
              </option>
            ))}
          </select>
        </label>
        {preview.isPending && <p className="calendar-status">Reading the file…</p>}
        {preview.error && (
          <p className="event-form-error" role="alert">
            {preview.error.message}
          </p>
        )}
        {preview.data && (
          <>
            <p>
              {items.length === 1 ? '1 event' : `${items.length} events`}
              {updates > 0 && ` (${updates} already in this calendar: they are updated, not doubled)`}
            </p>
            <ul className="import-preview">
              {items.slice(0, PREVIEW_ROWS).map((item) => (
                <li key={item.uid}>
                  <span>{item.title || '(no title)'}</span> <span className="calendar-status">{when(item)}{item.repeating && ', repeating'}{item.exists && ', updates'}</span>
                </li>
              ))}
              {items.length > PREVIEW_ROWS && <li className="calendar-status">and {items.length - PREVIEW_ROWS} more</li>}
            </ul>
            {preview.data.refused.length > 0 && (
              <p className="event-form-note">
                {preview.data.refused.length} cannot be imported: {preview.data.refused[0]!.title}: {preview.data.refused[0]!.reason}
              </p>
            )}
          </>
        )}
        {run.error && (
          <p className="event-form-error" role="alert">
            {run.error.message}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!preview.data || items.length === 0 || run.isPending}
            onClick={() => run.mutate({ calendarId, ics }, { onSuccess: onDone })}
          >
            Import
          </button>
        </div>
      </div>
    </Modal>
  );
}
