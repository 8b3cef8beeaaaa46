import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DEFAULT_PREFERENCES,
  preferencesSchema,
  type PreferenceSection,
  type Preferences,
} from '../../shared/api/preferences';
import { ApiError, request } from './api-client';
import { preferencesKeys, preferencesQueryOptions } from './preferences-query';

export { getPreferences, preferencesKeys, preferencesQueryOptions } from './preferences-query';

/**
 * The user's preferences (identity, signature, display, sending). Several
 * features read them (compose, the mail list, the theme), so they live in
 * lib/ rather than in the settings feature that edits them.
 *
 * `preferences`  is the defaults until the server's answer arrives, so readers never wait on it. */
export function usePreferences() {
  const query = useQuery(preferencesQueryOptions());
  return { ...query, preferences: query.data ?? DEFAULT_PREFERENCES };
}

/** One section and its new value, e.g. `{ section: 'display', value: {...} }`, and the version the edits started from. */
export type PreferencesUpdate = { [S in PreferenceSection]: { section: S; value: Preferences[S]; basedOn: string } }[PreferenceSection];

export function savePreferences({ section, value, basedOn }: PreferencesUpdate): Promise<Preferences> {
  return request(`/api/preferences/${section}`, { method: 'PUT', body: value, schema: preferencesSchema, ifMatch: basedOn });
}

/** Saves one section; the answer (all preferences) replaces the cache so every reader sees it at once. */
export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: savePreferences,
    onSuccess: (preferences) => queryClient.setQueryData(preferencesKeys.all, preferences),
    // Changed elsewhere: fetch what is there now (the edits stay, shown over it).
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'conflict') void queryClient.invalidateQueries({ queryKey: preferencesKeys.all });
    },
  });
}
