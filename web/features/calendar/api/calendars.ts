import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { calendarListSchema, calendarSchema, type Calendar, type CalendarInput } from '../../../../shared/api/calendar';
import { request } from '../../../lib/api-client';
import { calendarKeys } from './query-keys';

export function calendarsQueryOptions() {
  return queryOptions({
    queryKey: calendarKeys.calendars(),
    queryFn: ({ signal }) => request('/api/calendars', { schema: calendarListSchema, signal }),
  });
}

export function useCalendars() {
  return useQuery(calendarsQueryOptions());
}

export function calendarPath(id: string): string {
  return `/api/calendars/${encodeURIComponent(id)}`;
}

export function useCreateCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CalendarInput) => request<Calendar>('/api/calendars', { method: 'POST', body: input, schema: calendarSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: calendarKeys.calendars() }),
  });
}

export function useUpdateCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: CalendarInput }) =>
      request<Calendar>(calendarPath(id), { method: 'PATCH', body: input, schema: calendarSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: calendarKeys.calendars() }),
  });
}

export function useDeleteCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request(calendarPath(id), { method: 'DELETE' }),
    onSettled: (_result, _error, id) => {
      queryClient.removeQueries({ queryKey: calendarKeys.calendarEvents(id) });
      return queryClient.invalidateQueries({ queryKey: calendarKeys.calendars() });
    },
  });
}

