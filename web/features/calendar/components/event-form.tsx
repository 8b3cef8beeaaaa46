import { useState, type FormEvent } from 'react';
import { FREQUENCIES, WEEKDAYS, eventInputSchema, type Calendar, type RepeatRule, type Weekday } from '../../../../shared/api/calendar';
import { Modal } from '../../../components/modal';
import { currentLocale, msg } from '../../../lib/i18n/i18n';
import { useT } from '../i18n';
import { browserTimeZone, defaultRepeat, inputFromDraft, type EventDraft } from './event-draft';
import { translateServerText } from '../../../lib/i18n/server-texts';

const FREQUENCY_LABELS: Record<RepeatRule['frequency'], string> = { daily: msg('Daily'), weekly: msg('Weekly'), monthly: msg('Monthly'), yearly: msg('Yearly') };
const WEEKDAY_LABELS: Record<Weekday, string> = { MO: msg('Mon'), TU: msg('Tue'), WE: msg('Wed'), TH: msg('Thu'), FR: msg('Fri'), SA: msg('Sat'), SU: msg('Sun') };
// Whole phrases: the ordinal's form and place depend on the language.
const NTH_WEEKDAY = [msg('On the first {{weekday}}'), msg('On the second {{weekday}}'), msg('On the third {{weekday}}'), msg('On the fourth {{weekday}}'), msg('On the last {{weekday}}')];
export const REMINDER_CHOICES: Array<[number | null, string]> = [
  [null, msg('None')],
  [0, msg('At the start')],
  [5, msg('5 minutes before')],
  [15, msg('15 minutes before')],
  [30, msg('30 minutes before')],
  [60, msg('1 hour before')],
  [1440, msg('1 day before')],
];
// Addresses, the same in every language.
const GUESTS_EXAMPLE = 'name@example.com, …';

interface EventFormProps {
  initial: EventDraft;
  calendars: Calendar[];
  /** An existing event: it can be deleted, and moved to another calendar as a whole. */
  existing: boolean;
  /** The calendar an existing event is in now. */
  currentCalendarId?: string;
  /** An existing event repeats: another calendar takes the whole series. */
  repeating?: boolean;
  saving: boolean;
  error: string | null;
  onSave: (draft: EventDraft) => void;
  onDelete?: () => void;
  /** Download of the event as .ics (existing events). */
  exportHref?: string;
  onClose: () => void;
}

function weekdayName(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(currentLocale(), { weekday: 'long', timeZone: 'UTC' });
}

/** "On day 14" / "On the second Tuesday": what monthly repeats mean for this start date. */
function monthlyChoices(startDate: string, t: ReturnType<typeof useT>): { date: string; weekday: string } {
  const day = Number(startDate.slice(8, 10));
  const week = Math.min(Math.ceil(day / 7), 5);
  return { date: t('On day {{day}}', { day }), weekday: t(NTH_WEEKDAY[week - 1]!, { weekday: weekdayName(startDate) }) };
}

