import { create } from 'zustand';

/**
 * Settings edits not saved yet, per section. Kept here rather than in the
 * forms, so they survive switching sections and leaving Settings for Mail and
 * back; cleared at sign-out with the rest of the user's state.
 */
interface DraftsState {
  edits: Readonly<Record<string, unknown>>;
  /** Sections whose edits differ from what is saved (the section list marks them). */
  unsaved: ReadonlySet<string>;
  setEdit: (section: string, edit: unknown) => void;
  setUnsaved: (section: string, unsaved: boolean) => void;
}

const INITIAL = { edits: {}, unsaved: new Set<string>() };

export const useDraftsStore = create<DraftsState>((set) => ({
  ...INITIAL,
  setEdit: (section, edit) =>
    set((state) => {
      const edits = { ...state.edits };
      if (edit === null) delete edits[section];
      else edits[section] = edit;
      return { edits };
    }),
  setUnsaved: (section, unsaved) =>
    set((state) => {
      if (state.unsaved.has(section) === unsaved) return state;
      const next = new Set(state.unsaved);
      if (unsaved) next.add(section);
      else next.delete(section);
      return { unsaved: next };
    }),
}));

export function resetSettingsDrafts(): void {
  useDraftsStore.setState({ edits: {}, unsaved: new Set() });
}
