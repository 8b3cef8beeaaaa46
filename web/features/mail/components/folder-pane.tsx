import { useState } from 'react';
import type { Folder, FolderList } from '../../../../shared/api/folders';
import { LazyMenu } from '../../../components/lazy-menu';
import { LoadError } from '../../../components/load-error';
import { useCreateFolder, useDeleteFolder, useUpdateFolder } from '../api/folder-actions';
import { specialFolder } from '../../../lib/folders-query';
import type { MailCommands } from '../commands/mail-commands';
import { countMessages } from '../commands/message-commands';
import { openDialog } from '../stores/dialog-store';
import { useMailUiStore } from '../stores/mail-ui-store';
import { showToast } from '../stores/toast-store';
import { defaultFolderName, FolderNameEditor } from './folder-name-editor';
import { FolderTree, type RenameState } from './folder-tree';
import { PlusIcon } from './icons';
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

function isInside(path: string, ancestor: Folder): boolean {
  return path === ancestor.path || (ancestor.delimiter !== null && path.startsWith(`${ancestor.path}${ancestor.delimiter}`));
}

/**
 * Folders: the tree, "Create folder", and each user folder's actions
 * ("Rename", "Move folder", "Subscribe"/"Unsubscribe", "Delete folder").
 * The special five have none of them (SPEC §3).
 */
export function FolderPane({ list, isPending, error, onRetry, current, commands, onFolderChosen, id }: FolderPaneProps) {
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
      title: folder.total > 0 ? `Delete folder "${folder.name}" and its ${countMessages(folder.total)}?` : `Delete folder "${folder.name}"?`,
      body: folder.total > 0 ? 'The messages do not go to Trash: they are deleted for good.' : 'It has no messages.',
      confirmLabel: 'Delete folder',
      onConfirm: () =>
        remove.mutate(folder.path, {
          onSuccess: () => {
            const shown = useMailUiStore.getState().folder;
            const inbox = specialFolder(folders, 'inbox');
            if (shown && isInside(shown, folder) && inbox) selectFolder(inbox.path);
            showToast({ tone: 'info', message: `Folder "${folder.name}" deleted` });
          },
          onError: (err) => showToast({ tone: 'error', message: `Could not delete folder "${folder.name}". ${err.message}` }),
        }),
    });
  }

  function toggleSubscription(folder: Folder) {
    update.mutate(
      { path: folder.path, subscribed: !folder.subscribed },
      {
        onError: (err) =>
          showToast({ tone: 'error', message: `Could not ${folder.subscribed ? 'unsubscribe from' : 'subscribe to'} "${folder.name}". ${err.message}` }),
      },
    );
  }

  return (
    <nav id={id} className="folder-pane" aria-label="Mail folders">
      <div className="folder-pane-header">
        <span className="folder-pane-title">Folders</span>
        <button
          type="button"
          className="icon-button"
          aria-label="Create folder"
          title="Create folder"
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
          Loading folders…
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
          label="Folder name"
          pending={create.isPending}
          error={create.error?.message ?? null}
          onSave={(name) => create.mutate({ name }, { onSuccess: () => setCreating(false) })}
          onCancel={() => setCreating(false)}
        />
      )}
      {menu && (
        <LazyMenu
          label={`Actions for ${menu.folder.name}`}
          anchor={menu.anchor}
          onClose={(restoreFocus) => {
            setMenu(null);
            if (restoreFocus && menu.anchor instanceof HTMLElement) (menu.anchor.closest<HTMLElement>('[role="treeitem"]') ?? menu.anchor).focus();
          }}
          items={[
            { label: 'Rename', onSelect: () => setRenaming({ path: menu.folder.path, pending: false, error: null }) },
            { label: 'Move folder', onSelect: () => openDialog({ kind: 'move-folder', folder: menu.folder }) },
            { label: menu.folder.subscribed ? 'Unsubscribe' : 'Subscribe', onSelect: () => toggleSubscription(menu.folder) },
            { label: 'Delete folder', danger: true, onSelect: () => confirmDelete(menu.folder) },
          ]}
        />
      )}
      {list?.quota && <QuotaMeter quota={list.quota} />}
    </nav>
  );
}
