import { useEffect } from 'react';
import { useDraftsStore } from '../stores/drafts-store';

/**
 * A section's edits over what is saved. Untouched, it shows the saved value
 * (and follows it when another tab saves); edited, it keeps the edits until
 * they are saved or reset, even while the section is not shown.
 */
export function useDraft<T>(section: string, saved: T) {
  const edited = useDraftsStore((state) => state.edits[section]) as T | undefined;
  const setEdit = useDraftsStore((state) => state.setEdit);
  const setUnsaved = useDraftsStore((state) => state.setUnsaved);
  const draft = edited ?? saved;
  const dirty = edited !== undefined && JSON.stringify(edited) !== JSON.stringify(saved);

  useEffect(() => {
    setUnsaved(section, dirty);
  }, [section, dirty, setUnsaved]);

  return {
    draft,
    dirty,
    update: (change: Partial<T>) => setEdit(section, { ...draft, ...change }),
    /** After a save: show the saved value again. */
    reset: () => setEdit(section, null),
  };
}
