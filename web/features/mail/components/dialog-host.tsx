import { lazy, Suspense } from 'react';
import { useDialogStore } from '../stores/dialog-store';

// Dialogs are not part of the first screen: each loads when first opened
// (and MailPage preloads them once the list is up).
export const loadConfirmDialog = () => import('./confirm-dialog');
export const loadShortcutsDialog = () => import('./shortcuts-dialog');
export const loadMoveFolderDialog = () => import('./move-folder-dialog');
const ConfirmDialog = lazy(loadConfirmDialog);
const ShortcutsDialog = lazy(loadShortcutsDialog);
const MoveFolderDialog = lazy(loadMoveFolderDialog);

export function DialogHost() {
  const dialog = useDialogStore((s) => s.dialog);
  const close = useDialogStore((s) => s.closeDialog);
  if (!dialog) return null;
  return (
    <Suspense fallback={null}>
      {dialog.kind === 'confirm' && <ConfirmDialog {...dialog} onClose={close} />}
      {dialog.kind === 'shortcuts' && <ShortcutsDialog onClose={close} />}
      {dialog.kind === 'move-folder' && <MoveFolderDialog folder={dialog.folder} onClose={close} />}
    </Suspense>
  );
}
