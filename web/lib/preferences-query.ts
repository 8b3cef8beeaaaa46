import { queryOptions } from '@tanstack/react-query';
import type { Preferences } from '../../shared/api/preferences';
import { request } from './api-client';

/**
 * The preferences' query, apart from the rest of lib/preferences.ts: the theme
 * reads it on every page, the sign-in page's included, whose first load
 * carries no zod (issue 14); the schema loads as the request starts.
 */
export const preferencesKeys = {
  all: ['preferences'] as const,
};

export function getPreferences(signal?: AbortSignal): Promise<Preferences> {
  return request('/api/preferences', { schema: () => import('../../shared/api/preferences').then((m) => m.preferencesSchema), signal });
}

export function preferencesQueryOptions() {
  return queryOptions({
    queryKey: preferencesKeys.all,
    queryFn: ({ signal }) => getPreferences(signal),
    // Preferences change only through this tab's own saves (which update the cache) or another tab's.
    staleTime: 5 * 60_000,
  });
}
