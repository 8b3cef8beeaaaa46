import { create } from 'zustand';

/**
 * Settings edits not saved yet, per section. Kept here rather than in the
 * forms, so they survive switching sections and leaving Settings for Mail and
 * back; cleared at sign-out with the rest of the user's state.
 */
interface DraftsState {
  edits: Readonly<Record<string, unknown>>;
  /** The version of the saved settings each section's edits started from: a save names it, so a change made elsewhere since is not overwritten unseen. */
  bases: Readonly<Record<string, string>>;
  /** Sections whose edits differ from what is saved (the section list marks them). */
  unsaved: ReadonlySet<string>;
  /** `base`: the version of what is saved, kept from the first edit on. */
  setEdit: (section: string, edit: unknown, base?: string) => void;
  /** The edits now knowingly replace this version (after the user was told of a change made elsewhere). */
  rebase: (section: string, base: string) => void;
  setUnsaved: (section: string, unsaved: boolean) => void;
}

const INITIAL = { edits: {}, bases: {}, unsaved: new Set<string>() };

export const useDraftsStore = create<DraftsState>((set) => ({
  ...INITIAL,
  setEdit: (section, edit, base) =>
    set((state) => {
      const edits = { ...state.edits };
      const bases = { ...state.bases };
      if (edit === null) {
        delete edits[section];
        delete bases[section];
      } else {
        edits[section] = edit;
        if (bases[section] === undefined && base !== undefined) bases[section] = base;
      }
      return { edits, bases };
    }),
  rebase: (section, base) => set((state) => ({ bases: { ...state.bases, [section]: base } })),
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
  useDraftsStore.setState({ edits: {}, bases: {}, unsaved: new Set() });
}
