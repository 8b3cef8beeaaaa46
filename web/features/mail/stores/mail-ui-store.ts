import { create } from 'zustand';

/**
 * What the user has picked in Mail. Server data never lives here (that is the
 * query cache); only which folder and which row.
 *
 * The selection remembers both the row position (the keyboard moves by
 * position, and a row may not have loaded yet) and the UID (the identity that
 * survives new mail shifting the rows).
 */
interface MailUiState {
  /** Folder path; null means the Inbox, whatever the server calls it. */
  folder: string | null;
  cursor: number;
  selectedUid: number | null;
  /** The message shown in the reading pane. */
  openUid: number | null;
  selectFolder: (folder: string) => void;
  select: (index: number, uid: number | null) => void;
  open: (index: number, uid: number) => void;
  reset: () => void;
}

const initial = { folder: null, cursor: -1, selectedUid: null, openUid: null };

export const useMailUiStore = create<MailUiState>()((set) => ({
  ...initial,
  selectFolder: (folder) => set({ ...initial, folder }),
  select: (cursor, selectedUid) => set({ cursor, selectedUid }),
  open: (cursor, uid) => set({ cursor, selectedUid: uid, openUid: uid }),
  reset: () => set(initial),
}));

export function resetMailUiStore(): void {
  useMailUiStore.getState().reset();
}
