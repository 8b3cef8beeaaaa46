import { useState, type FormEvent } from 'react';
import { FREQUENCIES, WEEKDAYS, eventInputSchema, type Calendar, type RepeatRule, type Weekday } from '../../../../shared/api/calendar';
import { Modal } from '../../../components/modal';
import { browserTimeZone, defaultRepeat, inputFromDraft, type EventDraft } from './event-draft';

const FREQUENCY_LABELS: Record<RepeatRule['frequency'], string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', yearly: 'Yearly' };
const WEEKDAY_LABELS: Record<Weekday, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
const ORDINALS = ['first', 'second', 'third', 'fourth', 'last'];
export const REMINDER_CHOICES: Array<[number | null, string]> = [
  [null, 'None'],
  [0, 'At the start'],
  [5, '5 minutes before'],
  [15, '15 minutes before'],
  [30, '30 minutes before'],
  [60, '1 hour before'],
  [1440, '1 day before'],
];

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
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en', { weekday: 'long', timeZone: 'UTC' });
}

/** "On day 14" / "On the second Tuesday": what monthly repeats mean for this start date. */
function monthlyChoices(startDate: string): { date: string; weekday: string } {
  const day = Number(startDate.slice(8, 10));
  const week = Math.min(Math.ceil(day / 7), 5);
  return { date: `On day ${day}`, weekday: `On the ${ORDINALS[week - 1]} ${weekdayName(startDate)}` };
}

/** The event form (SPEC §10): title, location, description, all-day, start and end with zone, repeat, reminder, calendar; "Save". */
export function EventForm({ initial, calendars, existing, currentCalendarId, repeating, saving, error, onSave, onDelete, exportHref, onClose }: EventFormProps) {
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
      setProblem(checked.error.issues[0]?.message ?? 'Check the event’s details.');
      return;
    }
    setProblem(null);
    onSave(draft);
  }

  return (
    <Modal title={existing ? 'Edit event' : 'New event'} onClose={onClose} className="event-form-dialog">
      <form className="event-form" onSubmit={submit} noValidate>
        <label>
          Title
          <input data-autofocus value={draft.title} maxLength={500} onChange={(e) => update({ title: e.target.value })} />
        </label>
        <label>
          Location
          <input value={draft.location} maxLength={1000} onChange={(e) => update({ location: e.target.value })} />
        </label>
        <label className="event-form-check">
          <input type="checkbox" checked={draft.allDay} onChange={(e) => update({ allDay: e.target.checked })} />
          All day
        </label>
        <div className="event-form-times">
          <label>
            Start date
            <input type="date" value={draft.startDate} onChange={(e) => update({ startDate: e.target.value })} />
          </label>
          {!draft.allDay && (
            <label>
              Start time
              <input type="time" value={draft.startTime} onChange={(e) => update({ startTime: e.target.value })} />
            </label>
          )}
          <label>
            End date
            <input type="date" value={draft.endDate} onChange={(e) => update({ endDate: e.target.value })} />
          </label>
          {!draft.allDay && (
            <label>
              End time
              <input type="time" value={draft.endTime} onChange={(e) => update({ endTime: e.target.value })} />
            </label>
          )}
        </div>
        {!draft.allDay && (
          <label>
            Time zone
            <input list="event-form-zones" value={draft.timeZone} onChange={(e) => update({ timeZone: e.target.value.trim() })} />
            <datalist id="event-form-zones">
              {[...new Set([userZone, draft.timeZone, 'UTC'])].map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            {draft.timeZone !== userZone && <span className="event-form-note">Times are in {draft.timeZone}; you are in {userZone}.</span>}
          </label>
        )}
        <fieldset className="event-form-repeat">
          <legend>Repeat</legend>
          <select
            aria-label="Repeat"
            value={repeat?.frequency ?? 'none'}
            onChange={(e) => update({ repeat: e.target.value === 'none' ? null : defaultRepeat(e.target.value as RepeatRule['frequency']) })}
          >
            <option value="none">Does not repeat</option>
            {FREQUENCIES.map((frequency) => (
              <option key={frequency} value={frequency}>
                {FREQUENCY_LABELS[frequency]}
              </option>
            ))}
          </select>
          {repeat && (
            <>
              <label className="event-form-inline">
                Every
                <input type="number" min={1} max={999} value={repeat.interval} onChange={(e) => updateRepeat({ interval: Math.max(1, Number(e.target.value) || 1) })} />
              </label>
              {repeat.frequency === 'weekly' && (
                <div className="event-form-weekdays" role="group" aria-label="On days">
                  {WEEKDAYS.map((day) => (
                    <label key={day} className="event-form-check">
                      <input
                        type="checkbox"
                        checked={repeat.weekdays.includes(day)}
                        onChange={(e) =>
                          updateRepeat({ weekdays: e.target.checked ? WEEKDAYS.filter((d) => d === day || repeat.weekdays.includes(d)) : repeat.weekdays.filter((d) => d !== day) })
                        }
                      />
                      {WEEKDAY_LABELS[day]}
                    </label>
                  ))}
                </div>
              )}
              {repeat.frequency === 'monthly' && (
                <select aria-label="Monthly on" value={repeat.monthlyBy} onChange={(e) => updateRepeat({ monthlyBy: e.target.value as RepeatRule['monthlyBy'] })}>
                  <option value="date">{monthlyChoices(draft.startDate).date}</option>
                  <option value="weekday">{monthlyChoices(draft.startDate).weekday}</option>
                </select>
              )}
              <select
                aria-label="Ends"
                value={ends}
                onChange={(e) =>
                  updateRepeat(
                    e.target.value === 'until' ? { until: draft.startDate, count: null } : e.target.value === 'count' ? { until: null, count: 10 } : { until: null, count: null },
                  )
                }
              >
                <option value="never">Never ends</option>
                <option value="until">Until a date</option>
                <option value="count">After a number of times</option>
              </select>
              {ends === 'until' && (
                <input type="date" aria-label="Until" value={repeat.until ?? ''} onChange={(e) => updateRepeat({ until: e.target.value || null })} />
              )}
              {ends === 'count' && (
                <input type="number" aria-label="Times" min={1} max={1000} value={repeat.count ?? 1} onChange={(e) => updateRepeat({ count: Math.max(1, Number(e.target.value) || 1) })} />
              )}
            </>
          )}
        </fieldset>
        {!existing && (
          <label>
            Guests
            <input value={draft.guests} placeholder="name@example.com, …" onChange={(e) => update({ guests: e.target.value })} />
            {draft.guests.trim() && <span className="event-form-note">Each guest gets an invitation by mail when you save.</span>}
          </label>
        )}
        <label>
          Reminder
          <select value={draft.reminderMinutes ?? 'none'} onChange={(e) => update({ reminderMinutes: e.target.value === 'none' ? null : Number(e.target.value) })}>
            {REMINDER_CHOICES.map(([minutes, label]) => (
              <option key={label} value={minutes ?? 'none'}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Calendar
          <select value={draft.calendarId} onChange={(e) => update({ calendarId: e.target.value })}>
            {calendars.map((calendar) => (
              <option key={calendar.id} value={calendar.id}>
                {calendar.name}
              </option>
            ))}
          </select>
          {existing && repeating && draft.calendarId !== currentCalendarId && <span className="event-form-note">Every event of the series moves to this calendar.</span>}
        </label>
        <label>
          Description
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
              Delete
            </button>
          )}
          {exportHref && (
            <a className="button button-quiet" href={exportHref} download>
              Export
            </a>
          )}
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={saving}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
