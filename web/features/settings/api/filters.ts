import { queryOptions, useQuery } from '@tanstack/react-query';
import {
  applyFilterResultSchema,
  filterRuleSchema,
  filtersResponseSchema,
  type ApplyFilterRequest,
  type ApplyFilterResult,
  type FilterRule,
  type FiltersResponse,
} from '../../../../shared/api/filters';
import { apiPath, request } from '../../../lib/api-client';
import { useGuardedSave } from './guarded-save';
import { settingsKeys } from './query-keys';

export function getFilters(signal?: AbortSignal): Promise<FiltersResponse> {
  return request('/api/filters', { schema: filtersResponseSchema, signal });
}

export function filtersQueryOptions() {
  return queryOptions({ queryKey: settingsKeys.filters(), queryFn: ({ signal }) => getFilters(signal) });
}

export function useFilters() {
  return useQuery(filtersQueryOptions());
}

/** `basedOn`: the version the user edited; a change made elsewhere since is refused, not overwritten. */
export function saveFilters({ rules, basedOn }: { rules: FilterRule[]; basedOn: string }): Promise<FiltersResponse> {
  return request('/api/filters', { method: 'PUT', body: rules, schema: filtersResponseSchema, ifMatch: basedOn });
}

export function useSaveFilters() {
  return useGuardedSave(settingsKeys.filters(), saveFilters);
}

/** "Create filter": a rule that matches this message's mailing list, or else its sender. */
export function getFilterFromMessage(folder: string, uid: number): Promise<FilterRule> {
  return request(apiPath('/api/filters/from-message', { folder, uid }), { schema: filterRuleSchema });
}

/** One window of "Apply to this folder now". */
export function applyFilterWindow(body: ApplyFilterRequest, signal?: AbortSignal): Promise<ApplyFilterResult> {
  return request('/api/filters/apply', { method: 'POST', body, schema: applyFilterResultSchema, signal });
}
