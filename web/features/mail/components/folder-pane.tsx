import { useState } from 'react';
import type { Folder, FolderList } from '../../../../shared/api/folders';
import { LazyMenu } from '../../../components/lazy-menu';
import { LoadError } from '../../../components/load-error';
import type { MenuItem } from '../../../components/menu';
import { useCreateFolder, useDeleteFolder, useUpdateFolder } from '../api/folder-actions';
import { specialFolder } from '../../../lib/folders-query';
import type { MailCommands } from '../commands/mail-commands';
import { openDialog } from '../stores/dialog-store';
import { useMailUiStore } from '../stores/mail-ui-store';
import { showToast } from '../stores/toast-store';
import { defaultFolderName, FolderNameEditor } from './folder-name-editor';
import { FolderTree, type RenameState } from './folder-tree';
import { PlusIcon } from './icons';
import { useT } from '../i18n';
import { QuotaMeter } from './quota-meter';

interface FolderPaneProps {
  list: FolderList | undefined;
  isPending: boolean;
  error: Error | null;
  onRetry: () => void;
  current: Folder | null;
  commands: MailCommands;
  /** A folder was clicked (the phone and tablet drawer closes). */
  onFolderChosen?: () => void;
  /** The phone and tablet drawer's id, named by its toggle. */
  id?: string;
}

/** Where focus goes back to when a folder's menu closes: the folder's row, not its "…" button. */
const TREE_ITEM = '[role="treeitem"]';

function isInside(path: string, ancestor: Folder): boolean {
  return path === ancestor.path || (ancestor.delimiter !== null && path.startsWith(`${ancestor.path}${ancestor.delimiter}`));
}

/**
 * Folders: the tree, "Create folder", and each user folder's actions
 * ("Rename", "Move folder", "Subscribe"/"Unsubscribe", "Delete folder").
 * The special five have none of them (SPEC §3).
 */
export function FolderPane({ list, isPending, error, onRetry, current, commands, onFolderChosen, id }: FolderPaneProps) {
  const t = useT();
  const folders = list?.folders ?? [];
  const selectFolder = useMailUiStore((s) => s.selectFolder);
  const create = useCreateFolder();
  const update = useUpdateFolder();
  const remove = useDeleteFolder();
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<RenameState | null>(null);
  const [menu, setMenu] = useState<{ folder: Folder; anchor: HTMLElement | { x: number; y: number } } | null>(null);

  /** After a rename or move, the folder shown follows under its new path. */
  function follow(old: Folder, moved: Folder) {
    const shown = useMailUiStore.getState().folder;
    if (shown && isInside(shown, old)) selectFolder(moved.path + shown.slice(old.path.length));
  }

  function rename(folder: Folder, name: string) {
    if (name === folder.name) {
      setRenaming(null);
      return;
    }
    setRenaming({ path: folder.path, pending: true, error: null });
    update.mutate(
      { path: folder.path, name },
      {
        onSuccess: (renamed) => {
          setRenaming(null);
          follow(folder, renamed);
        },
        onError: (err) => setRenaming({ path: folder.path, pending: false, error: err.message }),
      },
    );
  }

  function confirmDelete(folder: Folder) {
    openDialog({
      kind: 'confirm',
      title:
        folder.total > 0
          ? t('Delete folder "{{name}}" and its {{count, number}} messages?', { name: folder.name, count: folder.total })
          : t('Delete folder "{{name}}"?', { name: folder.name }),
      body: folder.total > 0 ? t('The messages do not go to Trash: they are deleted for good.') : t('It has no messages.'),
      confirmLabel: t('Delete folder'),
      onConfirm: () =>
        remove.mutate(folder.path, {
          onSuccess: () => {
            const shown = useMailUiStore.getState().folder;
            const inbox = specialFolder(folders, 'inbox');
            if (shown && isInside(shown, folder) && inbox) selectFolder(inbox.path);
            showToast({ tone: 'info', message: t('Folder "{{name}}" deleted', { name: folder.name }) });
          },
          onError: (err) => showToast({ tone: 'error', message: `${t('Could not delete folder "{{name}}".', { name: folder.name })} ${err.message}` }),
        }),
    });
  }

  function toggleSubscription(folder: Folder) {
    update.mutate(
      { path: folder.path, subscribed: !folder.subscribed },
      {
        onError: (err) =>
          showToast({
            tone: 'error',
            message: `${folder.subscribed ? t('Could not unsubscribe from "{{name}}".', { name: folder.name }) : t('Could not subscribe to "{{name}}".', { name: folder.name })} ${err.message}`,
          }),
      },
    );
  }

  function folderActions(folder: Folder): MenuItem[] {
    return [
      { label: t('Rename'), onSelect: () => setRenaming({ path: folder.path, pending: false, error: null }) },
      { label: t('Move folder'), onSelect: () => openDialog({ kind: 'move-folder', folder }) },
      { label: folder.subscribed ? t('Unsubscribe') : t('Subscribe'), onSelect: () => toggleSubscription(folder) },
      { label: t('Delete folder'), danger: true, onSelect: () => confirmDelete(folder) },
    ];
  }

  return (
    <nav id={id} className="folder-pane" aria-label={t('Mail folders')}>
      <div className="folder-pane-header">
        <span className="folder-pane-title">{t('Folders')}</span>
        <button
          type="button"
          className="icon-button"
          aria-label={t('Create folder')}
          title={t('Create folder')}
          disabled={!list}
          onClick={() => {
            create.reset();
            setCreating(true);
          }}
        >
          <PlusIcon />
        </button>
      </div>
      {isPending && (
        <p className="pane-status" role="status">
          {t('Loading folders…')}
        </p>
      )}
      {error && <LoadError message={error.message} onRetry={onRetry} />}
      <FolderTree
        folders={folders}
        currentPath={current?.path ?? null}
        onSelect={(path) => {
          if (path !== current?.path) selectFolder(path);
          onFolderChosen?.();
        }}
        onDrop={commands.fileInto}
        onMenu={(folder, anchor) => setMenu({ folder, anchor })}
        renaming={renaming}
        onRename={rename}
        onRenameStart={(folder) => setRenaming({ path: folder.path, pending: false, error: null })}
        onRenameCancel={() => setRenaming(null)}
      />
      {creating && (
        <FolderNameEditor
          initialName={defaultFolderName(folders.filter((f) => f.depth === 0).map((f) => f.name))}
          label={t('Folder name')}
          pending={create.isPending}
          error={create.error?.message ?? null}
          onSave={(name) => create.mutate({ name }, { onSuccess: () => setCreating(false) })}
          onCancel={() => setCreating(false)}
        />
      )}
      {menu && (
        <LazyMenu
          label={t('Actions for {{name}}', { name: menu.folder.name })}
          anchor={menu.anchor}
          onClose={(restoreFocus) => {
            setMenu(null);
            if (restoreFocus && menu.anchor instanceof HTMLElement) (menu.anchor.closest<HTMLElement>(TREE_ITEM) ?? menu.anchor).focus();
          }}
          items={folderActions(menu.folder)}
        />
      )}
      {list?.quota && <QuotaMeter quota={list.quota} />}
    </nav>
  );
}
