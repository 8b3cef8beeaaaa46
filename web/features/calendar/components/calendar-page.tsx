import { useRef, useState } from 'react';
import { EVENT_CONFLICT_TEXT, type EditScope, type EventOccurrence, type ImportResult } from '../../../../shared/api/calendar';
import { LoadError } from '../../../components/load-error';
import { ApiError } from '../../../lib/api-client';
import { useCalendars } from '../api/calendars';
import { exportUrl } from '../api/import-calendar';
import { useEventMutations, useVisibleEvents, type VisibleRange } from '../api/events';
import { t, useT } from '../i18n';
import { useCalendarUiStore } from '../stores/calendar-ui-store';
import { CalendarList } from './calendar-list';
import { draftFromOccurrence, inputFromDraft, movedInput, newDraft, type EventDraft } from './event-draft';
import { EventForm } from './event-form';
import { ImportDialog } from './import-dialog';
import { Schedule } from './schedule';
import { ScopeDialog } from './scope-dialog';
import './calendar.css';
import { translateServerText } from '../../../lib/i18n/server-texts';

interface Editing {
  draft: EventDraft;
  occurrence: EventOccurrence | null;
}

interface ScopeQuestion {
  action: 'change' | 'delete';
  run: (scope: EditScope) => void;
  cancel?: () => void;
}

function isRepeating(occurrence: EventOccurrence): boolean {
  return occurrence.occurrenceId !== null;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.code === 'conflict') return translateServerText(EVENT_CONFLICT_TEXT);
  return error instanceof Error ? error.message : t('Something went wrong. Try again.');
}

/** What the import request can carry (shared/api/calendar.ts importRequestSchema). */
const MAX_IMPORT_BYTES = 900_000;

function importSummary(result: ImportResult): string {
  const counts = { created: result.created, updated: result.updated };
  const firstRefused = result.refused[0];
  if (!firstRefused) return t('Imported: {{created}} new, {{updated}} updated.', counts);
  return t('Imported: {{created}} new, {{updated}} updated, {{refused}} not imported ({{title}}: {{reason}}).', {
    ...counts,
    refused: result.refused.length,
    title: firstRefused.title || t('(no title)'),
    reason: translateServerText(firstRefused.reason),
  });
}

