import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { autoreplySettingsSchema, type AutoreplySettings } from '../../../../shared/api/autoreply';
import { request } from '../../../lib/api-client';
import { settingsKeys } from './query-keys';

export function getAutoreply(signal?: AbortSignal): Promise<AutoreplySettings> {
  return request('/api/settings/autoreply', { schema: autoreplySettingsSchema, signal });
}

export function autoreplyQueryOptions() {
  return queryOptions({ queryKey: settingsKeys.autoreply(), queryFn: ({ signal }) => getAutoreply(signal) });
}

export function useAutoreply() {
  return useQuery(autoreplyQueryOptions());
}

export function saveAutoreply(settings: AutoreplySettings): Promise<AutoreplySettings> {
  return request('/api/settings/autoreply', { method: 'PUT', body: settings, schema: autoreplySettingsSchema });
}

export function useSaveAutoreply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveAutoreply,
    onSuccess: (saved) => queryClient.setQueryData(settingsKeys.autoreply(), saved),
  });
}
