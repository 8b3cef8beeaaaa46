import { queryOptions, useQuery } from '@tanstack/react-query';
import { autoreplySettingsSchema, type AutoreplySettings } from '../../../../shared/api/autoreply';
import { request } from '../../../lib/api-client';
import { useGuardedSave } from './guarded-save';
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
  return useGuardedSave(settingsKeys.autoreply(), saveAutoreply);
}