/** FileReader rather than Blob.text(): the same in every browser Tern supports and in the tests' DOM. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file cannot be read.'));
    reader.readAsText(file);
  });
}

function nextFullHour(): Date {
  const date = new Date();
  date.setMinutes(0, 0, 0);
  date.setHours(date.getHours() + 1);
  return date;
}

/** Calendar (SPEC §10): calendars on the left, the schedule on the right. */
export default function CalendarPage() {
  const t = useT();
  const calendarsQuery = useCalendars();
  const hidden = useCalendarUiStore((state) => state.hidden);
  const highlightedId = useCalendarUiStore((state) => state.highlighted);
  const calendars = calendarsQuery.data?.calendars ?? [];
  const target = calendars.find((calendar) => calendar.id === highlightedId) ?? calendars[0] ?? null;
  const [range, setRange] = useState<VisibleRange | null>(null);
  const shownIds = calendars.filter((calendar) => !hidden.includes(calendar.id)).map((calendar) => calendar.id);
  const visible = useVisibleEvents(shownIds, range);
  const { create, update, remove } = useEventMutations();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [question, setQuestion] = useState<ScopeQuestion | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [importing, setImporting] = useState<{ fileName: string; ics: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  async function chooseFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) return setNotice(t('{{fileName}} is too large to import at once (at most about 900 KB).', { fileName: file.name }));
    setImporting({ fileName: file.name, ics: await readText(file) });
  }

  function open(next: Editing) {
    setFormError(null);
    setEditing(next);
  }

  function createAt(start: Date, allDay: boolean) {
    if (!target) return setNotice(t('Create a calendar first.'));
    open({ draft: newDraft(start, allDay, target.id), occurrence: null });
  }

  /** A failed save: a conflict closes the form (the calendar now shows the server's version); anything else stays in it. */
  function failed(error: unknown) {
    if (error instanceof ApiError && error.code === 'conflict') {
      setEditing(null);
      setNotice(translateServerText(EVENT_CONFLICT_TEXT));
    } else {
      setFormError(messageOf(error));
    }
  }

  function withScope(occurrence: EventOccurrence, action: ScopeQuestion['action'], run: (scope: EditScope) => void, cancel?: () => void) {
    if (isRepeating(occurrence)) setQuestion({ action, run, cancel });
    else run('all');
  }

  function save(draft: EventDraft) {
    const event = inputFromDraft(draft);
    const occurrence = editing?.occurrence;
    if (!occurrence) {
      create.mutate({ calendarId: draft.calendarId, event }, { onSuccess: () => setEditing(null), onError: failed });
      return;
    }
    const done = { onSuccess: () => setEditing(null), onError: failed };
    // Another calendar takes the whole event (one CalDAV object holds the whole series): no question to ask.
    if (draft.calendarId !== occurrence.calendarId) update.mutate({ occurrence, scope: 'all', event, calendarId: draft.calendarId }, done);
    else withScope(occurrence, 'change', (scope) => update.mutate({ occurrence, scope, event }, done));
  }

  function deleteOpen() {
    const occurrence = editing?.occurrence;
    if (!occurrence) return;
    withScope(occurrence, 'delete', (scope) => remove.mutate({ occurrence, scope }, { onSuccess: () => setEditing(null), onError: failed }));
  }

  function moved(occurrence: EventOccurrence, start: Date, end: Date | null, allDay: boolean, revert: () => void) {
    const event = movedInput(occurrence, start, end, allDay);
    withScope(
      occurrence,
      'change',
      (scope) =>
        update.mutate(
          { occurrence, scope, event },
          {
            onError: (error) => {
              revert();
              setNotice(messageOf(error));
            },
          },
        ),
      revert,
    );
  }

  if (calendarsQuery.error) return <LoadError message={messageOf(calendarsQuery.error)} onRetry={() => void calendarsQuery.refetch()} />;

  return (
    <div className="calendar-page">
      <aside className="calendar-side">
        <button type="button" className="button button-primary" disabled={!target} onClick={() => createAt(nextFullHour(), false)}>
          {t('New Event')}
        </button>
        {calendarsQuery.isPending ? <p className="calendar-status">{t('Loading calendars…')}</p> : <CalendarList calendars={calendars} highlighted={target?.id ?? null} />}
        <button type="button" className="button button-quiet" disabled={!target} onClick={() => fileInput.current?.click()}>
          {t('Import…')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".ics,text/calendar"
          aria-label={t('iCalendar file to import')}
          hidden
          onChange={(e) => {
            chooseFile(e.target.files?.[0]).catch(() => setNotice(t('This file cannot be read.')));
            e.target.value = '';
          }}
        />
      </aside>
      <section className="calendar-main" aria-label={t('Schedule')}>
        {(notice ?? visible.error) && (
          <div className="calendar-notice" role="alert">
            <span>{notice ?? messageOf(visible.error)}</span>
            {notice && (
              <button type="button" className="button button-quiet" onClick={() => setNotice(null)}>
                {t('Dismiss')}
              </button>
            )}
          </div>
        )}
        <Schedule
          calendars={calendars}
          events={visible.events}
          onRangeChange={setRange}
          onCreateAt={createAt}
          onOpen={(occurrence) => open({ draft: draftFromOccurrence(occurrence), occurrence })}
          onChange={moved}
        />
      </section>
      {editing && (
        <EventForm
          initial={editing.draft}
          calendars={calendars}
          existing={editing.occurrence !== null}
          currentCalendarId={editing.occurrence?.calendarId}
          repeating={editing.occurrence ? isRepeating(editing.occurrence) : false}
          saving={create.isPending || update.isPending || remove.isPending}
          error={formError}
          onSave={save}
          onDelete={editing.occurrence ? deleteOpen : undefined}
          exportHref={editing.occurrence ? exportUrl(editing.occurrence.calendarId, editing.occurrence.objectName) : undefined}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && target && (
        <ImportDialog
          fileName={importing.fileName}
          ics={importing.ics}
          calendars={calendars}
          initialCalendarId={target.id}
          onClose={() => setImporting(null)}
          onDone={(result) => {
            setImporting(null);
            setNotice(importSummary(result));
          }}
        />
      )}
      {question && (
        <ScopeDialog
          action={question.action}
          onChoose={(scope) => {
            setQuestion(null);
            question.run(scope);
          }}
          onClose={() => {
            setQuestion(null);
            question.cancel?.();
          }}
        />
      )}
    </div>
  );
}
