import { create } from 'zustand';
import { DEFAULT_VIEW, type ListView } from '../../../lib/mail-keys';
import { useDialogStore } from './dialog-store';
import { useToastStore } from './toast-store';

/**
 * What the user has picked in Mail. Server data never lives here (that is the
 * query cache); only which folder, which view of it, which rows.
 *
 * The selection is kept by UID, the identity that survives new mail shifting
 * the rows. Rows are chosen by position, though, and a position whose window
 * has not loaded yet has no UID: such positions wait in `pending` and become
 * UIDs when their rows arrive (the list resolves them). "Select all" is its own
 * state: it means every message of the folder (or search) on the server, most
 * of which the browser has never seen.
 */
export interface Selection {
  all: boolean;
  uids: ReadonlySet<number>;
  pending: { from: number; to: number } | null;
}

const NOTHING: Selection = { all: false, uids: new Set(), pending: null };

interface MailUiState {
  /** Folder path; null means the Inbox, whatever the server calls it. */
  folder: string | null;
  view: ListView;
  /** The row the keyboard is on. */
  cursor: number;
  /** Where a Shift-click range starts. */
  anchor: number;
  selection: Selection;
  /** The message shown in the reading pane. */
  openUid: number | null;
  /** The "Move to…" menu of the action bar (the "m" shortcut opens it too). */
  moveMenuOpen: boolean;
  selectFolder: (folder: string) => void;
  setView: (view: ListView) => void;
  /**
   * A plain click or a keyboard move: this row and nothing else. A conversation's
   * row (issue 17) stands for all its messages in the folder: `uids`.
   */
  selectOne: (index: number, uid: number | null, uids?: readonly number[]) => void;
  open: (index: number, uid: number, uids?: readonly number[]) => void;
  /** Back from a message shown full size (list-only view) to the list. */
  closeMessage: () => void;
  /** Ctrl/Cmd-click. */
  toggle: (index: number, uid: number, uids?: readonly number[]) => void;
  /** Shift-click or Shift-arrow: anchor…index; uids when every row of it is known. */
  selectRange: (index: number, uids: number[] | null) => void;
  /** Rows of `pending` arrived: add their UIDs. */
  resolvePending: (uids: number[]) => void;
  selectAll: () => void;
  clearSelection: () => void;
  /** After the selection left the folder: the row that moved up into its place becomes the cursor. */
  afterRemoval: (removedUids: number[] | null, nextIndex: number) => void;
  setMoveMenuOpen: (open: boolean) => void;
  restore: (state: SelectionSnapshot) => void;
  reset: () => void;
}

export type SelectionSnapshot = Pick<MailUiState, 'folder' | 'view' | 'cursor' | 'anchor' | 'selection' | 'openUid'>;

const initial = {
  folder: null,
  view: DEFAULT_VIEW,
  cursor: -1,
  anchor: -1,
  selection: NOTHING,
  openUid: null,
  moveMenuOpen: false,
};

function one(index: number, uid: number | null, uids?: readonly number[]): Selection {
  if (uids) return { all: false, uids: new Set(uids), pending: null };
  return uid === null ? { all: false, uids: new Set(), pending: { from: index, to: index } } : { all: false, uids: new Set([uid]), pending: null };
}

export const useMailUiStore = create<MailUiState>()((set) => ({
  ...initial,
  selectFolder: (folder) => set({ ...initial, folder }),
  setView: (view) => set({ view, cursor: -1, anchor: -1, selection: NOTHING, moveMenuOpen: false }),
  selectOne: (index, uid, uids) => set({ cursor: index, anchor: index, selection: one(index, uid, uids) }),
  open: (index, uid, uids) => set({ cursor: index, anchor: index, selection: one(index, uid, uids), openUid: uid }),
  closeMessage: () => set({ openUid: null }),
  toggle: (index, uid, group = [uid]) =>
    set(({ selection }) => {
      const uids = new Set(selection.all ? [] : selection.uids);
      const selected = uids.has(uid);
      for (const member of group) {
        if (selected) uids.delete(member);
        else uids.add(member);
      }
      return { cursor: index, anchor: index, selection: { all: false, uids, pending: null } };
    }),
  selectRange: (index, uids) =>
    set(({ anchor }) => {
      const from = Math.min(anchor < 0 ? index : anchor, index);
      const to = Math.max(anchor < 0 ? index : anchor, index);
      return {
        cursor: index,
        anchor: anchor < 0 ? index : anchor,
        selection: uids ? { all: false, uids: new Set(uids), pending: null } : { all: false, uids: new Set(), pending: { from, to } },
      };
    }),
  resolvePending: (uids) =>
    set(({ selection }) => ({ selection: { all: false, uids: new Set([...selection.uids, ...uids]), pending: null } })),
  selectAll: () => set({ selection: { all: true, uids: new Set(), pending: null } }),
  clearSelection: () => set({ selection: NOTHING, moveMenuOpen: false }),
  afterRemoval: (removedUids, nextIndex) =>
    set(({ openUid }) => ({
      cursor: nextIndex,
      anchor: nextIndex,
      selection: nextIndex < 0 ? NOTHING : one(nextIndex, null),
      moveMenuOpen: false,
      openUid: openUid !== null && (removedUids === null || removedUids.includes(openUid)) ? null : openUid,
    })),
  setMoveMenuOpen: (moveMenuOpen) => set({ moveMenuOpen }),
  restore: (snapshot) => set(snapshot),
  reset: () => set(initial),
}));

export function takeSelectionSnapshot(): SelectionSnapshot {
  const { folder, view, cursor, anchor, selection, openUid } = useMailUiStore.getState();
  return { folder, view, cursor, anchor, selection, openUid };
}

export function isRowSelected(selection: Selection, index: number, uid: number | undefined): boolean {
  if (selection.all) return true;
  if (uid !== undefined && selection.uids.has(uid)) return true;
  return selection.pending !== null && index >= selection.pending.from && index <= selection.pending.to;
}

export function hasSelection(selection: Selection): boolean {
  return selection.all || selection.uids.size > 0;
}

/** Forget every choice made in Mail, with its open dialog and toasts (sign-out, tests). */
export function resetMailUiStore(): void {
  useMailUiStore.getState().reset();
  useDialogStore.getState().closeDialog();
  useToastStore.getState().reset();
}
