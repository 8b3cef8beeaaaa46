import { useEffect, useState } from 'react';
import { useUnsavedStore } from '../stores/unsaved-store';

/**
 * A section's edits over what is saved. Untouched, it shows the saved value
 * (and follows it when another tab saves); edited, it keeps the edits until
 * they are saved or reset. Reports whether it holds unsaved edits.
 */
export function useDraft<T>(section: string, saved: T) {
  const [edited, setEdited] = useState<T | null>(null);
  const draft = edited ?? saved;
  const dirty = edited !== null && JSON.stringify(edited) !== JSON.stringify(saved);
  const setUnsaved = useUnsavedStore((state) => state.setUnsaved);

  useEffect(() => {
    setUnsaved(section, dirty);
  }, [section, dirty, setUnsaved]);
  useEffect(() => () => setUnsaved(section, false), [section, setUnsaved]);

  return {
    draft,
    dirty,
    update: (change: Partial<T>) => setEdited({ ...draft, ...change }),
    /** After a save: show the saved value again. */
    reset: () => setEdited(null),
  };
}