/** The event form (SPEC §10): title, location, description, all-day, start and end with zone, repeat, reminder, calendar; "Save". */
export function EventForm({ initial, calendars, existing, currentCalendarId, repeating, saving, error, onSave, onDelete, exportHref, onClose }: EventFormProps) {
  const t = useT();
  const [draft, setDraft] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const update = (patch: Partial<EventDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const updateRepeat = (patch: Partial<RepeatRule>) => setDraft((current) => (current.repeat ? { ...current, repeat: { ...current.repeat, ...patch } } : current));
  const userZone = browserTimeZone();
  const repeat = draft.repeat;
  const ends = repeat?.until ? 'until' : repeat?.count ? 'count' : 'never';

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = eventInputSchema.safeParse(inputFromDraft(draft));
    if (!checked.success) {
      const first = checked.error.issues[0];
      setProblem(first ? translateServerText(first.message) : t('Check the event’s details.'));
      return;
    }
    setProblem(null);
    onSave(draft);
  }

  return (
    <Modal title={existing ? t('Edit event') : t('New event')} onClose={onClose} className="event-form-dialog">
      <form className="event-form" onSubmit={submit} noValidate>
        <label>
          {t('Title')}
          <input data-autofocus value={draft.title} maxLength={500} onChange={(e) => update({ title: e.target.value })} />
        </label>
        <label>
          {t('Location')}
          <input value={draft.location} maxLength={1000} onChange={(e) => update({ location: e.target.value })} />
        </label>
        <label className="event-form-check">
          <input type="checkbox" checked={draft.allDay} onChange={(e) => update({ allDay: e.target.checked })} />
          {t('All day')}
        </label>
        <div className="event-form-times">
          <label>
            {t('Start date')}
            <input type="date" value={draft.startDate} onChange={(e) => update({ startDate: e.target.value })} />
          </label>
          {!draft.allDay && (
            <label>
              {t('Start time')}
              <input type="time" value={draft.startTime} onChange={(e) => update({ startTime: e.target.value })} />
            </label>
          )}
          <label>
            {t('End date')}
            <input type="date" value={draft.endDate} onChange={(e) => update({ endDate: e.target.value })} />
          </label>
          {!draft.allDay && (
            <label>
              {t('End time')}
              <input type="time" value={draft.endTime} onChange={(e) => update({ endTime: e.target.value })} />
            </label>
          )}
        </div>
        {!draft.allDay && (
          <label>
            {t('Time zone')}
            <input list="event-form-zones" value={draft.timeZone} onChange={(e) => update({ timeZone: e.target.value.trim() })} />
            <datalist id="event-form-zones">
              {[...new Set([userZone, draft.timeZone, 'UTC'])].map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            {draft.timeZone !== userZone && <span className="event-form-note">{t('Times are in {{eventZone}}; you are in {{userZone}}.', { eventZone: draft.timeZone, userZone })}</span>}
          </label>
        )}
        <fieldset className="event-form-repeat">
          <legend>{t('Repeat')}</legend>
          <select
            aria-label={t('Repeat')}
            value={repeat?.frequency ?? 'none'}
            onChange={(e) => update({ repeat: e.target.value === 'none' ? null : defaultRepeat(e.target.value as RepeatRule['frequency']) })}
          >
            <option value="none">{t('Does not repeat')}</option>
            {FREQUENCIES.map((frequency) => (
              <option key={frequency} value={frequency}>
                {t(FREQUENCY_LABELS[frequency])}
              </option>
            ))}
          </select>
          {repeat && (
            <>
              <label className="event-form-inline">
                {t('Every')}
                <input type="number" min={1} max={999} value={repeat.interval} onChange={(e) => updateRepeat({ interval: Math.max(1, Number(e.target.value) || 1) })} />
              </label>
              {repeat.frequency === 'weekly' && (
                <div className="event-form-weekdays" role="group" aria-label={t('On days')}>
                  {WEEKDAYS.map((day) => (
                    <label key={day} className="event-form-check">
                      <input
                        type="checkbox"
                        checked={repeat.weekdays.includes(day)}
                        onChange={(e) =>
                          updateRepeat({ weekdays: e.target.checked ? WEEKDAYS.filter((d) => d === day || repeat.weekdays.includes(d)) : repeat.weekdays.filter((d) => d !== day) })
                        }
                      />
                      {t(WEEKDAY_LABELS[day])}
                    </label>
                  ))}
                </div>
              )}
              {repeat.frequency === 'monthly' && (
                <select aria-label={t('Monthly on')} value={repeat.monthlyBy} onChange={(e) => updateRepeat({ monthlyBy: e.target.value as RepeatRule['monthlyBy'] })}>
                  <option value="date">{monthlyChoices(draft.startDate, t).date}</option>
                  <option value="weekday">{monthlyChoices(draft.startDate, t).weekday}</option>
                </select>
              )}
              <select
                aria-label={t('Ends')}
                value={ends}
                onChange={(e) =>
                  updateRepeat(
                    e.target.value === 'until' ? { until: draft.startDate, count: null } : e.target.value === 'count' ? { until: null, count: 10 } : { until: null, count: null },
                  )
                }
              >
                <option value="never">{t('Never ends')}</option>
                <option value="until">{t('Until a date')}</option>
                <option value="count">{t('After a number of times')}</option>
              </select>
              {ends === 'until' && (
                <input type="date" aria-label={t('Until')} value={repeat.until ?? ''} onChange={(e) => updateRepeat({ until: e.target.value || null })} />
              )}
              {ends === 'count' && (
                <input type="number" aria-label={t('Times')} min={1} max={1000} value={repeat.count ?? 1} onChange={(e) => updateRepeat({ count: Math.max(1, Number(e.target.value) || 1) })} />
              )}
            </>
          )}
        </fieldset>
        {!existing && (
          <label>
            {t('Guests')}
            <input value={draft.guests} placeholder={GUESTS_EXAMPLE} onChange={(e) => update({ guests: e.target.value })} />
            {draft.guests.trim() && <span className="event-form-note">{t('Each guest gets an invitation by mail when you save.')}</span>}
          </label>
        )}
        <label>
          {t('Reminder')}
          <select value={draft.reminderMinutes ?? 'none'} onChange={(e) => update({ reminderMinutes: e.target.value === 'none' ? null : Number(e.target.value) })}>
            {REMINDER_CHOICES.map(([minutes, label]) => (
              <option key={label} value={minutes ?? 'none'}>
                {t(label)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('Calendar')}
          <select value={draft.calendarId} onChange={(e) => update({ calendarId: e.target.value })}>
            {calendars.map((calendar) => (
              <option key={calendar.id} value={calendar.id}>
                {calendar.name}
              </option>
            ))}
          </select>
          {existing && repeating && draft.calendarId !== currentCalendarId && <span className="event-form-note">{t('Every event of the series moves to this calendar.')}</span>}
        </label>
        <label>
          {t('Description')}
          <textarea rows={3} value={draft.description} maxLength={20_000} onChange={(e) => update({ description: e.target.value })} />
        </label>
        {(problem ?? error) && (
          <p className="event-form-error" role="alert">
            {problem ?? error}
          </p>
        )}
        <div className="modal-actions">
          {onDelete && (
            <button type="button" className="button button-danger" onClick={onDelete} disabled={saving}>
              {t('Delete')}
            </button>
          )}
          {exportHref && (
            <a className="button button-quiet" href={exportHref} download>
              {t('Export')}
            </a>
          )}
          <button type="button" className="button" onClick={onClose}>
            {t('Cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={saving}>
            {t('Save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
