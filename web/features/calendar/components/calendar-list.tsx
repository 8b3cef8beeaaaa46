import { useState, type FormEvent } from 'react';
import { calendarInputSchema, type Calendar } from '../../../../shared/api/calendar';
import { useCreateCalendar, useDeleteCalendar, useUpdateCalendar } from '../api/calendars';
import { exportUrl } from '../api/import-calendar';
import { useT } from '../i18n';
import { useCalendarUiStore } from '../stores/calendar-ui-store';
import { ConfirmDelete } from './scope-dialog';
import { translateServerText } from '../../../lib/i18n/server-texts';

const NEW_CALENDAR_COLOR = '#2563c9';
// Icons: each button's name is its aria-label.
const EDIT_ICON = '✎';
const EXPORT_ICON = '⤓';

interface CalendarEditorProps {
  initial: { name: string; color: string };
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSubmit: (input: { name: string; color: string }) => void;
  onCancel: () => void;
}

function CalendarEditor({ initial, submitLabel, pending, error, onSubmit, onCancel }: CalendarEditorProps) {
  const t = useT();
  const [name, setName] = useState(initial.name);
  const [color, setColor] = useState(initial.color);
  const [problem, setProblem] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = calendarInputSchema.safeParse({ name, color });
    if (!checked.success) {
      const first = checked.error.issues[0];
      return setProblem(first ? translateServerText(first.message) : t('Check the name.'));
    }
    setProblem(null);
    onSubmit(checked.data);
  }
  return (
    <form className="calendar-editor" onSubmit={submit}>
      <input aria-label={t('Calendar name')} value={name} maxLength={200} autoFocus onChange={(e) => setName(e.target.value)} />
      <input aria-label={t('Calendar colour')} type="color" value={color} onChange={(e) => setColor(e.target.value)} />
      <button type="submit" className="button button-primary" disabled={pending}>
        {submitLabel}
      </button>
      <button type="button" className="button button-quiet" onClick={onCancel}>
        {t('Cancel')}
      </button>
      {(problem ?? error) && (
        <p className="calendar-editor-error" role="alert">
          {problem ?? error}
        </p>
      )}
    </form>
  );
}

/** Calendars on the left (SPEC §10): a checkbox each to show or hide it, a colour, and the highlighted one that receives new events. */
export function CalendarList({ calendars, highlighted }: { calendars: Calendar[]; highlighted: string | null }) {
  const t = useT();
  const hidden = useCalendarUiStore((state) => state.hidden);
  const setShown = useCalendarUiStore((state) => state.setShown);
  const highlight = useCalendarUiStore((state) => state.highlight);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Calendar | null>(null);
  const createCalendar = useCreateCalendar();
  const updateCalendar = useUpdateCalendar();
  const deleteCalendar = useDeleteCalendar();

  return (
    <section className="calendar-list" aria-label={t('Calendars')}>
      <h2 className="calendar-list-title">{t('Calendars')}</h2>
      <ul>
        {calendars.map((calendar) =>
          editing === calendar.id ? (
            <li key={calendar.id}>
              <CalendarEditor
                initial={calendar}
                submitLabel={t('Save')}
                pending={updateCalendar.isPending}
                error={updateCalendar.error?.message ?? null}
                onSubmit={(input) => updateCalendar.mutate({ id: calendar.id, input }, { onSuccess: () => setEditing(null) })}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={calendar.id} className={calendar.id === highlighted ? 'calendar-item is-highlighted' : 'calendar-item'} style={{ '--calendar-color': calendar.color } as React.CSSProperties}>
              <input
                type="checkbox"
                className="calendar-checkbox"
                aria-label={t('Show {{name}}', { name: calendar.name })}
                checked={!hidden.includes(calendar.id)}
                onChange={(e) => setShown(calendar.id, e.target.checked)}
              />
              <button type="button" className="calendar-name" aria-pressed={calendar.id === highlighted} onClick={() => highlight(calendar.id)}>
                {calendar.name}
              </button>
              <button type="button" className="calendar-action" aria-label={t('Edit {{name}}', { name: calendar.name })} title={t('Rename or recolour')} onClick={() => setEditing(calendar.id)}>
                {EDIT_ICON}
              </button>
              <a className="calendar-action" aria-label={t('Export {{name}}', { name: calendar.name })} title={t('Export as .ics')} href={exportUrl(calendar.id)} download>
                {EXPORT_ICON}
              </a>
              <button type="button" className="calendar-action" aria-label={t('Delete {{name}}', { name: calendar.name })} title={t('Delete')} onClick={() => setDeleting(calendar)}>
                ×
              </button>
            </li>
          ),
        )}
      </ul>
      {editing === 'new' ? (
        <CalendarEditor
          initial={{ name: '', color: NEW_CALENDAR_COLOR }}
          submitLabel={t('Create')}
          pending={createCalendar.isPending}
          error={createCalendar.error?.message ?? null}
          onSubmit={(input) =>
            createCalendar.mutate(input, {
              onSuccess: (calendar) => {
                setEditing(null);
                highlight(calendar.id);
              },
            })
          }
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button type="button" className="button button-quiet" onClick={() => setEditing('new')}>
          {t('New calendar')}
        </button>
      )}
      {deleting && (
        <ConfirmDelete
          title={t('Delete “{{name}}”?', { name: deleting.name })}
          body={t('The calendar and all its events are deleted from the server, also on your other devices.')}
          confirmLabel={t('Delete calendar')}
          onClose={() => setDeleting(null)}
          onConfirm={() => {
            deleteCalendar.mutate(deleting.id);
            setDeleting(null);
          }}
        />
      )}
    </section>
  );
}
