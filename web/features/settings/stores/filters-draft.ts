import type { FilterRule, FiltersResponse } from '../../../../shared/api/filters';
import { useDraftsStore } from './drafts-store';

/** The Filters section's id: its page address and the key of its edits. */
export const FILTERS_SECTION = 'filters';

export interface FiltersDraft {
  rules: FilterRule[];
}

/**
 * "Create filter" from a message: the rule joins the Filters edits (after any
 * not saved yet), based on the rules as saved, so saving it is guarded like
 * any other edit.
 */
export function proposeFilter(rule: FilterRule, saved: FiltersResponse): void {
  const { edits, setEdit } = useDraftsStore.getState();
  const current = (edits[FILTERS_SECTION] as FiltersDraft | undefined)?.rules ?? saved.rules;
  setEdit(FILTERS_SECTION, { rules: [...current, rule] } satisfies FiltersDraft, saved.version);
}
