import { useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import type { Folder, SpecialFolder } from '../../../../shared/api/folders';
import { DraftIcon, FolderIcon, InboxIcon, SentIcon, SpamIcon, TrashIcon } from './icons';

const SPECIAL_ICONS: Record<SpecialFolder, () => ReactNode> = {
  inbox: InboxIcon,
  drafts: DraftIcon,
  sent: SentIcon,
  junk: SpamIcon,
  trash: TrashIcon,
};

interface FolderTreeProps {
  /** In the API's order: the special five first, then the user's folders in tree order. */
  folders: Folder[];
  currentPath: string | null;
  onSelect: (path: string) => void;
}

/**
 * The folder list as an ARIA tree: arrows move focus, Enter or Space opens the
 * folder. Nesting is shown by aria-level and indentation.
 */
export function FolderTree({ folders, currentPath, onSelect }: FolderTreeProps) {
  const items = useRef(new Map<string, HTMLLIElement>());
  const focusable = folders.some((f) => f.path === currentPath) ? currentPath : folders[0]?.path;

  function focusAt(index: number) {
    const folder = folders[Math.max(0, Math.min(folders.length - 1, index))];
    if (folder) items.current.get(folder.path)?.focus();
  }

  function handleKeyDown(event: KeyboardEvent, index: number, folder: Folder) {
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
      default:
        return;
    }
    event.preventDefault();
  }

  return (
    <ul role="tree" aria-label="Folders" className="folder-tree">
      {folders.map((folder, index) => {
        const Icon = folder.specialUse ? SPECIAL_ICONS[folder.specialUse] : FolderIcon;
        const selected = folder.path === currentPath;
        const label = folder.unread > 0 ? `${folder.name} (${folder.unread})` : folder.name;
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
            tabIndex={folder.path === focusable ? 0 : -1}
            className={selected ? 'folder-item is-selected' : 'folder-item'}
            style={{ '--depth': folder.depth } as CSSProperties}
            title={folder.path}
            onClick={() => onSelect(folder.path)}
            onKeyDown={(event) => handleKeyDown(event, index, folder)}
          >
            <Icon />
            {folder.unread > 0 ? <strong className="folder-name">{label}</strong> : <span className="folder-name">{label}</span>}
          </li>
        );
      })}
    </ul>
  );
}
