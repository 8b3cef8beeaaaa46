import { useMutation, useQueryClient } from '@tanstack/react-query';
import { importResultSchema, type ImportResult } from '../../../../shared/api/calendar';
import { request } from '../../../lib/api-client';
import { calendarPath } from './calendars';
import { calendarKeys } from './query-keys';

export function importIcs(calendarId: string, ics: string, preview: boolean): Promise<ImportResult> {
  return request(`${calendarPath(calendarId)}/import`, { method: 'POST', body: { ics, preview }, schema: importResultSchema });
}

export function useImportIcs() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ calendarId, ics }: { calendarId: string; ics: string }) => importIcs(calendarId, ics, false),
    onSettled: (_result, _error, { calendarId }) => queryClient.invalidateQueries({ queryKey: calendarKeys.calendarEvents(calendarId) }),
  });
}

/** Where the browser downloads a calendar, or one event, as .ics. */
export function exportUrl(calendarId: string, objectName?: string): string {
  return objectName ? `${calendarPath(calendarId)}/events/${encodeURIComponent(objectName)}/export` : `${calendarPath(calendarId)}/export`;
}
