import { useState } from 'react';
import type { PreferenceSection, Preferences } from '../../../../shared/api/preferences';
import { contentVersion } from '../../../../shared/content-version';
import { conflictVersion } from '../api/guarded-save';
import { usePreferences, useSavePreferences, type PreferencesUpdate } from '../../../lib/preferences';
import { useDraft } from './use-draft';

/**
 * Draft, save and messages of one preferences section (kept in Tern's store).
 * `savedText` is passed translated on every render, so the sentence follows a
 * language saved in this very section.
 */
export function usePreferenceSection<S extends PreferenceSection>(section: S, savedText: string) {
  const { preferences, isPending, isError, error, refetch } = usePreferences();
  const { draft, dirty, update, reset, basedOn, rebase } = useDraft<Preferences[S]>(section, preferences[section], contentVersion(preferences[section]));
  const save = useSavePreferences();
  const [justSaved, setJustSaved] = useState(false);

  return {
    query: { isPending, isError, error, refetch },
    draft,
    dirty,
    update: (patch: Partial<Preferences[S]>) => {
      update(patch);
      setJustSaved(false);
      save.reset();
    },
    save: () =>
      save.mutate({ section, value: draft, basedOn } as PreferencesUpdate, {
        onSuccess: () => {
          reset();
          setJustSaved(true);
        },
        onError: (error) => {
          const current = conflictVersion(error);
          if (current) rebase(current);
        },
      }),
    form: { saving: save.isPending, canSave: dirty, savedMessage: justSaved ? savedText : null, error: save.error?.message ?? null },
  };
}
