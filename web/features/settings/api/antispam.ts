import { queryOptions, useQuery } from '@tanstack/react-query';
import { antispamResponseSchema, type AntispamResponse, type AntispamSettings } from '../../../../shared/api/antispam';
import { request } from '../../../lib/api-client';
import { useGuardedSave } from './guarded-save';
import { settingsKeys } from './query-keys';

export function getAntispam(signal?: AbortSignal): Promise<AntispamResponse> {
  return request('/api/settings/antispam', { schema: antispamResponseSchema, signal });
}

export function antispamQueryOptions() {
  return queryOptions({ queryKey: settingsKeys.antispam(), queryFn: ({ signal }) => getAntispam(signal) });
}

export function useAntispam() {
  return useQuery(antispamQueryOptions());
}

/** Lists go as the user's lines (blank ones too) so errors can name line numbers. */
export type AntispamInput = Omit<AntispamSettings, 'whitelist' | 'blacklist'> & { whitelist: string[]; blacklist: string[] };

/** `basedOn`: the version the user edited; a change made elsewhere since is refused, not overwritten. */
export function saveAntispam({ settings, basedOn }: { settings: AntispamInput; basedOn: string }): Promise<AntispamResponse> {
  return request('/api/settings/antispam', { method: 'PUT', body: settings, schema: antispamResponseSchema, ifMatch: basedOn });
}

export function useSaveAntispam() {
  return useGuardedSave(settingsKeys.antispam(), saveAntispam);
}
