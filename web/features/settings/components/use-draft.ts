import { useEffect } from 'react';
import { useDraftsStore } from '../stores/drafts-store';

/**
 * A section's edits over what is saved. Untouched, it shows the saved value
 * (and follows it when another tab saves); edited, it keeps the edits until
 * they are saved or reset, even while the section is not shown, and remembers
 * which version of the saved value they started from (`basedOn`).
 */
export function useDraft<T>(section: string, saved: T, version = '') {
  const edited = useDraftsStore((state) => state.edits[section]) as T | undefined;
  const base = useDraftsStore((state) => state.bases[section]);
  const setEdit = useDraftsStore((state) => state.setEdit);
  const rebase = useDraftsStore((state) => state.rebase);
  const setUnsaved = useDraftsStore((state) => state.setUnsaved);
  const draft = edited ?? saved;
  const dirty = edited !== undefined && JSON.stringify(edited) !== JSON.stringify(saved);

  useEffect(() => {
    setUnsaved(section, dirty);
  }, [section, dirty, setUnsaved]);

  return {
    draft,
    dirty,
    update: (change: Partial<T>) => setEdit(section, { ...draft, ...change }, version),
    /** After a save: show the saved value again. */
    reset: () => setEdit(section, null),
    basedOn: base ?? version,
    /** Told of a change made elsewhere: the edits now knowingly replace that version. */
    rebase: (current: string) => rebase(section, current),
  };
}
