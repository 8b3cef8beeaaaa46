import { create } from 'zustand';

/** Which settings sections hold edits not saved yet, so the section list can say so. */
interface UnsavedState {
  sections: ReadonlySet<string>;
  setUnsaved: (section: string, unsaved: boolean) => void;
}

export const useUnsavedStore = create<UnsavedState>((set) => ({
  sections: new Set(),
  setUnsaved: (section, unsaved) =>
    set((state) => {
      if (state.sections.has(section) === unsaved) return state;
      const sections = new Set(state.sections);
      if (unsaved) sections.add(section);
      else sections.delete(section);
      return { sections };
    }),
}));
