import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import {
  eventListSchema,
  savedEventSchema,
  type EditScope,
  type EventInput,
  type EventOccurrence,
  type SavedEvent,
} from '../../../../shared/api/calendar';
import { apiPath, request } from '../../../lib/api-client';
import { calendarPath } from './calendars';
import { calendarKeys } from './query-keys';

export interface VisibleRange {
  from: string;
  to: string;
}

export function eventsPath(calendarId: string, objectName?: string): string {
  const base = `${calendarPath(calendarId)}/events`;
  return objectName ? `${base}/${encodeURIComponent(objectName)}` : base;
}

export function eventsQueryOptions(calendarId: string, range: VisibleRange) {
  return {
    queryKey: calendarKeys.range(calendarId, range.from, range.to),
    queryFn: ({ signal }: { signal: AbortSignal }) => request(apiPath(eventsPath(calendarId), { ...range }), { schema: eventListSchema, signal }),
  };
}

/** The occurrences of every shown calendar in the visible range: one query per calendar, so ticking one on fetches only it. */
export function useVisibleEvents(calendarIds: string[], range: VisibleRange | null) {
  return useQueries({
    queries: range ? calendarIds.map((id) => eventsQueryOptions(id, range)) : [],
    combine: (results) => ({
      events: results.flatMap((result) => result.data?.events ?? []),
      error: results.find((result) => result.error)?.error ?? null,
    }),
  });
}

export interface EventChange {
  occurrence: EventOccurrence;
  scope: EditScope;
  event: EventInput;
  /** Move it into this calendar (the whole event). */
  calendarId?: string;
}

export function useEventMutations() {
  const queryClient = useQueryClient();
  const refresh = (calendarId: string) => queryClient.invalidateQueries({ queryKey: calendarKeys.calendarEvents(calendarId) });
  const create = useMutation({
    mutationFn: ({ calendarId, event }: { calendarId: string; event: EventInput }) =>
      request<SavedEvent>(eventsPath(calendarId), { method: 'POST', body: { event }, schema: savedEventSchema }),
    onSettled: (_saved, _error, { calendarId }) => refresh(calendarId),
  });
  const update = useMutation({
    mutationFn: ({ occurrence, scope, event, calendarId }: EventChange) =>
      request<SavedEvent>(eventsPath(occurrence.calendarId, occurrence.objectName), {
        method: 'PUT',
        body: { etag: occurrence.etag, occurrenceId: occurrence.occurrenceId, scope, event, calendarId },
        schema: savedEventSchema,
      }),
    // Also after a conflict: the calendar then shows what the server holds.
    onSettled: async (_saved, _error, { occurrence, calendarId }) => {
      await refresh(occurrence.calendarId);
      if (calendarId) await refresh(calendarId);
    },
  });
  const remove = useMutation({
    mutationFn: ({ occurrence, scope }: { occurrence: EventOccurrence; scope: EditScope }) =>
      request(
        apiPath(eventsPath(occurrence.calendarId, occurrence.objectName), {
          etag: occurrence.etag ?? undefined,
          occurrenceId: occurrence.occurrenceId ?? undefined,
          scope,
        }),
        { method: 'DELETE' },
      ),
    onSettled: (_result, _error, { occurrence }) => refresh(occurrence.calendarId),
  });
  return { create, update, remove };
}

