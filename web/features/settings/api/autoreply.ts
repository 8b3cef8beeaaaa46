import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { autoreplySettingsSchema, type AutoreplySettings } from '../../../../shared/api/autoreply';
import { ApiError, request } from '../../../lib/api-client';
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

/** `basedOn`: the version the user edited; a change made elsewhere since is refused, not overwritten. */
export function saveAutoreply({ settings, basedOn }: { settings: AutoreplySettings; basedOn: string }): Promise<AutoreplySettings> {
  return request('/api/settings/autoreply', { method: 'PUT', body: settings, schema: autoreplySettingsSchema, ifMatch: basedOn });
}

export function useSaveAutoreply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveAutoreply,
    onSuccess: (saved) => queryClient.setQueryData(settingsKeys.autoreply(), saved),
    // Changed elsewhere: fetch what is there now (the edits stay, shown over it).
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'conflict') void queryClient.invalidateQueries({ queryKey: settingsKeys.autoreply() });
    },
  });
}
