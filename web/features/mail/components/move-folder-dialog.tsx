import type { Folder } from '../../../../shared/api/folders';
import { Modal } from '../../../components/modal';
import { useFolders } from '../../../lib/folders-query';
import { useUpdateFolder } from '../api/folder-actions';
import { useMailUiStore } from '../stores/mail-ui-store';
import { useT } from '../i18n';

function isInside(path: string, ancestor: Folder): boolean {
  return path === ancestor.path || (ancestor.delimiter !== null && path.startsWith(`${ancestor.path}${ancestor.delimiter}`));
}

function parentOf(folder: Folder): string | null {
  if (!folder.delimiter) return null;
  const at = folder.path.lastIndexOf(folder.delimiter);
  return at > 0 ? folder.path.slice(0, at) : null;
}

/** "Move folder": choose the new parent, or the top level. */
export default function MoveFolderDialog({ folder, onClose }: { folder: Folder; onClose: () => void }) {
  const t = useT();
  const folders = useFolders().data?.folders ?? [];
  const update = useUpdateFolder();
  const currentParent = parentOf(folder);
  // User folders only, never the folder itself or one inside it.
  const parents = folders.filter((f) => f.specialUse === null && !isInside(f.path, folder));

  function moveUnder(parent: string | null) {
    update.mutate(
      { path: folder.path, parent },
      {
        onSuccess: (moved) => {
          const ui = useMailUiStore.getState();
          if (ui.folder && isInside(ui.folder, folder)) ui.selectFolder(moved.path + ui.folder.slice(folder.path.length));
          onClose();
        },
      },
    );
  }

  return (
    <Modal title={t('Move folder "{{folder}}"', { folder: folder.name })} onClose={onClose} className="move-folder-dialog">
      <p className="modal-body">{t('Put it under:')}</p>
      <ul className="parent-list" aria-label={t('New place')}>
        <li>
          <button type="button" className="parent-choice" disabled={currentParent === null || update.isPending} data-autofocus onClick={() => moveUnder(null)}>
            {t('Top level')}
          </button>
        </li>
        {parents.map((parent) => (
          <li key={parent.path}>
            <button
              type="button"
              className="parent-choice"
              style={{ paddingInlineStart: 12 + (parent.depth + 1) * 14 }}
              disabled={parent.path === currentParent || update.isPending}
              onClick={() => moveUnder(parent.path)}
            >
              {parent.name}
            </button>
          </li>
        ))}
      </ul>
      {update.isError && (
        <p role="alert" className="form-error">
          {update.error.message}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('Cancel')}
        </button>
      </div>
    </Modal>
  );
}
