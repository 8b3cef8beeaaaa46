import { create } from 'zustand';
import type { Folder } from '../../../../shared/api/folders';

/** The one modal dialog Mail shows at a time; its components load on demand. */
export type DialogRequest =
  | {
      kind: 'confirm';
      title: string;
      body?: string;
      confirmLabel: string;
      onConfirm: () => void;
    }
  | { kind: 'shortcuts' }
  | { kind: 'move-folder'; folder: Folder };

interface DialogState {
  dialog: DialogRequest | null;
  openDialog: (dialog: DialogRequest) => void;
  closeDialog: () => void;
}

export const useDialogStore = create<DialogState>()((set) => ({
  dialog: null,
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
}));

export function openDialog(dialog: DialogRequest): void {
  useDialogStore.getState().openDialog(dialog);
}
