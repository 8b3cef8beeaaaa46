import { useRef, useState, type CSSProperties, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { Folder, SpecialFolder } from '../../../../shared/api/folders';
import { isMessageDrag } from './drag-and-drop';
import { FolderNameEditor } from './folder-name-editor';
import { DraftIcon, FolderIcon, InboxIcon, MoreIcon, SentIcon, SpamIcon, TrashIcon } from './icons';
import { useT } from '../i18n';
import { folderLabel } from './folder-label';

const SPECIAL_ICONS: Record<SpecialFolder, () => ReactNode> = {
  inbox: InboxIcon,
  drafts: DraftIcon,
  sent: SentIcon,
  junk: SpamIcon,
  trash: TrashIcon,
};

export interface RenameState {
  path: string;
  pending: boolean;
  error: string | null;
}

interface FolderTreeProps {
  /** In the API's order: the special five first, then the user's folders in tree order. */
  folders: Folder[];
  currentPath: string | null;
  onSelect: (path: string) => void;
  /** Messages dropped on a folder. */
  onDrop: (folder: Folder) => void;
  /** The actions menu of a user folder, at its "…" button or where the pointer right-clicked. */
  onMenu: (folder: Folder, anchor: HTMLElement | { x: number; y: number }) => void;
  renaming: RenameState | null;
  onRename: (folder: Folder, name: string) => void;
  onRenameStart: (folder: Folder) => void;
  onRenameCancel: () => void;
}

function itemClasses(selected: boolean, dropTarget: boolean, subscribed: boolean): string {
  return ['folder-item', selected && 'is-selected', dropTarget && 'is-drop-target', !subscribed && 'is-unsubscribed'].filter(Boolean).join(' ');
}

/**
 * The folder list as an ARIA tree: arrows move focus, Enter or Space opens the
 * folder, F2 renames, the context-menu key (or Shift+F10) opens the folder's
 * actions. Nesting is shown by aria-level and indentation. Every folder but
 * the one shown takes dropped messages.
 */
export function FolderTree({ folders, currentPath, onSelect, onDrop, onMenu, renaming, onRename, onRenameStart, onRenameCancel }: FolderTreeProps) {
  const t = useT();
  const items = useRef(new Map<string, HTMLLIElement>());
  const [dropPath, setDropPath] = useState<string | null>(null);
  const focusable = folders.some((f) => f.path === currentPath) ? currentPath : folders[0]?.path;

  function focusAt(index: number) {
    const folder = folders[Math.max(0, Math.min(folders.length - 1, index))];
    if (folder) items.current.get(folder.path)?.focus();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLLIElement>, index: number, folder: Folder) {
    const userFolder = folder.specialUse === null;
    switch (event.key) {
      case 'ArrowDown':
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        focusAt(index - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(folders.length - 1);
        break;
      case 'Enter':
      case ' ':
        onSelect(folder.path);
        break;
      case 'F2':
        if (!userFolder) return;
        onRenameStart(folder);
        break;
      case 'ContextMenu':
      case 'F10':
        if (!userFolder || (event.key === 'F10' && !event.shiftKey)) return;
        onMenu(folder, event.currentTarget);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  const accepts = (event: DragEvent, folder: Folder) => isMessageDrag(event) && folder.path !== currentPath;

  return (
    <ul role="tree" aria-label={t('Folders')} className="folder-tree">
      {folders.map((folder, index) => {
        const Icon = folder.specialUse ? SPECIAL_ICONS[folder.specialUse] : FolderIcon;
        const selected = folder.path === currentPath;
        const name = folderLabel(folder);
        const label = folder.unread > 0 ? `${name} (${folder.unread})` : name;
        const editing = renaming?.path === folder.path;
        return (
          <li
            key={folder.path}
            ref={(element) => {
              if (element) items.current.set(folder.path, element);
              else items.current.delete(folder.path);
            }}
            role="treeitem"
            aria-level={folder.depth + 1}
            aria-selected={selected}
            aria-label={label}
            tabIndex={folder.path === focusable ? 0 : -1}
            className={itemClasses(selected, dropPath === folder.path, folder.subscribed)}
            style={{ '--depth': folder.depth } as CSSProperties}
            title={folder.subscribed ? folder.path : t('{{path}} (not subscribed)', { path: folder.path })}
            onClick={() => !editing && onSelect(folder.path)}
            onKeyDown={(event) => !editing && handleKeyDown(event, index, folder)}
            onContextMenu={(event) => {
              if (folder.specialUse !== null || editing) return;
              event.preventDefault();
              onMenu(folder, { x: event.clientX, y: event.clientY });
            }}
            onDragEnter={(event) => {
              if (accepts(event, folder)) setDropPath(folder.path);
            }}
            onDragOver={(event) => {
              if (!accepts(event, folder)) return;
              event.preventDefault();
              if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
              if (dropPath !== folder.path) setDropPath(folder.path);
            }}
            onDragLeave={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropPath((p) => (p === folder.path ? null : p));
            }}
            onDrop={(event) => {
              setDropPath(null);
              if (!accepts(event, folder)) return;
              event.preventDefault();
              onDrop(folder);
            }}
          >
            <Icon />
            {editing ? (
              <FolderNameEditor
                initialName={folder.name}
                label={t('New name for {{name}}', { name: folder.name })}
                pending={renaming.pending}
                error={renaming.error}
                onSave={(name) => onRename(folder, name)}
                onCancel={onRenameCancel}
              />
            ) : folder.unread > 0 ? (
              <strong className="folder-name">{label}</strong>
            ) : (
              <span className="folder-name">{label}</span>
            )}
            {folder.specialUse === null && !editing && (
              <button
                type="button"
                className="folder-more"
                tabIndex={-1}
                aria-label={t('Actions for {{name}}', { name: folder.name })}
                aria-haspopup="menu"
                title={t('Folder actions')}
                onClick={(event) => {
                  event.stopPropagation();
                  onMenu(folder, event.currentTarget);
                }}
              >
                <MoreIcon />
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
