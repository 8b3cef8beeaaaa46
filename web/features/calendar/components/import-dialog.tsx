import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Calendar, ImportResult } from '../../../../shared/api/calendar';
import { Modal } from '../../../components/modal';
import { currentLocale } from '../../../lib/i18n/i18n';
import { translateServerText } from '../../../lib/i18n/server-texts';
import { importIcs, useImportIcs } from '../api/import-calendar';
import { calendarKeys } from '../api/query-keys';
import { useT } from '../i18n';

const PREVIEW_ROWS = 50;

interface ImportDialogProps {
  fileName: string;
  ics: string;
  calendars: Calendar[];
  initialCalendarId: string;
  onDone: (result: ImportResult) => void;
  onClose: () => void;
}

type ImportItem = ImportResult['items'][number];

function when(item: ImportItem): string {
  return item.allDay ? item.start : new Date(item.start).toLocaleString(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** When an event is, and whether it repeats or updates one already in the calendar: one sentence per case (word order differs). */
function itemDetails(item: ImportItem, t: ReturnType<typeof useT>): string {
  const options = { when: when(item) };
  if (item.repeating && item.exists) return t('{{when}}, repeating, updates', options);
  if (item.repeating) return t('{{when}}, repeating', options);
  if (item.exists) return t('{{when}}, updates', options);
  return options.when;
}

/** Import an .ics file: what it holds, into which calendar; events already there (same UID) are updated. */
export function ImportDialog({ fileName, ics, calendars, initialCalendarId, onDone, onClose }: ImportDialogProps) {
  const t = useT();
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
    <Modal title={t('Import {{fileName}}', { fileName })} onClose={onClose} className="event-form-dialog">
      <div className="event-form">
        <label>
          {t('Into calendar')}
          <select value={calendarId} onChange={(e) => setCalendarId(e.target.value)}>
            {calendars.map((calendar) => (
              <option key={calendar.id} value={calendar.id}>
                {calendar.name}
              </option>
            ))}
          </select>
        </label>
        {preview.isPending && <p className="calendar-status">{t('Reading the file…')}</p>}
        {preview.error && (
          <p className="event-form-error" role="alert">
            {preview.error.message}
          </p>
        )}
        {preview.data && (
          <>
            <p>
              {updates > 0
                ? t('{{count}} events ({{updates}} already in this calendar: they are updated, not doubled)', { count: items.length, updates })
                : t('{{count}} events', { count: items.length })}
            </p>
            <ul className="import-preview">
              {items.slice(0, PREVIEW_ROWS).map((item) => (
                <li key={item.uid}>
                  <span>{item.title || t('(no title)')}</span> <span className="calendar-status">{itemDetails(item, t)}</span>
                </li>
              ))}
              {items.length > PREVIEW_ROWS && <li className="calendar-status">{t('and {{count}} more', { count: items.length - PREVIEW_ROWS })}</li>}
            </ul>
            {preview.data.refused.length > 0 && (
              <p className="event-form-note">
                {t('{{count}} cannot be imported: {{title}}: {{reason}}', { count: preview.data.refused.length, title: preview.data.refused[0]!.title || t('(no title)'), reason: translateServerText(preview.data.refused[0]!.reason) })}
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
            {t('Cancel')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!preview.data || items.length === 0 || run.isPending}
            onClick={() => run.mutate({ calendarId, ics }, { onSuccess: onDone })}
          >
            {t('Import')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
